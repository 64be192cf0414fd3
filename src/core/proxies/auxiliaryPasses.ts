// The passes some proxies need besides the probe run: synflow's data-free pass and grasp's
// Hessian-gradient product by central differences of batch-1 gradients.
import { backward } from '../autodiff/backward';
import { GraphBuilder } from '../ir/builder';
import { initParams } from '../ir/init';
import { crossEntropy, oneHot } from '../ir/loss';
import { type TensorData, sizeOf, tensor } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import { type CompileModel, runOnce } from '../onnx/runnable';
import { buildModel } from '../spaces/index';
import type { ArchitectureSpec } from '../spec/spec';
import { findProxyLayers } from './layers';
import { buildSynflowGraph } from './synflowGraph';

function abs(t: TensorData): TensorData {
    const data = Float32Array.from(t.data as Float32Array, Math.abs);
    return { dtype: t.dtype, shape: t.shape, data };
}

/** log synflow: |params|, norms as identity, one all-ones sample, overflow-free (synflowGraph.ts). */
export async function logSynflow(spec: ArchitectureSpec, compile: CompileModel, seed: number): Promise<number> {
    const built = buildModel(spec, { batch: 1, withoutNorms: true });
    const layers = findProxyLayers(built.graph);
    const values = initParams(built.graph, seed);
    const sg = buildSynflowGraph(built.graph, built.logits, layers.weights);
    const model = exportModel(sg.graph);
    const feeds: Record<string, TensorData> = {};
    for (const p of sg.graph.params) feeds[p.value.name] = abs(values.get(p.value.name)!);
    for (const v of sg.graph.inputs) feeds[v.name] = tensor('float32', v.shape, new Array(sizeOf(v.shape)).fill(1));
    const out = await runOnce(compile, model, feeds);
    const total = (out[sg.perLayer].data as Float32Array).reduce((s, v) => s + v, 0);
    const scale = (out[sg.logScale].data as Float32Array)[0];
    if (total === 0) throw new Error('the output depends on no weight (no path from the input to the output)');
    return Math.log(total) + scale;
}

/** Step of the central difference along g: 1e-3 of the weights' RMS over the gradient's RMS. */
function stepAlong(weights: readonly Float32Array[], grads: readonly Float32Array[]): number {
    const rms = (xs: readonly Float32Array[]) => {
        let s = 0;
        let n = 0;
        for (const x of xs) for (const v of x) (s += v * v), n++;
        return Math.sqrt(s / Math.max(n, 1));
    };
    const g = rms(grads);
    return g > 0 ? (1e-3 * rms(weights)) / g : 0;
}

/**
 * grasp = -Σ w·(H g) over weight-layer weights, with g the batch-1 gradient and
 * H g ≈ (∇L(w + εg) - ∇L(w - εg)) / 2ε (documented finite difference; ε from stepAlong).
 */
export async function grasp(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
    x: TensorData,
    labels: readonly number[],
): Promise<number> {
    const built = buildModel(spec, { batch: x.shape[0] });
    const b = new GraphBuilder(built.graph);
    built.graph.outputs.length = 0;
    const layers = findProxyLayers(built.graph);
    const targets = b.input('targets', built.logits.dtype, built.logits.shape);
    const loss = crossEntropy(b, built.logits, targets);
    const weights = layers.weights.map((l) => l.weight);
    const grads = backward(b, loss, { wrt: weights });
    weights.forEach((w, k) => b.output(grads.get(w) ?? b.zerosLike(w), `grad_${k}`));
    built.graph.prune();
    const session = await compile(exportModel(built.graph));
    const values = initParams(built.graph, seed);
    const feeds: Record<string, TensorData> = { [built.input.name]: x, targets: oneHot(labels.map((l) => l % built.classes), built.classes) };
    for (const p of built.graph.params) feeds[p.value.name] = values.get(p.value.name)!;
    let eps = 0;
    const gradientsAt = async (shift: number, along: readonly Float32Array[]) => {
        const shifted = { ...feeds };
        weights.forEach((w, k) => {
            const base = values.get(w.name)!.data as Float32Array;
            shifted[w.name] = { ...values.get(w.name)!, data: base.map((v, i) => v + shift * along[k][i]) };
        });
        const out = await session.run(shifted);
        return weights.map((_, k) => out[`grad_${k}`].data as Float32Array);
    };
    const w0 = weights.map((w) => values.get(w.name)!.data as Float32Array);
    let plus: Float32Array[];
    let minus: Float32Array[];
    try {
        const g0 = await gradientsAt(0, w0);
        const eps0 = stepAlong(w0, g0);
        if (eps0 === 0) return 0;
        plus = await gradientsAt(eps0, g0);
        minus = await gradientsAt(-eps0, g0);
        eps = eps0;
    } finally {
        await session.release();
    }
    let score = 0;
    w0.forEach((w, k) => {
        for (let i = 0; i < w.length; i++) score -= w[i] * ((plus[k][i] - minus[k][i]) / (2 * eps));
    });
    return score;
}
