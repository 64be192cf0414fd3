// Zen-NAS's pass: Gaussian weights N(0, 1), Gaussian inputs x and x + γ·ε (γ = 0.01), both
// forwards in one run as two ghost batches (each with its own BatchNorm statistics, like two
// separate PyTorch calls), reduced to the pre-GAP difference and each BatchNorm's mean variance.
import type { Graph, Value } from '../ir/graph';
import { type TensorData, sizeOf } from '../ir/tensor';
import type { CompileModel } from '../onnx/runnable';
import type { ArchitectureSpec } from '../spec/spec';
import { Rng, hashString } from '../util/rng';
import { floats, passGraph, runPass } from './passGraph';
import type { ZenParts } from './proxyDef';

/** Zen-NAS's mixup_gamma: the size of the input perturbation. */
export const ZEN_GAMMA = 0.01;

const SHAPE_ONLY = new Set(['Reshape', 'Flatten', 'Squeeze', 'Identity']);

/** The feature map before the global average pool that feeds the classifier, if there is one. */
export function preGapFeature(graph: Graph, classifierInput: Value): Value | undefined {
    let v: Value | null = classifierInput;
    for (let hops = 0; v && hops < 4; hops++) {
        const producer = graph.producer(v);
        if (!producer) return undefined;
        if (producer.op === 'GlobalAveragePool' || producer.op === 'ReduceMean')
            return producer.inputs[0] ?? undefined;
        if (!SHAPE_ONLY.has(producer.op)) return undefined;
        v = producer.inputs[0];
    }
    return undefined;
}

function gaussian(n: number, stream: string, seed: number): Float32Array {
    const rng = new Rng(hashString(stream, seed));
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = rng.normal();
    return data;
}

/** [2B, ...row]: B Gaussian rows x, then the B rows x + γ ε (ε Gaussian), from seeded streams. */
export function zenInputs(rowShape: readonly number[], batch: number, seed: number): TensorData {
    const n = batch * sizeOf(rowShape);
    const x = gaussian(n, 'zen/x', seed);
    const noise = gaussian(n, 'zen/noise', seed);
    const both = new Float32Array(2 * n);
    both.set(x);
    for (let i = 0; i < n; i++) both[n + i] = x[i] + ZEN_GAMMA * noise[i];
    return { dtype: 'float32', shape: [2 * batch, ...rowShape], data: both };
}

/** Zen-NAS's terms for `batch` Gaussian samples (see zen.ts for how they combine). */
export async function zenPass(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
    batch: number,
): Promise<ZenParts> {
    const g = passGraph(spec, 2 * batch, 2);
    const { b, built } = g;
    const last = g.layers.weights[g.layers.weights.length - 1];
    const feature = last ? preGapFeature(built.graph, last.node.inputs[0]!) : undefined;
    if (!feature)
        throw new Error(
            'no global average pool before the classifier (Zen-NAS reads the pre-GAP feature map)',
        );
    const norms = built.graph.nodes.filter((n) => n.op === 'BatchNormTraining');
    if (norms.length === 0)
        throw new Error(
            "the network has no BatchNorm layer (Zen-NAS's score needs their variances)",
        );
    const clean = b.slice(feature, [0], [batch], [0]);
    const mixed = b.slice(feature, [batch], [2 * batch], [0]);
    b.output(b.mulScalar(b.sumAll(b.abs(b.sub(clean, mixed))), 1 / batch), 'zen_difference');
    norms.forEach((n, k) => {
        const [, , rstd] = n.outputs; // [2, C]: 1/√(σ² + ε) per ghost batch and channel.
        const epsilon = n.attrs.epsilon?.kind === 'float' ? n.attrs.epsilon.value : 1e-5;
        const r = b.slice(rstd, [0], [1], [0]);
        const variance = b.addScalar(b.reciprocal(b.mul(r, r)), -epsilon);
        b.output(b.reduceMean(variance, [0, 1], false), `zen_bn_${k}`);
    });
    const input = zenInputs(built.input.shape.slice(1), batch, seed);
    const out = await runPass(g, compile, input, { seed, weights: { std: () => 1 }, tag: 'zen' });
    return {
        difference: floats(out.zen_difference)[0],
        bnVariances: norms.map((_, k) => floats(out[`zen_bn_${k}`])[0]),
    };
}
