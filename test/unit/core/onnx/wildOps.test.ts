// The ops of issue 19 as PyTorch exports them (LeakyRelu, PRelu, Elu, Selu, Softplus, Mish spelled
// out, Resize nearest and bilinear, Tile, Einsum attention, Mod): a network exported at test time
// (scripts/fixtures/exportTorchFixtures.py --wild-ops) imports, and its loss, every parameter
// gradient, the input gradient and the Hessian-gradient product equal PyTorch's (float64).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { hessianTimesGradient } from '../../../../src/core/autodiff/hessianGradient';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { createSession } from '../../../../src/worker/ortSession';
import { relativeError } from './torchBnFixture';

interface Flat {
    shape: number[];
    values: number[];
}
interface Fixture {
    input: Flat;
    labels: number[];
    loss: number;
    grads: Record<string, Flat>;
    input_grad: Flat;
    hessian_grad: Record<string, Flat>;
    onnx_ops: string[];
}

const script = path.join(__dirname, '../../../../scripts/fixtures/exportTorchFixtures.py');

describe('issue 19 ops exported by PyTorch', () => {
    let fx: Fixture;
    let out: Record<string, TensorData>;
    let paramNames: string[];
    before(async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-wild-ops-'));
        execFileSync('/usr/bin/python3', [script, '--wild-ops', dir], { stdio: 'pipe' }); // Debian's python has torch
        fx = JSON.parse(readFileSync(path.join(dir, 'wild_ops.json'), 'utf8')) as Fixture;
        const imported = importOnnx(readFileSync(path.join(dir, 'wild_ops.onnx')), {
            fileName: 'wild_ops.onnx',
            batchSize: 2,
        });
        assert.deepEqual(
            imported.diagnostics.filter((d) => d.severity === 'error'),
            [],
        );
        const graph = imported.graph!;
        const b = new GraphBuilder(graph);
        const [x] = imported.inputs;
        graph.outputs.length = 0;
        const loss = crossEntropy(
            b,
            imported.logits!,
            b.constant(oneHot(fx.labels, imported.logits!.shape[1])),
        );
        const params = graph.params.map((p) => p.value);
        paramNames = params.map((p) => p.name);
        const grads = backward(b, loss, { wrt: [...params, x], differentiatedAgain: true });
        b.output(loss, 'loss');
        params.forEach((p, i) => b.output(grads.get(p)!, `grad_${i}`));
        b.output(grads.get(x)!, 'grad_input');
        const hg = hessianTimesGradient(b, grads, params);
        params.forEach((p, i) => b.output(hg.get(p) ?? b.zerosLike(p), `hg_${i}`));
        const feeds: Record<string, TensorData> = {
            [x.name]: tensor('float32', fx.input.shape, fx.input.values),
        };
        for (const [k, v] of initParams(graph, 0)) feeds[k] = v;
        const session = await createSession(exportModel(graph), { threads: 1 });
        out = await session.run(feeds);
        await session.release();
    });

    it('theExportUsesEveryOpUnderTest', () => {
        for (const op of [
            'LeakyRelu',
            'PRelu',
            'Elu',
            'Selu',
            'Softplus',
            'Resize',
            'Tile',
            'Einsum',
            'Mod',
        ]) {
            assert.ok(fx.onnx_ops.includes(op), `${op} not in ${fx.onnx_ops.join(',')}`);
        }
    });

    it('lossParameterAndInputGradientsMatchPyTorch', () => {
        assert.ok(
            Math.abs((out.loss.data[0] as number) - fx.loss) < 1e-5 * Math.max(1, fx.loss),
            `loss ${out.loss.data[0]} vs ${fx.loss}`,
        );
        assert.deepEqual([...paramNames].sort(), Object.keys(fx.grads).sort());
        paramNames.forEach((name, i) => {
            const err = relativeError(toNumbers(out[`grad_${i}`]), fx.grads[name].values);
            assert.ok(err < 1e-4, `${name}: relative error ${err}`);
        });
        const err = relativeError(toNumbers(out.grad_input), fx.input_grad.values);
        assert.ok(err < 1e-4, `input gradient: relative error ${err}`);
    });

    it('hessianGradientProductMatchesPyTorch', () => {
        paramNames.forEach((name, i) => {
            const err = relativeError(toNumbers(out[`hg_${i}`]), fx.hessian_grad[name].values);
            assert.ok(err < 1e-3, `${name}: relative error of H g ${err}`);
        });
    });
});
