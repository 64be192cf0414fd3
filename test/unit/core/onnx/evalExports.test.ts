// Eval-mode exports of a PyTorch CNN (made at test time with Debian's PyTorch): inference-mode
// BatchNormalization is imported in training mode (its gradients then equal PyTorch's train-mode
// ones on the same weights), BatchNorm folded into the convs gives one warning, and training-mode
// exports give none.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { scoreSpec } from '../../../../src/core/proxies/score';
import { createSession } from '../../../../src/worker/ortSession';
import { NOT_COMPARABLE } from '../../../../src/core/onnx/evalExport';
import {
    type BnProbeFixture,
    exportBnProbe,
    groupedGradients,
    relativeError,
} from './torchBnFixture';

describe('eval-mode exports', () => {
    let fx: BnProbeFixture;
    before(() => {
        fx = exportBnProbe(4, 2);
    });
    const warningsOf = (file: string) =>
        importOnnx(readFileSync(path.join(fx.dir, file)), { batchSize: 8 })
            .diagnostics.filter((d) => d.severity === 'warning')
            .map((d) => d.message);

    it('inferenceModeBatchNormIsConvertedToTrainingModeWithOneWarning', async () => {
        const warnings = warningsOf('bn_resnet_inference_bn.onnx');
        assert.equal(warnings.length, 1, warnings.join(' | '));
        assert.match(
            warnings[0],
            /^6 BatchNormalization nodes are in inference mode .*running statistics are unused/,
        );
        // Same weights as the training export: the gradients are PyTorch's train-mode ones.
        const grads = await groupedGradients(
            path.join(fx.dir, 'bn_resnet_inference_bn.onnx'),
            fx,
            fx.batches,
        );
        for (const [name, g] of grads) {
            const err = relativeError(toNumbers(g), fx.grads[name].values);
            assert.ok(err < 1e-4, `${name}: relative error ${err}`);
        }
    });

    it('batchNormFoldedIntoConvsGivesOneWarningNamingTheTrace', () => {
        const warnings = warningsOf('bn_resnet_folded.onnx');
        assert.equal(warnings.length, 1, warnings.join(' | '));
        assert.match(
            warnings[0],
            /^this file looks like an eval-mode export: 6 of 6 convs carry folded BatchNorm \(weights with exporter-made names such as 'onnx::Conv_\d+'/,
        );
        assert.ok(warnings[0].endsWith(NOT_COMPARABLE));
    });

    it('aNormFreeCnnWithBiasesAndNoTrainingModeNodeLooksLikeAnEvalExport', () => {
        const warnings = warningsOf('plain_cnn.onnx');
        assert.equal(warnings.length, 1, warnings.join(' | '));
        assert.match(
            warnings[0],
            /^this file looks like an eval-mode export \(no normalisation layer and a bias on every conv/,
        );
    });

    it('trainingModeExportsGiveNoEvalWarning', () => {
        for (const file of ['bn_resnet.onnx', 'plain_cnn_dropout.onnx']) {
            assert.deepEqual(
                warningsOf(file).filter((m) => /eval-mode|inference mode/.test(m)),
                [],
                file,
            );
        }
    });

    it('aScoreOfAFoldedExportCarriesTheWarningOnceAndStillScores', async () => {
        const result = await scoreSpec(
            {
                family: 'onnx',
                name: 'folded',
                path: path.join(fx.dir, 'bn_resnet_folded.onnx'),
                keepWeights: true,
            },
            {
                compile: (m) => createSession(m, { threads: 1 }),
                data: async () => ({
                    x: tensor('float32', fx.input.shape, fx.input.values),
                    labels: fx.labels,
                    description: 'rows',
                    warnings: [],
                }),
                options: {
                    proxies: ['snip', 'zico'],
                    data: { kind: 'synthetic' },
                    batch: fx.batch,
                    batches: fx.batches,
                    seed: 0,
                    psiSamples: 4,
                    gradientMode: 'batches',
                },
                device: 'cpu',
            },
        );
        assert.deepEqual(
            result.errors.filter((e) => e.includes('eval-mode')).length,
            1,
            result.errors.join(' | '),
        );
        assert.ok(
            result.errors.every((e) => e.startsWith('warning: ')),
            result.errors.join(' | '),
        );
        assert.equal(typeof result.scores.snip, 'number');
        assert.equal(typeof result.scores.zico, 'number');
    });
});
