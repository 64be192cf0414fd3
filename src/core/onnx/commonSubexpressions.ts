// Merges nodes that compute the same thing: same op, attributes and inputs (constants compared by
// value). Why: autodiff rebuilds the same reshapes, transposes and broadcasts of one tensor for
// every use (grasp's double backward of an NB201 cell: ~2,600 Reshapes), and onnxruntime pays
// session-creation time per node; its own merging pass comes only with its graph optimiser, which
// costs more than it saves (ortSession.ts). Outputs are bit-identical: a merged node ran the
// same kernel on the same inputs.
import type { Node, Value } from '../ir/graph';
import type { TensorData } from '../ir/tensor';

export interface NodesAndConstants {
    readonly nodes: Node[];
    readonly constants: Map<Value, TensorData>;
}

/** Ops whose result is not a function of inputs and attributes alone. */
const NOT_PURE = /^(Random|Multinomial|Bernoulli|Dropout)/;

/**
 * Keeps the first of each group of equal nodes and rewires later readers to it. A node that
 * produces a graph output is never removed (its output's name is part of the interface), nor is
 * a constant that is one.
 */
export function mergeCommonSubexpressions(
    graph: NodesAndConstants,
    outputs: readonly Value[],
): NodesAndConstants {
    const isOutput = new Set(outputs);
    const replaced = new Map<Value, Value>();
    const constants = new Map<Value, TensorData>();
    const constantsByKey = new Map<string, Value[]>();
    for (const [v, t] of graph.constants) {
        const key = tensorKey(t);
        const candidates = constantsByKey.get(key) ?? [];
        const first = candidates.find((c) => sameBytes(graph.constants.get(c)!, t));
        if (first && !isOutput.has(v)) {
            replaced.set(v, first);
        } else {
            constantsByKey.set(key, [...candidates, v]);
            constants.set(v, t);
        }
    }
    const ids = new Map<Value, number>();
    const idOf = (v: Value): number => {
        let id = ids.get(v);
        if (id === undefined) ids.set(v, (id = ids.size));
        return id;
    };
    const nodes: Node[] = [];
    const seen = new Map<string, Node>();
    for (const original of graph.nodes) {
        const inputs = original.inputs.map((v) => (v ? (replaced.get(v) ?? v) : null));
        const node = inputs.some((v, i) => v !== original.inputs[i])
            ? { ...original, inputs }
            : original;
        if (NOT_PURE.test(node.op)) {
            nodes.push(node);
            continue;
        }
        const key = `${node.domain}:${node.op}(${inputs.map((v) => (v ? idOf(v) : '-')).join(',')})${node.outputs.length}${attrsKey(node)}`;
        const first = seen.get(key);
        if (first && !node.outputs.some((o) => isOutput.has(o))) {
            node.outputs.forEach((o, k) => replaced.set(o, first.outputs[k]));
            continue;
        }
        if (!first) seen.set(key, node);
        nodes.push(node);
    }
    return { nodes, constants };
}

function attrsKey(node: Node): string {
    const names = Object.keys(node.attrs);
    if (names.length === 0) return '';
    names.sort();
    return names
        .map((name) => {
            const a = node.attrs[name];
            const value =
                a.kind === 'tensor'
                    ? `${tensorKey(a.value)}:${Array.from(a.value.data as ArrayLike<unknown>, String).join(',')}`
                    : JSON.stringify(a.value);
            return `${name}=${a.kind}:${value}`;
        })
        .join(';');
}

/** Dtype, shape and a 64-bit hash of the bytes: equal tensors have equal keys (then compare bytes). */
function tensorKey(t: TensorData): string {
    const bytes = bytesOf(t);
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < bytes.length; i++) {
        h1 = Math.imul(h1 ^ bytes[i], 0x01000193);
        h2 = Math.imul(h2 ^ bytes[i], 0x5bd1e995);
    }
    return `${t.dtype}[${t.shape.join(',')}]#${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}

function bytesOf(t: TensorData): Uint8Array {
    return new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
}

function sameBytes(a: TensorData, b: TensorData): boolean {
    if (
        a.dtype !== b.dtype ||
        a.shape.length !== b.shape.length ||
        a.shape.some((d, k) => d !== b.shape[k])
    )
        return false;
    const x = bytesOf(a);
    const y = bytesOf(b);
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
}
