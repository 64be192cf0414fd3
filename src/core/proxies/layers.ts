// Finds the layers the proxies are defined over (docs/proxies.md): weight layers (Conv weights,
// Gemm/MatMul second operands that are parameters) and activation layers (activations.ts: ReLU,
// GELU, SiLU, ... applications), in the order the forward graph applies them, each with its depth bin.
import type { Graph, Node, Value } from '../ir/graph';
import { type ActivationKind, findActivations } from './activations';

export interface WeightLayer {
    /** The parameter whose gradient statistics the layer contributes. */
    readonly weight: Value;
    readonly node: Node;
    /** The layer's output a (after its bias, when the bias is added by the next node): fisher. */
    readonly output: Value;
    readonly kind: 'conv' | 'linear';
    readonly bin: number;
}

export interface ActivationLayer {
    readonly node: Node;
    /** The pre-activation (the activation's input x; a unit's code is 1[x > 0]). */
    readonly preActivation: Value;
    readonly kind: ActivationKind;
    readonly bin: number;
}

export interface ProxyLayers {
    readonly weights: readonly WeightLayer[];
    readonly activations: readonly ActivationLayer[];
}

/** Depth bin of weight layer l (1-based) of D: floor(10 (l-1) / D), in 0..9. */
export function depthBin(l: number, d: number): number {
    return Math.floor((10 * (l - 1)) / d);
}

const PASS_THROUGH = new Set([
    'Transpose',
    'Reshape',
    'Identity',
    'Flatten',
    'Squeeze',
    'Unsqueeze',
]);

/** The parameter behind `v`, looking through shape-only ops (PyTorch exports Transpose(W)). */
function paramBehind(graph: Graph, v: Value | null): Value | undefined {
    let cur = v;
    for (let hops = 0; cur && hops < 4; hops++) {
        if (cur.kind === 'param') return cur;
        const producer = graph.producer(cur);
        if (!producer || !PASS_THROUGH.has(producer.op)) return undefined;
        cur = producer.inputs[0];
    }
    return undefined;
}

function consumersOf(graph: Graph): Map<Value, Node[]> {
    const map = new Map<Value, Node[]>();
    for (const n of graph.nodes) {
        for (const x of n.inputs) if (x) map.set(x, [...(map.get(x) ?? []), n]);
    }
    return map;
}

/** A value coded 1[x > 0] like an activation's input though no activation reads it (vitActivationSites.ts). */
export interface ExtraCodeSite {
    readonly value: Value;
    readonly kind: ActivationKind;
}

/**
 * Analyses a forward graph (call before autodiff adds its nodes). `extra` sites join the activation
 * layers at their producing node, in graph order, their code taken from the value itself.
 */
export function findProxyLayers(graph: Graph, extra: readonly ExtraCodeSite[] = []): ProxyLayers {
    const consumers = consumersOf(graph);
    const found: Omit<WeightLayer, 'bin'>[] = [];
    const activationAt = new Map<Node, { preActivation: Value; kind: ActivationKind }>(
        findActivations(graph),
    );
    for (const site of extra) {
        const producer = graph.producer(site.value);
        if (producer && !activationAt.has(producer))
            activationAt.set(producer, { preActivation: site.value, kind: site.kind });
    }
    const activationNodes: { node: Node; weightIndex: number }[] = [];
    for (const node of graph.nodes) {
        if (activationAt.has(node)) {
            activationNodes.push({ node, weightIndex: found.length - 1 });
            continue;
        }
        const isConv = node.op === 'Conv' || node.op === 'ConvTranspose';
        if (!isConv && node.op !== 'Gemm' && node.op !== 'MatMul') continue;
        const weight = paramBehind(graph, node.inputs[1]);
        if (!weight) continue;
        let output = node.outputs[0];
        const next = consumers.get(output) ?? [];
        // Why: a Linear on 3-D input is MatMul then Add(bias); its output is the Add's.
        if (node.op === 'MatMul' && next.length === 1 && next[0].op === 'Add') {
            const other = next[0].inputs.find((x) => x !== output) ?? null;
            if (paramBehind(graph, other)) output = next[0].outputs[0];
        }
        found.push({ weight, node, output, kind: isConv ? 'conv' : 'linear' });
    }
    const d = found.length;
    const weights = found.map((w, k) => ({ ...w, bin: depthBin(k + 1, d) }));
    const activations = activationNodes.map(({ node, weightIndex }) => ({
        node,
        preActivation: activationAt.get(node)!.preActivation,
        kind: activationAt.get(node)!.kind,
        bin: weightIndex >= 0 ? weights[weightIndex].bin : 0,
    }));
    return { weights, activations };
}
