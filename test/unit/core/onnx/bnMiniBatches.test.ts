// An imported PyTorch CNN with training-mode BatchNormalization, run as the probe runs it (N
// mini-batches in one graph): every mini-batch's weight gradients equal PyTorch's own backward pass
// on that mini-batch alone, i.e. each mini-batch is normalised with its own batch statistics.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { exportModel } from '../../../../src/core/onnx/export';
import { findProxyLayers } from '../../../../src/core/proxies/layers';
import { createSession } from '../../../../src/worker/ortSession';
import { type BnProbeFixture, exportBnProbe } from './torchBnFixture';

/** Largest |a - e| relative to the largest |e| (floor 1e-3: exact zeros come out as rounding). */
function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
    const scale = Math.max(...expected.map(Math.abs), 1e-3);
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
    return worst;
}

/** Per-group gradients [groups, ...shape] of every weight layer, from one run of the imported graph (as the probe builds it). */
async function groupedGradients(fx: BnProbeFixture, ghostGroups: number) {
    const rows = fx.batch * fx.batches;
    const imported = importOnnx(readFileSync(fx.onnxPath), { fileName: 'bn_resnet.onnx', batchSize: rows, ghostGroups });
    assert.deepEqual(imported.diagnostics.filter((d) => d.severity === 'error'), []);
    const graph = imported.graph!;
    const b = new GraphBuilder(graph);
    const logits = imported.logits!;
    graph.outputs.length = 0;
    const params = findProxyLayers(graph).weights.map((l) => l.weight);
    const loss = crossEntropy(b, logits, b.constant(oneHot(fx.labels, logits.shape[1])), fx.batches);
    const grads = backward(b, loss, { wrt: params, groups: new Map(params.map((p) => [p, fx.batches])) });
    params.forEach((p, i) => b.output(grads.get(p)!, `grad_${i}`));
    const feeds: Record<string, TensorData> = { [imported.inputs[0].name]: tensor('float32', fx.input.shape, fx.input.values) };
    for (const [k, v] of initParams(graph, 0)) feeds[k] = v; // 'given' init: the file's own weights
    const session = await createSession(exportModel(graph), { threads: 1 });
    const out = await session.run(feeds);
    await session.release();
    return new Map(params.map((p, i) => [p.name, out[`grad_${i}`]]));
}

describe('imported training-mode BatchNorm CNN: per-mini-batch gradients match PyTorch', () => {
    let fx: BnProbeFixture;
    before(() => {
        fx = exportBnProbe(4, 2);
    });

    it('everyWeightGradientOfEveryMiniBatchEqualsItsOwnPyTorchBackwardPass', async () => {
        const grads = await groupedGradients(fx, fx.batches);
        assert.deepEqual([...grads.keys()].sort(), [...fx.weight_layers].sort());
        for (const [name, g] of grads) {
            const expected = fx.grads[name];
            assert.deepEqual([...g.shape], expected.shape, name);
            const err = relativeError(toNumbers(g), expected.values);
            assert.ok(err < 1e-4, `${name}: relative error ${err}`);
        }
    });

    it('withoutGhostGroupsTheStatisticsSpanBothMiniBatchesAndTheGradientsDiffer', async () => {
        // The behaviour before the fix: one set of statistics over all N·B rows. Shows the check above bites.
        const grads = await groupedGradients(fx, 1);
        const err = relativeError(toNumbers(grads.get('stem.0.weight')!), fx.grads['stem.0.weight'].values);
        assert.ok(err > 1e-2, `whole-batch statistics should change the stem gradient (relative error ${err})`);
    });
});
