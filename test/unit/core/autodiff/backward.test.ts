// The walker: accumulation over fan-out, gradients of intermediates, symbolic zeros, clear errors,
// and in-graph gradient statistics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { NoGradRuleError } from '../../../../src/core/autodiff/gradRule';
import { int } from '../../../../src/core/ir/attrs';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { createSession } from '../../../../src/worker/ortSession';

async function run(b: GraphBuilder, feeds: Record<string, TensorData>) {
    const s = await createSession(exportModel(b.graph), { threads: 1 });
    const out = await s.run(feeds);
    await s.release();
    return out;
}

const close = (a: number[], e: number[], tol = 1e-12) =>
    a.length === e.length &&
    a.every((v, i) => Math.abs(v - e[i]) <= tol * Math.max(1, Math.abs(e[i])));

describe('backward walker', () => {
    it('accumulatesCotangentsOfAValueUsedTwice', async () => {
        // L = Σ x·x + Σ 3x  =>  dL/dx = 2x + 3.
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [3]);
        const loss = b.add(b.sumAll(b.mul(x, x)), b.sumAll(b.mulScalar(x, 3)));
        b.output(backward(b, loss, { wrt: [x] }).get(x)!, 'dx');
        const out = await run(b, { x: tensor('float64', [3], [1, -2, 0.5]) });
        assert.ok(close(toNumbers(out.dx), [5, -1, 4]));
    });

    it('givesGradientsOfIntermediateActivations', async () => {
        // h = x W, L = Σ tanh(h) ⊙ R  =>  dL/dh = (1 - tanh²(h)) ⊙ R, and dL/dx = (dL/dh) Wᵀ.
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [1, 2]);
        const w = b.input('w', 'float64', [2, 2]);
        const r = b.constant(tensor('float64', [1, 2], [0.3, -0.7]));
        const h = b.matMul(x, w);
        const loss = b.sumAll(b.mul(b.tanh(h), r));
        const grads = backward(b, loss, { wrt: [h, x] });
        b.output(h, 'h');
        b.output(grads.get(h)!, 'dh');
        b.output(grads.get(x)!, 'dx');
        const W = [0.5, -1, 2, 0.25];
        const out = await run(b, {
            x: tensor('float64', [1, 2], [0.4, -0.6]),
            w: tensor('float64', [2, 2], W),
        });
        const hv = toNumbers(out.h);
        const dh = hv.map((v, i) => (1 - Math.tanh(v) ** 2) * [0.3, -0.7][i]);
        assert.ok(close(toNumbers(out.dh), dh));
        assert.ok(
            close(toNumbers(out.dx), [dh[0] * W[0] + dh[1] * W[1], dh[0] * W[2] + dh[1] * W[3]]),
        );
    });

    it('returnsNullForValuesTheTargetDoesNotDependOn', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [2]);
        const unused = b.input('u', 'float64', [2]);
        b.relu(unused);
        const grads = backward(b, b.sumAll(x), { wrt: [x, unused] });
        assert.equal(grads.get(unused), null);
        assert.ok(grads.get(x));
    });

    it('missingRuleNamesTheOpAndNode', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [2, 3]);
        const loss = b.sumAll(b.reduce('ReduceMax', x, [1]));
        assert.throws(
            () => backward(b, loss, { wrt: [x] }),
            (e: Error) => {
                assert.ok(e instanceof NoGradRuleError);
                assert.match(
                    e.message,
                    /op 'ReduceMax' \(node 'ReduceMax.*'\) has no gradient rule/,
                );
                return true;
            },
        );
    });

    it('aSingleOutputRuleRefusesACotangentOnAnotherOutput', () => {
        // LayerNormalization's rule differentiates Y only; a loss on its Mean output must not be
        // dropped silently.
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [2, 3]);
        const gamma = b.input('gamma', 'float64', [3]);
        const [y, mean] = b.node(
            'LayerNormalization',
            [x, gamma],
            { axis: int(-1) },
            { outputs: 3 },
        );
        const loss = b.add(b.sumAll(y), b.sumAll(mean));
        assert.throws(
            () => backward(b, loss, { wrt: [x] }),
            (e: Error) => {
                assert.ok(e instanceof NoGradRuleError);
                assert.match(
                    e.message,
                    /op 'LayerNormalization' .* has no gradient through its output 1/,
                );
                return true;
            },
        );
    });

    it('nonScalarTargetNeedsASeed', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [2]);
        assert.throws(() => backward(b, b.relu(x), { wrt: [x] }), /not a scalar; pass a seed/);
    });

    it('perGroupGradientsAreRefusedWhereARuleCannotGiveThem', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [4, 3]);
        const w = b.input('w', 'float64', [3]);
        const loss = b.sumAll(b.mul(x, w));
        assert.throws(
            () => backward(b, loss, { wrt: [w], groups: new Map([[w, 2]]) }),
            /cannot give per-group gradients for 'w'/,
        );
    });
});

describe('stop-gradient', () => {
    it('treatsStoppedValuesAsConstants', async () => {
        // L = Σ x · stop(x²)  =>  dL/dx = x² (not 3x²).
        const b = new GraphBuilder();
        const x = b.input('x', 'float64', [2]);
        const sq = b.mul(x, x);
        const loss = b.sumAll(b.mul(x, sq));
        b.output(backward(b, loss, { wrt: [x], stopGradients: new Set([sq]) }).get(x)!, 'dx');
        const out = await run(b, { x: tensor('float64', [2], [2, -3]) });
        assert.ok(close(toNumbers(out.dx), [4, 9]));
    });
});
