// Whole tiny networks built in the IR: forward + backward in one onnxruntime session, gradients
// against finite differences, and per-group gradients against separate runs on each group.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import type { Value } from '../../../../src/core/ir/graph';
import { oneHot } from '../../../../src/core/ir/loss';
import { type TensorData, sizeOf, tensor } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';
import { gradCheck } from './gradcheck';
import { type TinyModel, lossOf, tinyCnn, tinyVitBlock } from './tinyModels';

function labelsFor(n: number, classes: number): number[] {
    return Array.from({ length: n }, (_, i) => (i * 7 + 3) % classes);
}

function randomFeeds(m: TinyModel, seed: number): TensorData[] {
    const rng = new Rng(seed);
    return m.shapes.map((s) => tensor('float32', s, Array.from({ length: sizeOf(s) }, () => rng.uniform(-1, 1))));
}

/** Runs loss + gradients of every parameter; `groups` > 1 asks for per-group weight gradients. */
async function lossAndGrads(
    m: TinyModel,
    feeds: TensorData[],
    labels: number[],
    groups: number,
    groupedParams: number[],
) {
    const b = new GraphBuilder();
    const [x, ...params] = m.shapes.map((s, i) => b.input(`p${i}`, 'float32', s));
    const target = b.input('onehot', 'float32', [labels.length, m.classes]);
    const loss = lossOf(b, m, x, params, target, groups);
    const grouped = new Map<Value, number>(groupedParams.map((i) => [params[i], groups]));
    const grads = backward(b, loss, { wrt: params, groups: grouped });
    b.output(loss, 'loss');
    params.forEach((p, i) => b.output(grads.get(p)!, `g${i}`));
    const session = await createSession(exportModel(b.graph), { threads: 1 });
    const run: Record<string, TensorData> = { onehot: oneHot(labels, m.classes) };
    feeds.forEach((t, i) => (run[`p${i}`] = t));
    const out = await session.run(run);
    await session.release();
    return { loss: out.loss.data[0] as number, grads: params.map((_, i) => out[`g${i}`]) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
    assert.equal(a.length, b.length);
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
}

describe('tiny models: forward and backward in one session', () => {
    it('vitBlockGradientsMatchFiniteDifferences', async () => {
        const m = tinyVitBlock(2);
        const labels = labelsFor(2, m.classes);
        const r = await gradCheck({
            op: 'model',
            name: 'tinyVitBlock',
            dtype: 'float32',
            inputs: m.shapes.map((shape) => ({ shape })),
            build: (b, [x, ...params]) => lossOf(b, m, x, params, b.constant(oneHot(labels, m.classes))),
            eps: 1e-2,
        });
        assert.ok(r.maxError < 5e-4, `max normalised error ${r.maxError} at ${r.worst}`);
    });

    it('cnnWithTrainingBatchNormGradientsMatchFiniteDifferences', async () => {
        const m = tinyCnn(4);
        const labels = labelsFor(4, m.classes);
        const r = await gradCheck({
            op: 'model',
            name: 'tinyCnn',
            dtype: 'float32', // Why: onnxruntime's CPU Conv has no float64 kernel.
            inputs: m.shapes.map((shape) => ({ shape })),
            build: (b, [x, ...params]) => lossOf(b, m, x, params, b.constant(oneHot(labels, m.classes))),
            // Why: a larger step moves pre-activations across ReLU/MaxPool kinks (the numeric error
            // grows linearly with eps there); at 1e-3 what is left is float32 rounding (~2e-4).
            eps: 1e-3,
        });
        assert.ok(r.maxError < 1e-3, `max normalised error ${r.maxError} at ${r.worst}`);
    });

    it('cnnPerGroupGradientsWithGhostBatchNormEqualSeparateRuns', async () => {
        await checkPerGroupGradients(tinyCnn, 6, 3, [0, 3, 6]); // conv1, conv2, fc weights
    });

    it('cnnPerSampleGradientsEqualSingleSampleRuns', async () => {
        // Why: BatchNorm over one sample still normalises over the 8x8 / 2x2 spatial positions.
        await checkPerGroupGradients(tinyCnn, 3, 3, [0, 3, 6]);
    });

    it('vitBlockPerGroupWeightGradientsEqualSeparateRuns', async () => {
        await checkPerGroupGradients(tinyVitBlock, 4, 2, [2, 4, 8, 10, 12]); // MatMul weights
    });
});

/** Rows [k*n/G, (k+1)*n/G) of a batch tensor. */
function rowsOf(t: TensorData, group: number, groups: number): TensorData {
    const per = t.shape[0] / groups;
    const rowSize = sizeOf(t.shape.slice(1));
    const data = t.data.slice(group * per * rowSize, (group + 1) * per * rowSize) as Float32Array;
    return { dtype: t.dtype, shape: [per, ...t.shape.slice(1)], data };
}

/**
 * One run with per-group gradients of `weights` must equal, group by group, separate runs on each
 * group's rows alone; the gradients of the other parameters equal the sum over groups.
 */
export async function checkPerGroupGradients(
    make: (batch: number, ghostGroups?: number) => TinyModel,
    batch: number,
    groups: number,
    weights: number[],
): Promise<void> {
    const m = make(batch, groups);
    const feeds = randomFeeds(m, 11);
    const labels = labelsFor(batch, m.classes);
    const whole = await lossAndGrads(m, feeds, labels, groups, weights);
    const sums = m.shapes.slice(1).map((shape) => new Float64Array(sizeOf(shape)));
    let lossSum = 0;
    for (let k = 0; k < groups; k++) {
        const part = make(batch / groups);
        const labelsK = labels.slice((k * batch) / groups, ((k + 1) * batch) / groups);
        const alone = await lossAndGrads(part, [rowsOf(feeds[0], k, groups), ...feeds.slice(1)], labelsK, 1, []);
        lossSum += alone.loss;
        alone.grads.forEach((g, p) => {
            const got = weights.includes(p) ? rowsOf(whole.grads[p], k, groups) : undefined;
            if (got) assert.ok(maxAbsDiff(got.data as Float32Array, g.data as Float32Array) < 1e-5, `param ${p} group ${k}`);
            (g.data as Float32Array).forEach((v, i) => (sums[p][i] += v));
        });
    }
    assert.ok(Math.abs(whole.loss - lossSum) < 1e-5, `loss ${whole.loss} vs Σ groups ${lossSum}`);
    whole.grads.forEach((g, p) => {
        if (!weights.includes(p)) assert.ok(maxAbsDiff(g.data as Float32Array, sums[p]) < 1e-5, `param ${p} sum`);
    });
}
