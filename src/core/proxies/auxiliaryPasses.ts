// The passes some proxies need besides the probe run: synflow's data-free pass and grasp's
// Hessian-gradient product (the gradient graph differentiated again).
import { backward } from '../autodiff/backward';
import { hessianTimesGradient } from '../autodiff/hessianGradient';
import { GraphBuilder } from '../ir/builder';
import { initParams } from '../ir/init';
import { crossEntropy, oneHot } from '../ir/loss';
import { type TensorData, sizeOf, tensor } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import { type CompileModel, runOnce } from '../onnx/runnable';
import { buildModel } from '../spaces/index';
import type { ArchitectureSpec } from '../spec/spec';
import { findProxyLayers } from './layers';
import { jacobianCorrelation, probeOutput } from './probe';
import { buildSynflowGraph } from './synflowGraph';

function abs(t: TensorData): TensorData {
    // Why a loop: Float32Array.from with a map function took ~150 ms for an NB201 cell's 1.1 M weights.
    const x = t.data as Float32Array;
    const data = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) data[i] = Math.abs(x[i]);
    return { dtype: t.dtype, shape: t.shape, data };
}

/** log synflow: |params|, norms as identity, one all-ones sample, overflow-free (synflowGraph.ts). */
export async function logSynflow(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
): Promise<number> {
    const built = buildModel(spec, { batch: 1, withoutNorms: true });
    const layers = findProxyLayers(built.graph);
    const values = initParams(built.graph, seed);
    const sg = buildSynflowGraph(built.graph, built.logits, layers.weights);
    const model = exportModel(sg.graph);
    const feeds: Record<string, TensorData> = {};
    for (const p of sg.graph.params) feeds[p.value.name] = abs(values.get(p.value.name)!);
    for (const v of sg.graph.inputs)
        feeds[v.name] = tensor('float32', v.shape, new Array(sizeOf(v.shape)).fill(1));
    const out = await runOnce(compile, model, feeds);
    const total = (out[sg.perLayer].data as Float32Array).reduce((s, v) => s + v, 0);
    const scale = (out[sg.logScale].data as Float32Array)[0];
    if (total === 0)
        throw new Error('the output depends on no weight (no path from the input to the output)');
    return Math.log(total) + scale;
}

/** What grasp's pass returns: -w·(H g) per weight layer, and the Jacobian correlation when asked. */
export interface GraspPass {
    readonly byLayer: readonly { readonly name: string; readonly value: number }[];
    readonly jacobianCorrelation?: { readonly size: number; readonly values: Float64Array };
}

/**
 * -w·(H g) of every weight layer, with g the batch-1 gradient and H g exact (double backward), in
 * one run on batch 1; with `withJacobian`, also jacov's Jacobian correlation from the same forward
 * (the same function of batch 1 as the probe's: ghost batch norm keeps mini-batches apart).
 */
export async function graspPass(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
    x: TensorData,
    labels: readonly number[],
    withJacobian = false,
): Promise<GraspPass> {
    const built = buildModel(spec, { batch: x.shape[0] });
    const b = new GraphBuilder(built.graph);
    built.graph.outputs.length = 0;
    const layers = findProxyLayers(built.graph);
    const targets = b.input('targets', built.logits.dtype, built.logits.shape);
    const loss = crossEntropy(b, built.logits, targets);
    const weights = layers.weights.map((l) => l.weight);
    const hg = hessianTimesGradient(
        b,
        backward(b, loss, { wrt: weights, differentiatedAgain: true }),
        weights,
    );
    weights.forEach((w, k) => {
        const h = hg.get(w);
        b.output(h ? b.sumAll(b.mul(w, h)) : b.scalar(0, w), `w_hg_${k}`);
    });
    if (withJacobian) jacobianCorrelation(b, built.input, built.logits, x.shape[0]);
    built.graph.prune();
    const values = initParams(built.graph, seed);
    const feeds: Record<string, TensorData> = {
        [built.input.name]: x,
        targets: oneHot(
            labels.map((l) => l % built.classes),
            built.classes,
        ),
    };
    for (const p of built.graph.params) feeds[p.value.name] = values.get(p.value.name)!;
    const out = await runOnce(compile, exportModel(built.graph), feeds);
    const jacobian = out[probeOutput.jacobian];
    return {
        byLayer: weights.map((w, k) => ({
            name: w.name,
            value: -(out[`w_hg_${k}`].data as Float32Array)[0],
        })),
        ...(jacobian
            ? {
                  jacobianCorrelation: {
                      size: x.shape[0],
                      values: Float64Array.from(jacobian.data as Float32Array),
                  },
              }
            : {}),
    };
}

/** -w·(H g) of every weight layer (graspPass without the Jacobian). */
export async function graspByLayer(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
    x: TensorData,
    labels: readonly number[],
): Promise<GraspPass['byLayer']> {
    return (await graspPass(spec, compile, seed, x, labels)).byLayer;
}

/** grasp = -Σ w·(H g) over weight-layer weights. */
export function graspScore(pass: GraspPass): number {
    return pass.byLayer.reduce((s, l) => s + l.value, 0);
}
