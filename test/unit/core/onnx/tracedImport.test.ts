// What traced PyTorch exports need from the importer: value-less weights as graph inputs
// (export_params=False), initialised by role, and the activations of MobileNet (Clip for ReLU6,
// HardSigmoid, HardSwish), run in onnxruntime against their formulas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importOnnx } from '../../../../src/core/frontends/onnxImport';
import { exportModel } from '../../../../src/core/onnx/export';
import {
    AttrType,
    AttributeProtoSchema,
    GraphProtoSchema,
    ModelProtoSchema,
    NodeProtoSchema,
    OperatorSetIdProtoSchema,
    TensorShapeProtoSchema,
    TensorShapeProto_DimensionSchema,
    TypeProtoSchema,
    TypeProto_TensorSchema,
    ValueInfoProtoSchema,
    create,
    toBinary,
} from '../../../../src/core/onnx/proto';
import { encodeTensor } from '../../../../src/core/onnx/tensorProto';
import { countParams } from '../../../../src/core/ir/costs';
import { tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { createSession } from '../../../../src/worker/ortSession';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scoreSpec } from '../../../../src/core/proxies/score';

const float = (name: string, dims: (number | string)[]) =>
    create(ValueInfoProtoSchema, {
        name,
        type: create(TypeProtoSchema, {
            value: {
                case: 'tensorType',
                value: create(TypeProto_TensorSchema, {
                    elemType: 1,
                    shape: create(TensorShapeProtoSchema, {
                        dim: dims.map((d) =>
                            create(TensorShapeProto_DimensionSchema, {
                                value:
                                    typeof d === 'number'
                                        ? { case: 'dimValue', value: BigInt(d) }
                                        : { case: 'dimParam', value: d },
                            }),
                        ),
                    }),
                }),
            },
        }),
    });

const node = (
    op: string,
    input: string[],
    output: string[],
    attribute: ReturnType<typeof floatAttr>[] = [],
) => create(NodeProtoSchema, { opType: op, name: output[0], input, output, attribute });
const floatAttr = (name: string, f: number) =>
    create(AttributeProtoSchema, { name, type: AttrType.FLOAT, f });
const intAttr = (name: string, i: number) =>
    create(AttributeProtoSchema, { name, type: AttrType.INT, i: BigInt(i) });
const scalar = (out: string, v: number) =>
    create(NodeProtoSchema, {
        opType: 'Constant',
        name: out,
        output: [out],
        attribute: [
            create(AttributeProtoSchema, {
                name: 'value',
                type: AttrType.TENSOR,
                t: encodeTensor(out, tensor('float32', [], [v])),
            }),
        ],
    });

function model(
    nodes: ReturnType<typeof node>[],
    inputs: ReturnType<typeof float>[],
    output: string,
): Uint8Array {
    return toBinary(
        ModelProtoSchema,
        create(ModelProtoSchema, {
            irVersion: 8n,
            opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: 17n })],
            graph: create(GraphProtoSchema, {
                name: 'g',
                node: nodes,
                input: inputs,
                output: [create(ValueInfoProtoSchema, { name: output })],
            }),
        }),
    );
}

// A Linear (Gemm, transB) plus a learned offset of no known role, as `export_params=False` writes it.
const traced = model(
    [
        node('Gemm', ['input', 'fc.weight', 'fc.bias'], ['h'], [intAttr('transB', 1)]),
        node('Add', ['h', 'offset'], ['logits']),
    ],
    [
        float('input', ['batch', 16]),
        float('fc.weight', [10, 16]),
        float('fc.bias', [10]),
        float('offset', [10]),
    ],
    'logits',
);

describe('importing a trace exported without weights', () => {
    it('weightInputsBecomeParametersInitialisedByRole', () => {
        const r = importOnnx(traced, { keepWeights: false, weightsAsInputs: true });
        assert.deepEqual(r.diagnostics, []);
        assert.deepEqual(
            r.inputs.map((v) => v.name),
            ['input'],
        );
        assert.equal(countParams(r.graph!), 16 * 10 + 10 + 10);
        const init = new Map(r.graph!.params.map((p) => [p.value.name, p.init]));
        assert.deepEqual(init.get('fc.weight'), { kind: 'uniform', low: -0.25, high: 0.25 }); // 1/√16
        assert.deepEqual(init.get('fc.bias'), { kind: 'uniform', low: -0.25, high: 0.25 });
        assert.deepEqual(init.get('offset'), { kind: 'normal', mean: 0, std: 0.02 });
    });

    it('withoutTheOptionTheyStayGraphInputs', () => {
        const r = importOnnx(traced, { keepWeights: false });
        assert.deepEqual(
            r.inputs.map((v) => v.name),
            ['input', 'fc.weight', 'fc.bias', 'offset'],
        );
        assert.equal(countParams(r.graph!), 0);
    });
});

describe('MobileNet activations', () => {
    const xs = [-5, -3.5, -1, -0.2, 0, 0.7, 2.5, 3.2, 5.9, 7];
    const cases: [string, ReturnType<typeof node>[], (x: number) => number][] = [
        [
            'Clip',
            [scalar('lo', 0), scalar('hi', 6), node('Clip', ['input', 'lo', 'hi'], ['y'])],
            (x) => Math.min(6, Math.max(0, x)),
        ],
        [
            'HardSigmoid',
            [node('HardSigmoid', ['input'], ['y'], [floatAttr('alpha', 1 / 6)])],
            (x) => Math.min(1, Math.max(0, x / 6 + 0.5)),
        ],
        [
            'HardSwish',
            [node('HardSwish', ['input'], ['y'])],
            (x) => (x * Math.min(6, Math.max(0, x + 3))) / 6,
        ],
    ];
    for (const [op, nodes, f] of cases) {
        it(`${op}ImportsAndRunsAsItsFormula`, async () => {
            const r = importOnnx(model(nodes, [float('input', ['batch', xs.length])], 'y'));
            assert.deepEqual(r.diagnostics, []);
            const session = await createSession(exportModel(r.graph!, {}), { threads: 1 });
            try {
                const out = await session.run({ input: tensor('float32', [1, xs.length], xs) });
                const y = toNumbers(out[r.graph!.outputs[0].name]);
                xs.forEach((x, i) =>
                    assert.ok(Math.abs(y[i] - f(x)) < 1e-6, `${op}(${x}) = ${y[i]}, not ${f(x)}`),
                );
            } finally {
                await session.release();
            }
        });
    }
});

describe("the activations in synflow's data-free pass", () => {
    // conv -> act -> pool -> fc, with weights as inputs; synflow feeds |w| and an all-ones image.
    const net = (act: ReturnType<typeof node>[]) =>
        model(
            [
                node('Conv', ['input', 'c.weight', 'c.bias'], ['z']),
                ...act,
                node('GlobalAveragePool', ['a'], ['p']),
                node('Flatten', ['p'], ['f']),
                node('Gemm', ['f', 'fc.weight', 'fc.bias'], ['logits'], [intAttr('transB', 1)]),
            ],
            [
                float('input', ['batch', 3, 8, 8]),
                float('c.weight', [4, 3, 3, 3]),
                float('c.bias', [4]),
                float('fc.weight', [10, 4]),
                float('fc.bias', [10]),
            ],
            'logits',
        );
    const synflowOf = async (bytes: Uint8Array) => {
        const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lswag-synflow-')), 'net.onnx');
        writeFileSync(file, bytes);
        const options = {
            proxies: ['synflow'],
            data: { kind: 'synthetic' },
            batch: 2,
            batches: 1,
            seed: 3,
            psiSamples: 2,
            gradientMode: 'batches',
        } as const;
        const result = await scoreSpec(
            { family: 'onnx', name: 'net', path: file, keepWeights: false, weightsAsInputs: true },
            {
                compile: (m) => createSession(m, { threads: 1 }),
                data: async () => assert.fail('synflow needs no data'),
                options,
                device: 'cpu',
            },
        );
        assert.deepEqual(result.errors, []);
        return result.scores.synflow!;
    };

    it('reluSixBelowItsCapEqualsReluAndSaturatesAboveIt', async () => {
        // |w| <= 1/sqrt(27) and 27 ones give pre-activations below 6: ReLU6 is ReLU there.
        const relu = await synflowOf(net([node('Relu', ['z'], ['a'])]));
        const relu6 = await synflowOf(
            net([scalar('lo', 0), scalar('hi', 6), node('Clip', ['z', 'lo', 'hi'], ['a'])]),
        );
        const capped = await synflowOf(
            net([scalar('lo', 0), scalar('hi', 0.01), node('Clip', ['z', 'lo', 'hi'], ['a'])]),
        );
        assert.ok(Math.abs(relu6 - relu) < 1e-5, `${relu6} vs ${relu}`);
        assert.ok(
            capped < relu - 1,
            `a saturated clip passes no conv gradient: ${capped} vs ${relu}`,
        );
    });

    it('hardSwishAndHardSigmoidPassTheDataFreePass', async () => {
        const swish = await synflowOf(net([node('HardSwish', ['z'], ['a'])]));
        const sigmoid = await synflowOf(
            net([node('HardSigmoid', ['z'], ['a'], [floatAttr('alpha', 1 / 6)])]),
        );
        assert.ok(Number.isFinite(swish) && Number.isFinite(sigmoid));
        assert.notEqual(swish, sigmoid);
    });
});
