// Exports, at test time, the small ResNet-style CNN with training-mode BatchNormalization of
// scripts/fixtures/exportTorchFixtures.py (--bn-probe) with Debian's PyTorch, and reads the float64
// per-mini-batch gradients PyTorch computed for it with one backward pass per mini-batch.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backward } from '../../../../src/core/autodiff/backward';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { type TensorData, tensor } from '../../../../src/core/ir/tensor';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { exportModel } from '../../../../src/core/onnx/export';
import { findProxyLayers } from '../../../../src/core/proxies/layers';
import { createSession } from '../../../../src/worker/ortSession';

export interface Flat {
    readonly shape: number[];
    readonly values: number[];
}

export interface BnProbeFixture {
    /** The exported model (dynamic batch axis, training-mode BatchNormalization, opset 17). */
    readonly onnxPath: string;
    /** The folder with the eval-mode variants (bn_resnet_inference_bn, bn_resnet_folded, plain_cnn[_dropout]). */
    readonly dir: string;
    readonly batch: number;
    readonly batches: number;
    /** [batches * batch, 3, 8, 8]. */
    readonly input: Flat;
    readonly labels: number[];
    readonly params: number;
    readonly weight_layers: string[];
    /** Per parameter, [batches, ...shape]: d loss_i / d p from mini-batch i's own backward pass. */
    readonly grads: Record<string, Flat>;
    /** snip, plain, grad_norm (batch 1), zico and lswag's Lambda (all bins) from those gradients. */
    readonly proxies: Record<'snip' | 'plain' | 'grad_norm' | 'zico' | 'lswag_lambda', number>;
}

const script = path.join(__dirname, '../../../../scripts/fixtures/exportTorchFixtures.py');

/** Runs the exporter once per call into a fresh temporary folder (about 4 s). */
export function exportBnProbe(batch = 4, batches = 2): BnProbeFixture {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-bn-probe-'));
    // Why /usr/bin/python3: a pyenv python3 earlier on PATH has no torch.
    execFileSync(
        '/usr/bin/python3',
        [script, '--bn-probe', dir, '--batch', String(batch), '--batches', String(batches)],
        { stdio: 'pipe' },
    );
    const fx = JSON.parse(readFileSync(path.join(dir, 'bn_resnet.json'), 'utf8')) as Omit<
        BnProbeFixture,
        'onnxPath' | 'dir'
    >;
    return { ...fx, dir, onnxPath: path.join(dir, 'bn_resnet.onnx') };
}

/** Largest |a - e| relative to the largest |e| (floor 1e-3: exact zeros come out as rounding). */
export function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
    const scale = Math.max(...expected.map(Math.abs), 1e-3);
    let worst = 0;
    for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
    return worst;
}

/** Per-group gradients [groups, ...shape] of every weight layer, from one run of the imported graph (as the probe builds it). */
export async function groupedGradients(onnxPath: string, fx: BnProbeFixture, ghostGroups: number) {
    const rows = fx.batch * fx.batches;
    const imported = importOnnx(readFileSync(onnxPath), {
        fileName: 'bn_resnet.onnx',
        batchSize: rows,
        ghostGroups,
    });
    assert.deepEqual(
        imported.diagnostics.filter((d) => d.severity === 'error'),
        [],
    );
    const graph = imported.graph!;
    const b = new GraphBuilder(graph);
    const logits = imported.logits!;
    graph.outputs.length = 0;
    const params = findProxyLayers(graph).weights.map((l) => l.weight);
    const loss = crossEntropy(
        b,
        logits,
        b.constant(oneHot(fx.labels, logits.shape[1])),
        fx.batches,
    );
    const grads = backward(b, loss, {
        wrt: params,
        groups: new Map(params.map((p) => [p, fx.batches])),
    });
    params.forEach((p, i) => b.output(grads.get(p)!, `grad_${i}`));
    const feeds: Record<string, TensorData> = {
        [imported.inputs[0].name]: tensor('float32', fx.input.shape, fx.input.values),
    };
    for (const [k, v] of initParams(graph, 0)) feeds[k] = v; // 'given' init: the file's own weights
    const session = await createSession(exportModel(graph), { threads: 1 });
    const out = await session.run(feeds);
    await session.release();
    return new Map(params.map((p, i) => [p.name, out[`grad_${i}`]]));
}
