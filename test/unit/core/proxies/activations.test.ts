// Activation layers of every common kind: single ops by ONNX op type, and the x·f(x) patterns that
// exporters spell out (SiLU as Sigmoid·Mul, GELU's tanh form, Mish, HardSwish); a sigmoid gate on
// another value (squeeze-excitation) is not one. Checked on graphs built here and on an MLP exported
// by PyTorch at test time, whose swap PyTorch counts from the modules' own pre-activations.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import type { Value } from '../../../../src/core/ir/graph';
import { tensor } from '../../../../src/core/ir/tensor';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { NO_ACTIVATION_LAYERS } from '../../../../src/core/proxies/activations';
import { findProxyLayers } from '../../../../src/core/proxies/layers';
import { type ScoreContext, scoreSpec } from '../../../../src/core/proxies/score';
import type { ArchitectureSpec, LayerListSpec, OnnxSpec } from '../../../../src/core/spec/spec';
import { createSession } from '../../../../src/worker/ortSession';

/** x [2, 3] through one hand-made node per case, then a Linear so the graph has a weight layer. */
function graphWith(make: (b: GraphBuilder, x: Value) => Value) {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const w = b.param('w', 'float32', [3, 2], { kind: 'normal', mean: 0, std: 1 });
    const y = b.matMul(make(b, x), w);
    b.output(y, 'logits');
    return { graph: b.graph, x };
}

/** A node of an op the IR may not have yet (the importer adds them): added without a schema. */
function rawNode(b: GraphBuilder, op: string, inputs: Value[]): Value {
    const out = b.graph.newValue(op.toLowerCase(), 'float32', inputs[0].shape, 'node');
    b.graph.addNode({
        op,
        domain: '',
        name: b.graph.uniqueName(op),
        inputs,
        outputs: [out],
        attrs: {},
    });
    return out;
}

describe('activation kinds', () => {
    const single: [string, string][] = [
        ['Relu', 'ReLU'],
        ['Clip', 'ReLU6/Clip'],
        ['LeakyRelu', 'LeakyReLU'],
        ['PRelu', 'PReLU'],
        ['Elu', 'ELU'],
        ['Selu', 'SELU'],
        ['HardSwish', 'HardSwish'],
        ['Mish', 'Mish'],
        ['Gelu', 'GELU'],
        ['Softplus', 'Softplus'],
    ];
    for (const [op, kind] of single) {
        it(`singleOp_${op}_isOneActivationLayerOfKind_${kind}`, () => {
            const { graph, x } = graphWith((b, v) => rawNode(b, op, [v]));
            const { activations } = findProxyLayers(graph);
            assert.deepEqual(
                activations.map((a) => [a.kind, a.preActivation]),
                [[kind, x]],
            );
        });
    }

    const spelled: [string, string, (b: GraphBuilder, x: Value) => Value][] = [
        ['x*sigmoid(x)', 'SiLU', (b, x) => b.mul(x, b.sigmoid(x))],
        ['sigmoid(x)*x', 'SiLU', (b, x) => b.mul(b.sigmoid(x), x)],
        [
            'x*0.5*(1+erf(x/sqrt2))',
            'GELU',
            (b, x) =>
                b.mul(b.mulScalar(x, 0.5), b.addScalar(b.erf(b.mulScalar(x, Math.SQRT1_2)), 1)),
        ],
        [
            'x*(0.5*(1+tanh(c*(x+0.044715*x^3))))',
            'GELU',
            (b, x) =>
                b.mul(
                    x,
                    b.mulScalar(
                        b.addScalar(
                            b.tanh(
                                b.mulScalar(
                                    b.add(x, b.mulScalar(b.mul(b.mul(x, x), x), 0.044715)),
                                    0.7978845608,
                                ),
                            ),
                            1,
                        ),
                        0.5,
                    ),
                ),
        ],
        [
            'x*tanh(log(1+exp(x)))',
            'Mish',
            (b, x) => b.mul(x, b.tanh(b.log(b.addScalar(b.exp(x), 1)))),
        ],
        ['x*tanh(softplus(x))', 'Mish', (b, x) => b.mul(x, b.tanh(rawNode(b, 'Softplus', [x])))],
        ['x*hardsigmoid(x)', 'HardSwish', (b, x) => b.mul(x, rawNode(b, 'HardSigmoid', [x]))],
        [
            'x*clip(x+3)/6',
            'HardSwish',
            (b, x) => b.div(b.mul(x, rawNode(b, 'Clip', [b.addScalar(x, 3)])), b.scalar(6, x)),
        ],
    ];
    for (const [what, kind, make] of spelled) {
        it(`spelledOut_${what}_isOneActivationLayerOfKind_${kind}_onItsInput`, () => {
            const { graph, x } = graphWith((b, v) => make(b, b.addScalar(v, 0.1)));
            const { activations } = findProxyLayers(graph);
            assert.equal(activations.length, 1, activations.map((a) => a.kind).join(', '));
            assert.equal(activations[0].kind, kind);
            // The pre-activation is the pattern's input (here x + 0.1), not x and not an inner value.
            assert.equal(graph.producer(activations[0].preActivation)?.inputs[0], x);
        });
    }

    it('aSigmoidGateOnAnotherValueIsNoActivationLayer', () => {
        const { graph } = graphWith((b, x) =>
            b.mul(
                x,
                b.sigmoid(
                    b.matMul(
                        x,
                        b.param('g', 'float32', [3, 3], { kind: 'normal', mean: 0, std: 1 }),
                    ),
                ),
            ),
        );
        assert.deepEqual(findProxyLayers(graph).activations, []);
    });

    it('aSigmoidOrTanhAloneIsNoActivationLayer', () => {
        const { graph } = graphWith((b, x) => b.tanh(b.sigmoid(x)));
        assert.deepEqual(findProxyLayers(graph).activations, []);
    });
});

const proxies = ['nwot', 'swap', 'lswag', 'snip'];
function contextFor(
    x: { shape: number[]; values: number[] },
    labels: number[],
    batch: number,
    samples: number,
): ScoreContext {
    return {
        compile: (m) => createSession(m, { threads: 1 }),
        data: async () => ({
            x: tensor('float32', x.shape, x.values),
            labels,
            description: 'test rows',
            warnings: [],
        }),
        options: {
            proxies,
            data: { kind: 'synthetic' },
            batch,
            batches: 2,
            seed: 1,
            psiSamples: samples,
            gradientMode: 'batches',
        },
        device: 'cpu',
    };
}

describe('activation kinds in scores', () => {
    it('pytorchMlpWithSiluGeluTanhGeluAndRelu_countsFourLayersAndSwapEqualsPyTorchs', async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-activations-'));
        const script = path.join(__dirname, '../../../../scripts/fixtures/exportTorchFixtures.py');
        execFileSync('/usr/bin/python3', [script, '--activations', dir, '8', '6'], {
            stdio: 'pipe',
        });
        const fx = JSON.parse(readFileSync(path.join(dir, 'activations.json'), 'utf8'));
        const file = path.join(dir, 'activations.onnx');
        const imported = importOnnx(readFileSync(file), { batchSize: 8 });
        const kinds = findProxyLayers(imported.graph!).activations.map((a) => a.kind);
        assert.deepEqual(
            kinds,
            ['SiLU', 'GELU', 'GELU', 'ReLU'],
            'in order; the sigmoid gate is not one',
        );
        const spec: OnnxSpec = {
            family: 'onnx',
            name: 'activations',
            path: file,
            keepWeights: true,
        };
        const result = await scoreSpec(spec, contextFor(fx.input, fx.labels, 8, 6));
        assert.deepEqual(result.errors, []);
        assert.equal(result.scores.swap, fx.swap);
        assert.deepEqual(result.activationKinds, { SiLU: 1, GELU: 2, ReLU: 1 });
    });

    it('aNetworkWithoutActivationLayersGetsAReasonForNwotSwapAndLswagNeverZero', async () => {
        const spec: ArchitectureSpec = {
            family: 'layers',
            name: 'linear',
            input: [5],
            classes: 3,
            layers: [{ type: 'linear', out: 3 }],
        } satisfies LayerListSpec;
        const x = {
            shape: [8, 5, 1, 1],
            values: Array.from({ length: 40 }, (_, i) => Math.sin(i)),
        };
        const result = await scoreSpec(spec, contextFor(x, [0, 1, 2, 0, 1, 2, 0, 1], 4, 4));
        for (const id of ['nwot', 'swap', 'lswag']) {
            assert.equal(result.scores[id], null, id);
            assert.ok(
                result.errors.some(
                    (e) => e.startsWith(`${id}:`) && e.includes(NO_ACTIVATION_LAYERS),
                ),
                `${id}: ${result.errors.join(' | ')}`,
            );
        }
        assert.equal(typeof result.scores.snip, 'number');
        assert.deepEqual(result.activationKinds, {});
    });
});
