// Models exported by PyTorch (training mode) import, differentiate, and reproduce the gradients
// PyTorch's autograd printed for the same weights, input and labels (test/fixtures/torch).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { hessianTimesGradient } from '../../../../src/core/autodiff/hessianGradient';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { exportModel } from '../../../../src/core/onnx/export';
import { createSession } from '../../../../src/worker/ortSession';

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
    /** H g per parameter, g = d loss / d params (PyTorch double backward, float64). */
    hessian_grad: Record<string, Flat>;
}

const fixtures = path.join(__dirname, '../../../fixtures/torch');

/**
 * Largest |a - e| relative to the largest |e| of the tensor (gradients span orders of magnitude).
 * Why the 1e-3 floor: a conv bias feeding BatchNorm has an exact gradient of 0, which PyTorch's
 * float64 gives as ~1e-17 and float32 as ~1e-9; neither is an error.
 */
function relativeError(actual: ArrayLike<number>, expected: readonly number[]): number {
    const scale = Math.max(...expected.map(Math.abs), 1e-3);
    let worst = 0;
    for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
    return worst;
}

async function torchComparison(name: string) {
    const fx = JSON.parse(readFileSync(path.join(fixtures, `${name}.json`), 'utf8')) as Fixture;
    const imported = importOnnx(readFileSync(path.join(fixtures, `${name}.onnx`)), {
        fileName: `${name}.onnx`,
    });
    assert.deepEqual(
        imported.diagnostics.filter((d) => d.severity === 'error'),
        [],
    );
    const graph = imported.graph!;
    const b = new GraphBuilder(graph);
    const [x] = imported.inputs;
    const logits = imported.logits!;
    const classes = logits.shape[1];
    graph.outputs.length = 0; // Why: fetch only the loss and gradients below.
    const loss = crossEntropy(b, logits, b.constant(oneHot(fx.labels, classes)));
    const params = graph.params.map((p) => p.value);
    const grads = backward(b, loss, { wrt: [...params, x], differentiatedAgain: true }); // as grasp builds it
    b.output(loss, 'loss');
    params.forEach((p, i) => b.output(grads.get(p)!, `grad_${i}`));
    b.output(grads.get(x)!, 'grad_input');
    const hg = hessianTimesGradient(b, grads, params); // the gradient graph differentiated again
    params.forEach((p, i) => b.output(hg.get(p) ?? b.zerosLike(p), `hg_${i}`));
    const feeds: Record<string, TensorData> = {
        [x.name]: tensor('float32', fx.input.shape, fx.input.values),
    };
    for (const [k, v] of initParams(graph, 0)) feeds[k] = v; // 'given' init: the file's own weights.
    const session = await createSession(exportModel(graph), { threads: 1 });
    const out = await session.run(feeds);
    await session.release();
    return { fx, params, out };
}

describe('gradients of PyTorch-exported models match PyTorch autograd', () => {
    for (const name of ['small_cnn', 'small_vit_block']) {
        let comparison: ReturnType<typeof torchComparison> | undefined; // one session run serves both checks
        const compared = () => (comparison ??= torchComparison(name));
        it(`${name}: loss, every parameter gradient and the input gradient`, async () => {
            const { fx, params, out } = await compared();
            assert.ok(
                Math.abs((out.loss.data[0] as number) - fx.loss) < 1e-5 * Math.max(1, fx.loss),
            );
            assert.deepEqual(params.map((p) => p.name).sort(), Object.keys(fx.grads).sort());
            params.forEach((p, i) => {
                const expected = fx.grads[p.name];
                assert.deepEqual([...out[`grad_${i}`].shape], expected.shape, p.name);
                const err = relativeError(toNumbers(out[`grad_${i}`]), expected.values);
                assert.ok(err < 1e-4, `${p.name}: relative error ${err}`);
                if (process.env.LSWAG_VERBOSE)
                    console.log(`${name} ${p.name} ${err.toExponential(2)}`);
            });
            const err = relativeError(toNumbers(out.grad_input), fx.input_grad.values);
            assert.ok(err < 1e-4, `input gradient: relative error ${err}`);
        });

        it(`${name}: the Hessian-gradient product of every parameter (double backward)`, async () => {
            const { fx, params, out } = await compared();
            params.forEach((p, i) => {
                const err = relativeError(
                    toNumbers(out[`hg_${i}`]),
                    fx.hessian_grad[p.name].values,
                );
                assert.ok(err < 1e-3, `${p.name}: relative error of H g ${err}`);
                if (process.env.LSWAG_VERBOSE)
                    console.log(`${name} H g ${p.name} ${err.toExponential(2)}`);
            });
        });
    }
});
