// What a gated supernet's full per-layer outputs say about one pruned supernet: its layers are the
// full model's layers minus those of the gated-off ops, in the same order, with depth bins counted
// over that shorter list (as findProxyLayers numbers the rebuilt pruned graph's layers). Every
// per-layer array of the probe is cut down the same way, and params/flops lose the removed ops'.
import type { Graph, Node } from '../ir/graph';
import { countMacs } from '../ir/costs';
import { sizeOf } from '../ir/tensor';
import type { Gate } from '../spaces/dartsSupernetGates';
import { type ProxyLayers, depthBin } from './layers';
import type { GradStats, ProbeResult } from './proxyDef';

/** Per layer of the full model: the gate whose op holds it (-1: outside every op). */
export interface LayerOwners {
    readonly weights: readonly number[];
    readonly activations: readonly number[];
    /** Per activation layer, the index of the last weight layer before it in graph order (-1: none). */
    readonly weightBefore: readonly number[];
    /** Parameter elements and multiply-accumulates per sample of each gate's op. */
    readonly paramsPerGate: readonly number[];
    readonly macsPerGate: readonly number[];
}

export function layerOwners(
    graph: Graph,
    gates: readonly Gate[],
    layers: ProxyLayers,
    rows: number,
): LayerOwners {
    const owner = new Map<Node, number>();
    gates.forEach((g, i) => g.nodes.forEach((n) => owner.set(n, i)));
    const position = new Map<Node, number>(graph.nodes.map((n, i) => [n, i]));
    const weightPositions = layers.weights.map((l) => position.get(l.node)!);
    return {
        weights: layers.weights.map((l) => owner.get(l.node) ?? -1),
        activations: layers.activations.map((a) => owner.get(a.node) ?? -1),
        weightBefore: layers.activations.map((a) => {
            const at = position.get(a.node)!;
            let k = -1;
            while (k + 1 < weightPositions.length && weightPositions[k + 1] < at) k++;
            return k;
        }),
        paramsPerGate: gates.map((g) => g.params.reduce((n, p) => n + sizeOf(p.shape), 0)),
        macsPerGate: gates.map((g) => countMacs({ nodes: [...g.nodes] }, rows)),
    };
}

/** Indices of the full model's layers that a pruned supernet keeps, and their layers with its bins. */
export interface KeptLayers {
    readonly weights: readonly number[];
    readonly activations: readonly number[];
    readonly layers: ProxyLayers;
}

export function keptLayers(
    full: ProxyLayers,
    owners: LayerOwners,
    gateOn: readonly number[],
): KeptLayers {
    const on = (g: number) => g < 0 || gateOn[g] !== 0;
    const weights = full.weights.map((_, k) => k).filter((k) => on(owners.weights[k]));
    const activations = full.activations.map((_, k) => k).filter((k) => on(owners.activations[k]));
    const d = weights.length;
    const newIndex = new Map(weights.map((k, j) => [k, j]));
    const keptWeights = weights.map((k, j) => ({ ...full.weights[k], bin: depthBin(j + 1, d) }));
    const keptActivations = activations.map((k) => {
        // The last kept weight layer before the activation, as findProxyLayers counts it.
        let before = owners.weightBefore[k];
        while (before >= 0 && !newIndex.has(before)) before--;
        const bin = before >= 0 ? keptWeights[newIndex.get(before)!].bin : 0;
        return { ...full.activations[k], bin };
    });
    return { weights, activations, layers: { weights: keptWeights, activations: keptActivations } };
}

function pick<T extends Float64Array | Float32Array>(a: T, indices: readonly number[]): T {
    const out = new (a.constructor as new (n: number) => T)(indices.length);
    indices.forEach((k, j) => (out[j] = a[k]));
    return out;
}

/** The full model's probe result narrowed to a pruned supernet's layers, params and flops. */
export function narrowProbe(
    full: ProbeResult,
    owners: LayerOwners,
    gateOn: readonly number[],
): { probe: ProbeResult; kept: KeptLayers } {
    const kept = keptLayers(full.layers, owners, gateOn);
    const offSum = (perGate: readonly number[]) =>
        perGate.reduce((s, v, g) => (gateOn[g] === 0 ? s + v : s), 0);
    const stats = full.gradStats
        ? (Object.fromEntries(
              Object.entries(full.gradStats).map(([k, v]) => [k, pick(v, kept.weights)]),
          ) as unknown as GradStats)
        : undefined;
    const probe: ProbeResult = {
        ...full,
        layers: kept.layers,
        params: full.params - offSum(owners.paramsPerGate),
        flops: full.flops - offSum(owners.macsPerGate),
        weightValues: kept.weights.map((k) => full.weightValues[k]),
        gradStats: stats,
        fisher: full.fisher ? pick(full.fisher, kept.weights) : undefined,
        signCodes: full.signCodes ? kept.activations.map((k) => full.signCodes![k]) : undefined,
    };
    return { probe, kept };
}
