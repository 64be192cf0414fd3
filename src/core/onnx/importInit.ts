// PyTorch-default initialisers for imported weights, chosen by the role each initialiser plays.
// Invariant: only roles recognised here are re-initialised; all other initialisers keep values.
import type { ParamInit } from '../ir/graph';
import type { Shape } from '../ir/tensor';
import type { NodeProto } from './proto';

const uniformBound = (fanIn: number): ParamInit => {
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    return { kind: 'uniform', low: -bound, high: bound };
};

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

function intsAttr(n: NodeProto, name: string): number[] | undefined {
    const a = n.attribute.find((x) => x.name === name);
    return a ? a.ints.map(Number) : undefined;
}

function intAttr(n: NodeProto, name: string, fallback: number): number {
    const a = n.attribute.find((x) => x.name === name);
    return a ? Number(a.i) : fallback;
}

/**
 * Default initialisers, keyed by initialiser name, as PyTorch's layers draw them:
 * Conv/ConvTranspose weight and bias ~ U(±1/sqrt(fan_in)) with fan_in = prod(weight.shape[1:]);
 * Gemm weight and bias ~ U(±1/sqrt(K)) (K = shape[1] with transB=1, else shape[0]); MatMul weight
 * [.., K, N] (also behind a Transpose) ~ U(±1/sqrt(K)) and the bias added to its product likewise;
 * BatchNormalization/LayerNormalization scale = 1, bias = 0. The first role found wins.
 */
export function pytorchDefaultInits(
    nodes: readonly NodeProto[],
    initShapes: ReadonlyMap<string, Shape>,
): Map<string, ParamInit> {
    const inits = new Map<string, ParamInit>();
    const set = (name: string | undefined, init: ParamInit) => {
        if (name && initShapes.has(name) && !inits.has(name)) inits.set(name, init);
    };
    const producedBy = new Map<string, NodeProto>();
    for (const n of nodes) for (const o of n.output) producedBy.set(o, n);
    /** fan_in of the weight behind each MatMul output, so the Add after it can size its bias. */
    const matMulFanIn = new Map<string, number>();

    for (const n of nodes) {
        const [, second, third] = n.input;
        switch (n.opType) {
            case 'Conv':
            case 'ConvTranspose': {
                const w = initShapes.get(second);
                if (!w) break;
                const bound = uniformBound(product(w.slice(1)));
                set(second, bound);
                set(third, bound);
                break;
            }
            case 'Gemm': {
                const w = initShapes.get(second);
                if (!w || w.length !== 2) break;
                const bound = uniformBound(intAttr(n, 'transB', 0) ? w[1] : w[0]);
                set(second, bound);
                set(third, bound);
                break;
            }
            case 'MatMul': {
                const shape = weightBehind(second, initShapes, producedBy);
                if (!shape || shape.shape.length < 2) break;
                const fanIn = shape.shape[shape.shape.length - 2];
                set(shape.name, uniformBound(fanIn));
                matMulFanIn.set(n.output[0], fanIn);
                break;
            }
            case 'Add': {
                const [a, b] = n.input;
                const fanIn = matMulFanIn.get(a) ?? matMulFanIn.get(b);
                const bias = matMulFanIn.has(a) ? b : a;
                if (fanIn !== undefined && (initShapes.get(bias)?.length ?? 0) === 1)
                    set(bias, uniformBound(fanIn));
                break;
            }
            case 'BatchNormalization':
            case 'LayerNormalization':
                set(second, { kind: 'constant', value: 1 });
                set(third, { kind: 'constant', value: 0 });
                break;
        }
    }
    return inits;
}

/** The initialiser a MatMul's second operand reads (directly or through one Transpose), as seen. */
function weightBehind(
    name: string,
    initShapes: ReadonlyMap<string, Shape>,
    producedBy: ReadonlyMap<string, NodeProto>,
): { name: string; shape: Shape } | undefined {
    const direct = initShapes.get(name);
    if (direct) return { name, shape: direct };
    const t = producedBy.get(name);
    if (t?.opType !== 'Transpose') return undefined;
    const source = initShapes.get(t.input[0]);
    if (!source) return undefined;
    const perm = intsAttr(t, 'perm') ?? source.map((_, k) => source.length - 1 - k);
    return { name: t.input[0], shape: perm.map((p) => source[p]) };
}
