// Params and MACs of a GraphSpec read off its nodes, without building a graph: instant even for
// big networks (a 224x224 VGG would otherwise allocate its weights' descriptors and shapes).
import type { GraphNode, GraphSpec } from '../spec/spec';

const prod = (xs: readonly number[]) => xs.reduce((p, d) => p * d, 1);
/** Per-sample size: the batch axis (-1) counts once. */
const perSample = (shape: readonly number[]) => prod(shape.map((d) => (d === -1 ? 1 : d)));

function nodeParams(n: GraphNode): number {
    const a = n.attrs ?? {};
    const num = (k: string) => (a[k] as number | undefined) ?? 0;
    const k = prod((a.kernel as number[] | undefined) ?? [1]);
    switch (n.op) {
        case 'conv':
            return (num('out') * num('in') * k) / (num('groups') || 1) + (a.bias ? num('out') : 0);
        case 'convtranspose':
            return num('in') * num('out') * k + (a.bias ? num('out') : 0);
        case 'linear':
            return num('in') * num('out') + (a.bias === false ? 0 : num('out'));
        case 'batchnorm':
            return a.affine === false ? 0 : 2 * num('channels');
        case 'groupnorm':
            return a.affine === false ? 0 : 2 * num('channels');
        case 'layernorm':
            return a.affine === false ? 0 : 2 * prod(a.dims as number[]);
        case 'param':
            return prod(n.shape);
        default:
            return 0;
    }
}

function nodeMacs(n: GraphNode, nodes: readonly GraphNode[], input: readonly number[]): number {
    const a = n.attrs ?? {};
    const num = (k: string) => (a[k] as number | undefined) ?? 0;
    const k = prod((a.kernel as number[] | undefined) ?? [1]);
    const inShape = (i: number) => (n.inputs[i] === -1 ? [-1, ...input] : nodes[n.inputs[i]].shape);
    switch (n.op) {
        case 'conv':
            return (perSample(n.shape) * num('in') * k) / (num('groups') || 1);
        case 'convtranspose':
            return perSample(inShape(0)) * num('out') * k;
        case 'linear':
            return perSample(n.shape) * num('in');
        case 'matmul': {
            const x = inShape(0);
            return perSample(n.shape) * x[x.length - 1];
        }
        default:
            return 0;
    }
}

export function graphCost(spec: GraphSpec): { params: number; flops: number } {
    let params = 0;
    let flops = 0;
    for (const n of spec.nodes) {
        params += nodeParams(n);
        flops += nodeMacs(n, spec.nodes, spec.input);
    }
    return { params: spec.moduleParams ?? params, flops };
}
