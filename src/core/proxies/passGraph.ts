// What the forward-only passes of MeCo, AZ-NAS and Zen-NAS share: building the model at a given
// batch, the weights their papers' code draws (Gaussian re-initialisation), and one run.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { fanInOf, initParams } from '../ir/init';
import { type TensorData, sizeOf } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import { type CompileModel, runOnce } from '../onnx/runnable';
import { type BuiltModel, buildModel } from '../spaces/index';
import type { ArchitectureSpec } from '../spec/spec';
import { Rng, hashString } from '../util/rng';
import { type ProxyLayers, findProxyLayers } from './layers';

/** How a pass draws weight-layer weights: the engine's default, or N(0, std(fan_in)²) with zero biases. */
export type PassWeights = 'default' | { readonly std: (fanIn: number) => number };

export interface PassGraph {
    readonly built: BuiltModel;
    readonly b: GraphBuilder;
    readonly layers: ProxyLayers;
}

/**
 * Values for every parameter. With a Gaussian draw, weight-layer weights are N(0, std²) from a
 * seeded stream per layer, and parameters the builder draws as PyTorch's uniform layer default
 * (biases) are 0, as Zen-NAS's and AZ-NAS's initialisers set them; norm parameters stay 1 and 0.
 */
export function passParams(
    g: PassGraph,
    seed: number,
    weights: PassWeights,
    tag: string,
): Map<string, TensorData> {
    const values = initParams(g.built.graph, seed);
    if (weights === 'default') return values;
    const weightNames = new Set(g.layers.weights.map((l) => l.weight.name));
    for (const p of g.built.graph.params) {
        const name = p.value.name;
        const n = sizeOf(p.value.shape);
        if (weightNames.has(name)) {
            const std = weights.std(fanInOf(p.value.shape));
            const rng = new Rng(hashString(`${tag}/${name}`, seed));
            const data = new Float32Array(n);
            for (let i = 0; i < n; i++) data[i] = std * rng.normal();
            values.set(name, { dtype: 'float32', shape: [...p.value.shape], data });
        } else if (p.init.kind === 'uniform') {
            values.set(name, {
                dtype: 'float32',
                shape: [...p.value.shape],
                data: new Float32Array(n),
            });
        }
    }
    return values;
}

/** Builds `spec` for `batch` rows (and ghost groups) and finds its proxy layers, before any output is added. */
export function passGraph(spec: ArchitectureSpec, batch: number, ghostGroups = 1): PassGraph {
    const built = buildModel(spec, { batch, ghostGroups });
    const layers = findProxyLayers(built.graph);
    built.graph.outputs.length = 0;
    return { built, b: new GraphBuilder(built.graph), layers };
}

/** Runs the pass graph (its outputs added by the caller) on `x` plus extra feeds. */
export async function runPass(
    g: PassGraph,
    compile: CompileModel,
    x: TensorData,
    opts: { seed: number; weights: PassWeights; tag: string; feeds?: Record<string, TensorData> },
): Promise<Record<string, TensorData>> {
    g.built.graph.prune();
    const values = passParams(g, opts.seed, opts.weights, opts.tag);
    // Why filtered: prune drops inputs nothing reads (a block pair without a gradient path).
    const inputs = new Set(g.built.graph.inputs.map((v) => v.name));
    const feeds: Record<string, TensorData> = { [g.built.input.name]: x };
    for (const [name, t] of Object.entries(opts.feeds ?? {})) if (inputs.has(name)) feeds[name] = t;
    for (const p of g.built.graph.params) feeds[p.value.name] = values.get(p.value.name)!;
    return runOnce(compile, exportModel(g.built.graph), feeds);
}

/** [rows, C] view of a feature: conv maps [B, C, H, W] as B·H·W rows, tokens [B, T, C] as B·T rows. */
export function channelRows(b: GraphBuilder, f: Value): Value {
    const c = f.shape.length === 4 ? f.shape[1] : f.shape[f.shape.length - 1];
    const last = f.shape.length === 4 ? b.transpose(f, [0, 2, 3, 1]) : f;
    return b.reshape(last, [-1, c]);
}

/** Reads a float output as Float64Array. */
export function floats(t: TensorData): Float64Array {
    return Float64Array.from(t.data as ArrayLike<number>);
}

/** n x n Pearson correlation of the rows of `rows` [n, m]; a constant row gives NaN entries (0/0). */
export function rowCorrelation(b: GraphBuilder, rows: Value): Value {
    const centred = b.sub(rows, b.reduceMean(rows, [1], true));
    const covariance = b.matMul(centred, b.swapLastTwo(centred));
    const norms = b.sqrt(b.reduceSum(b.mul(centred, centred), [1], true));
    return b.div(covariance, b.matMul(norms, b.swapLastTwo(norms)));
}
