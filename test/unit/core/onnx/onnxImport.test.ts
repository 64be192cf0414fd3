// Checks the ONNX importer against PyTorch exports and hand-built models, running results in
// onnxruntime (the original model in onnxruntime is the oracle where no JS expectation is simpler).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ImportResult, importOnnx } from '../../../../src/core/frontends/onnxImport';
import type { Graph } from '../../../../src/core/ir/graph';
import {
    type DType,
    type TensorData,
    onnxTypeCodes,
    sizeOf,
    tensor,
    toNumbers,
} from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import {
    AttrType,
    type AttributeProto,
    AttributeProtoSchema,
    GraphProtoSchema,
    ModelProtoSchema,
    type NodeProto,
    NodeProtoSchema,
    OperatorSetIdProtoSchema,
    type TensorProto,
    TensorShapeProtoSchema,
    TensorShapeProto_DimensionSchema,
    TypeProtoSchema,
    TypeProto_TensorSchema,
    type ValueInfoProto,
    ValueInfoProtoSchema,
    create,
    toBinary,
} from '../../../../src/core/onnx/proto';
import { encodeTensor } from '../../../../src/core/onnx/tensorProto';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';

const fixtureDir = path.join(__dirname, '../../../fixtures/torch');

// Fixture generation: minimal ONNX models built inline.

type Attr = number | string | number[] | { floats: number[] } | { float: number } | TensorData;

function attribute(name: string, a: Attr): AttributeProto {
    if (typeof a === 'number')
        return create(AttributeProtoSchema, { name, type: AttrType.INT, i: BigInt(a) });
    if (typeof a === 'string')
        return create(AttributeProtoSchema, {
            name,
            type: AttrType.STRING,
            s: new TextEncoder().encode(a),
        });
    if (Array.isArray(a))
        return create(AttributeProtoSchema, { name, type: AttrType.INTS, ints: a.map(BigInt) });
    if ('float' in a)
        return create(AttributeProtoSchema, { name, type: AttrType.FLOAT, f: a.float });
    if ('floats' in a)
        return create(AttributeProtoSchema, { name, type: AttrType.FLOATS, floats: a.floats });
    return create(AttributeProtoSchema, { name, type: AttrType.TENSOR, t: encodeTensor(name, a) });
}

function node(
    op: string,
    inputs: string[],
    outputs: string[],
    attrs: Record<string, Attr> = {},
    extra: { name?: string; domain?: string } = {},
): NodeProto {
    return create(NodeProtoSchema, {
        opType: op,
        name: extra.name ?? outputs[0],
        domain: extra.domain ?? '',
        input: inputs,
        output: outputs,
        attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
}

const constNode = (out: string, t: TensorData) => node('Constant', [], [out], { value: t });

function valueInfo(name: string, dtype: DType, dims: (number | string)[]): ValueInfoProto {
    const dim = dims.map((d) =>
        create(TensorShapeProto_DimensionSchema, {
            value:
                typeof d === 'number'
                    ? { case: 'dimValue', value: BigInt(d) }
                    : { case: 'dimParam', value: d },
        }),
    );
    const tensorType = create(TypeProto_TensorSchema, {
        elemType: onnxTypeCodes[dtype],
        shape: create(TensorShapeProtoSchema, { dim }),
    });
    return create(ValueInfoProtoSchema, {
        name,
        type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }),
    });
}

interface ModelSpec {
    nodes: NodeProto[];
    inputs: ValueInfoProto[];
    outputs: string[];
    initializers?: TensorProto[];
    opset?: number;
    domains?: string[];
}

function model(spec: ModelSpec): Uint8Array {
    return toBinary(
        ModelProtoSchema,
        create(ModelProtoSchema, {
            irVersion: 8n,
            opsetImport: [
                create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(spec.opset ?? 17) }),
                ...(spec.domains ?? []).map((domain) =>
                    create(OperatorSetIdProtoSchema, { domain, version: 1n }),
                ),
            ],
            graph: create(GraphProtoSchema, {
                name: 'g',
                node: spec.nodes,
                input: spec.inputs,
                output: spec.outputs.map((name) => create(ValueInfoProtoSchema, { name })),
                initializer: spec.initializers ?? [],
            }),
        }),
    );
}

function randomTensor(shape: number[], seed: number): TensorData {
    const rng = new Rng(seed);
    return tensor(
        'float32',
        shape,
        Array.from({ length: sizeOf(shape) }, () => rng.normal()),
    );
}

// Running.

function givenWeights(graph: Graph): Map<string, TensorData> {
    return new Map(
        graph.params.map((p) => [
            p.value.name,
            p.init.kind === 'given' ? p.init.data : assert.fail(p.value.name),
        ]),
    );
}

async function runOnnx(
    bytes: Uint8Array,
    feeds: Record<string, TensorData>,
): Promise<Record<string, TensorData>> {
    const session = await createSession(bytes, { threads: 1 });
    try {
        return await session.run(feeds);
    } finally {
        await session.release();
    }
}

/** Asserts no import errors, re-exports with the kept weights, runs; outputs in graph order. */
async function runImported(
    r: ImportResult,
    feeds: Record<string, TensorData>,
): Promise<TensorData[]> {
    assert.deepEqual(errors(r), []);
    const graph = r.graph!;
    const out = await runOnnx(exportModel(graph, { embedParams: givenWeights(graph) }), feeds);
    return graph.outputs.map((v) => out[v.name]);
}

const errors = (r: ImportResult) => r.diagnostics.filter((d) => d.severity === 'error');

function assertClose(
    actual: ArrayLike<number>,
    expected: ArrayLike<number>,
    rel: number,
    what: string,
): void {
    assert.equal(actual.length, expected.length, `${what}: length`);
    for (let i = 0; i < expected.length; i++) {
        const tol = rel * Math.max(Math.abs(expected[i]), 1e-3);
        assert.ok(
            Math.abs(actual[i] - expected[i]) <= tol,
            `${what}[${i}]: ${actual[i]} vs ${expected[i]}`,
        );
    }
}

// Tests.

for (const name of ['small_cnn', 'small_vit_block']) {
    test(`${name}ImportsAndReproducesPyTorchTrainModeLogits`, async () => {
        const fx = JSON.parse(readFileSync(path.join(fixtureDir, `${name}.json`), 'utf8'));
        const r = importOnnx(readFileSync(path.join(fixtureDir, `${name}.onnx`)), {
            fileName: `${name}.onnx`,
        });
        const x = tensor('float32', fx.input.shape, fx.input.values);
        const [logits] = await runImported(r, { [fx.input_name]: x });
        assert.equal(r.logits?.name, fx.output_name);
        assert.deepEqual(logits.shape, fx.logits.shape);
        assertClose(toNumbers(logits), fx.logits_float32.values, 1e-4, 'logits vs float32');
        assertClose(toNumbers(logits), fx.logits.values, 1e-4, 'logits vs float64');
        // Trainable initialisers, and only those, are parameters (BN running statistics are not).
        const trainable = fx.initializers
            .filter((i: { trainable: boolean }) => i.trainable)
            .map((i: { name: string }) => i.name);
        assert.deepEqual(
            r.graph!.params.map((p) => p.value.name),
            trainable,
        );
        const ops = r.graph!.nodes.map((n) => n.op);
        assert.ok(!ops.includes('BatchNormalization'), 'training BN is lowered');
        if (name === 'small_vit_block') {
            assert.equal(ops.filter((op) => op === 'Gelu').length, 1);
            assert.ok(!ops.includes('Erf'), 'the Div-Erf-Add-Mul-Mul chain is gone');
            const gelu = r.graph!.nodes.find((n) => n.op === 'Gelu')!;
            assert.deepEqual(r.sources.get(gelu.outputs[0])?.fused, [
                '/Div',
                '/Erf',
                '/Add_1',
                '/Mul_1',
                '/Mul_2',
            ]);
        } else {
            assert.equal(
                ops.filter((op) => op === 'BatchNormTraining').length,
                2,
                'both training BNs become composite nodes (expanded to plain ONNX on export)',
            );
            const conv = r.graph!.nodes.find((n) => n.op === 'Conv')!;
            assert.equal(r.sources.get(conv.outputs[0])?.node, '/conv1/Conv');
        }
    });
}

test('everyUnsupportedOpIsReportedWithNameAndIndexWithoutThrowing', () => {
    const bytes = model({
        inputs: [valueInfo('x', 'float32', [1, 4])],
        nodes: [
            node('Relu', ['x'], ['r']),
            node('NonMaxSuppression', ['r', 'r'], ['nms'], {}, { name: 'nms_node' }),
            node('Foo', ['nms'], ['foo'], {}, { name: 'foo_node', domain: 'com.example' }),
            node('Gelu', ['foo'], ['g'], {}, { name: 'ms_gelu', domain: 'com.microsoft' }),
            node('Relu', ['g'], ['y']),
        ],
        outputs: ['y'],
        domains: ['com.example', 'com.microsoft'],
    });
    const r = importOnnx(bytes);
    assert.equal(r.graph, undefined);
    const found = errors(r).map((d) => ({ op: d.op, node: d.node, nodeIndex: d.nodeIndex }));
    assert.deepEqual(found, [
        { op: 'NonMaxSuppression', node: 'nms_node', nodeIndex: 1 },
        { op: 'Foo', node: 'foo_node', nodeIndex: 2 },
        { op: 'Gelu', node: 'ms_gelu', nodeIndex: 3 },
    ]);
    assert.match(errors(r)[1].message, /'Foo' \(domain 'com\.example'\).*'foo_node'.*#2/);
});

test('truncatedAndRandomBytesGiveAnErrorDiagnosticNotAThrow', () => {
    const good = readFileSync(path.join(fixtureDir, 'small_cnn.onnx'));
    const rng = new Rng(7);
    const cases: Uint8Array[] = [
        new Uint8Array(0),
        good.subarray(0, good.length >> 1),
        good.subarray(0, 100),
    ];
    for (let k = 0; k < 20; k++)
        cases.push(Uint8Array.from({ length: 1 + rng.int(400) }, () => rng.int(256)));
    for (const bytes of cases) {
        const r = importOnnx(bytes, { fileName: 'broken.onnx' });
        assert.equal(r.graph, undefined);
        assert.ok(errors(r).length > 0, `no error for ${bytes.length} bytes`);
    }
});

test('shapeArithmeticFoldsIntoOneReshapeWithConstantShape', async () => {
    const bytes = model({
        // A symbolic batch dimension, resolved by batchSize.
        inputs: [valueInfo('x', 'float32', ['batch', 3, 4])],
        nodes: [
            node('Shape', ['x'], ['s']),
            constNode('zero', tensor('int64', [], [0])),
            node('Gather', ['s', 'zero'], ['n'], { axis: 0 }),
            constNode('axes', tensor('int64', [1], [0])),
            node('Unsqueeze', ['n', 'axes'], ['n1']),
            constNode('rest', tensor('int64', [1], [-1])),
            node('Concat', ['n1', 'rest'], ['shape'], { axis: 0 }),
            node('Reshape', ['x', 'shape'], ['y']),
        ],
        outputs: ['y'],
    });
    const r = importOnnx(bytes, { batchSize: 2 });
    assert.deepEqual(
        r.graph?.nodes.map((n) => n.op),
        ['Reshape'],
    );
    const shape = r.graph!.constantOf(r.graph!.nodes[0].inputs[1]!);
    assert.deepEqual(shape && toNumbers(shape), [2, -1]);
    const x = randomTensor([2, 3, 4], 1);
    const [y] = await runImported(r, { x });
    assert.deepEqual(y.shape, [2, 12]);
    assert.deepEqual(Array.from(y.data as Float32Array), Array.from(x.data as Float32Array));
});

test('symbolicNonBatchDimensionIsAnErrorNamingTheInput', () => {
    const bytes = model({
        inputs: [valueInfo('tokens', 'float32', [1, 'seq'])],
        nodes: [node('Relu', ['tokens'], ['y'])],
        outputs: ['y'],
    });
    const r = importOnnx(bytes);
    assert.equal(r.graph, undefined);
    assert.match(errors(r)[0].message, /'tokens'.*'seq'.*axis 1/);
});

test('opset13ReduceMeanAxesAttributeBecomesAnInputAndMatchesJs', async () => {
    const bytes = model({
        opset: 13,
        inputs: [valueInfo('x', 'float32', [2, 3, 4])],
        nodes: [
            node('ReduceMean', ['x'], ['m'], { axes: [1], keepdims: 1 }),
            constNode('sumAxes', tensor('int64', [1], [-1])),
            node('ReduceSum', ['x', 'sumAxes'], ['s'], { keepdims: 0 }), // Already an input at 13.
            node('Split', ['x'], ['a', 'b'], { axis: 2 }), // Equal split, no num_outputs before 18.
        ],
        outputs: ['m', 's', 'a', 'b'],
    });
    const r = importOnnx(bytes);
    assert.equal(r.opset, 13);
    const reduceMean = r.graph?.nodes.find((n) => n.op === 'ReduceMean');
    assert.equal(reduceMean?.attrs.axes, undefined);
    const x = randomTensor([2, 3, 4], 2);
    const [m, s, a, b] = await runImported(r, { x });
    const xs = toNumbers(x);
    const at = (i: number, j: number, k: number) => xs[i * 12 + j * 4 + k];
    const mean: number[] = [];
    for (let i = 0; i < 2; i++)
        for (let k = 0; k < 4; k++) mean.push((at(i, 0, k) + at(i, 1, k) + at(i, 2, k)) / 3);
    assert.deepEqual(m.shape, [2, 1, 4]);
    assertClose(toNumbers(m), mean, 1e-5, 'ReduceMean');
    const sum: number[] = [];
    for (let i = 0; i < 2; i++)
        for (let j = 0; j < 3; j++) sum.push(at(i, j, 0) + at(i, j, 1) + at(i, j, 2) + at(i, j, 3));
    assertClose(toNumbers(s), sum, 1e-5, 'ReduceSum');
    assert.deepEqual(
        [a.shape, b.shape],
        [
            [2, 3, 2],
            [2, 3, 2],
        ],
    );
});

test('keepWeightsFalseDrawsPyTorchDefaultBoundsAndKeepsShapes', () => {
    const check = (name: string, bounds: Record<string, number | 'one' | 'zero'>) => {
        const bytes = readFileSync(path.join(fixtureDir, `${name}.onnx`));
        const kept = importOnnx(bytes).graph!;
        const fresh = importOnnx(bytes, { keepWeights: false }).graph!;
        assert.deepEqual(
            fresh.params.map((p) => [p.value.name, p.value.shape]),
            kept.params.map((p) => [p.value.name, p.value.shape]),
        );
        for (const [param, bound] of Object.entries(bounds)) {
            const init = fresh.params.find((p) => p.value.name === param)!.init;
            if (bound === 'one' || bound === 'zero') {
                assert.deepEqual(init, { kind: 'constant', value: bound === 'one' ? 1 : 0 }, param);
                continue;
            }
            assert.equal(init.kind, 'uniform', param);
            assert.ok(
                init.kind === 'uniform' &&
                    Math.abs(init.high - bound) < 1e-12 &&
                    init.low === -init.high,
                param,
            );
            // The fixture's own weights were drawn by PyTorch: they fill the same range.
            const given = kept.params.find((p) => p.value.name === param)!.init;
            const maxAbs = Math.max(
                ...toNumbers(given.kind === 'given' ? given.data : assert.fail()).map(Math.abs),
            );
            assert.ok(
                maxAbs <= bound && maxAbs > 0.5 * bound,
                `${param}: max |w| ${maxAbs} vs bound ${bound}`,
            );
        }
    };
    const inv = (fanIn: number) => 1 / Math.sqrt(fanIn);
    check('small_cnn', {
        'conv1.weight': inv(27),
        'shortcut.weight': inv(3),
        'shortcut.bias': inv(3),
        'conv2.weight': inv(36),
        'fc.weight': inv(6),
        'fc.bias': inv(6),
        'bn1.weight': 'one',
        'bn1.bias': 'zero',
    });
    check('small_vit_block', {
        'qkv.weight': inv(8),
        'qkv.bias': inv(8),
        'fc2.weight': inv(16),
        'fc2.bias': inv(16),
        'head.weight': inv(8),
        'norm1.weight': 'one',
        'norm2.bias': 'zero',
    });
});

test('geluIsFusedInAnyAssociationOrderOnlyWithExactConstants', async () => {
    const build = (divisor: number) =>
        model({
            inputs: [valueInfo('x', 'float32', [2, 5])],
            nodes: [
                constNode('half', tensor('float32', [], [0.5])),
                constNode('invSqrt2', tensor('float32', [], [1 / divisor])),
                constNode('one', tensor('float32', [], [1])),
                node('Mul', ['half', 'x'], ['hx']),
                node('Mul', ['x', 'invSqrt2'], ['u']),
                node('Erf', ['u'], ['e']),
                node('Add', ['one', 'e'], ['e1']),
                node('Mul', ['hx', 'e1'], ['y']),
            ],
            outputs: ['y'],
        });
    const x = randomTensor([2, 5], 3);
    for (const [divisor, fused] of [
        [Math.SQRT2, true],
        [1.5, false],
    ] as const) {
        const bytes = build(divisor);
        const r = importOnnx(bytes);
        assert.equal(
            r.graph?.nodes.some((n) => n.op === 'Gelu'),
            fused,
        );
        assert.equal(
            r.graph?.nodes.some((n) => n.op === 'Erf'),
            !fused,
        );
        const [y] = await runImported(r, { x });
        assertClose(toNumbers(y), toNumbers((await runOnnx(bytes, { x })).y), 1e-5, 'gelu');
    }
});

test('autoPadAndDropoutImportAsExplicitPadsAndIdentity', async () => {
    const bytes = model({
        inputs: [valueInfo('x', 'float32', [1, 2, 5, 5])],
        initializers: [
            encodeTensor('w', randomTensor([3, 2, 2, 2], 4)),
            encodeTensor('ratio', tensor('float32', [], [0.1])),
            encodeTensor('train', tensor('bool', [], [1])),
        ],
        nodes: [
            node('Conv', ['x', 'w'], ['c'], { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
            node('MaxPool', ['c'], ['p'], { auto_pad: 'SAME_LOWER', kernel_shape: [2, 2] }),
            node('Dropout', ['p', 'ratio', 'train'], ['y']),
        ],
        outputs: ['y'],
    });
    const r = importOnnx(bytes);
    assert.match(
        r.diagnostics.find((d) => d.severity === 'warning')?.message ?? '',
        /Dropout.*Identity/,
    );
    const conv = r.graph?.nodes.find((n) => n.op === 'Conv');
    assert.deepEqual(conv?.attrs.pads, { kind: 'ints', value: [0, 0, 1, 1] });
    const x = randomTensor([1, 2, 5, 5], 5);
    const [y] = await runImported(r, { x });
    // Why: the oracle runs in inference mode, where Dropout is the identity too.
    const noDropout = model({
        inputs: [valueInfo('x', 'float32', [1, 2, 5, 5])],
        initializers: [encodeTensor('w', randomTensor([3, 2, 2, 2], 4))],
        nodes: [
            node('Conv', ['x', 'w'], ['c'], { auto_pad: 'SAME_UPPER', strides: [2, 2] }),
            node('MaxPool', ['c'], ['y'], { auto_pad: 'SAME_LOWER', kernel_shape: [2, 2] }),
        ],
        outputs: ['y'],
    });
    const expected = (await runOnnx(noDropout, { x })).y;
    assert.deepEqual(y.shape, expected.shape);
    assertClose(toNumbers(y), toNumbers(expected), 1e-5, 'conv+pool');
});

test('inferenceBatchNormIsImportedInTrainingModeWithBatchStatisticsAndOneWarning', async () => {
    const c = (name: string, values: number[]) =>
        encodeTensor(name, tensor('float32', [2], values));
    const scale = [1.5, 0.5];
    const shift = [0.1, -0.2];
    const bytes = model({
        opset: 15,
        inputs: [valueInfo('x', 'float32', [3, 2, 2])],
        initializers: [c('s', scale), c('b', shift), c('m', [0.3, -1]), c('v', [2, 0.25])],
        nodes: [node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], { training_mode: 0 })],
        outputs: ['y'],
    });
    const r = importOnnx(bytes);
    const ops = r.graph?.nodes.map((n) => n.op) ?? [];
    assert.ok(
        ops.includes('BatchNormTraining') && !ops.includes('BatchNormalization'),
        ops.join(', '),
    );
    assert.deepEqual(
        r.graph?.params.map((p) => p.value.name),
        ['s', 'b'],
    );
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(
        warnings[0].message,
        /1 BatchNormalization node is in inference mode.*running statistics are unused/,
    );
    // Expected: per channel, the batch's own mean and population variance over rows and positions.
    const x = randomTensor([3, 2, 2], 6);
    const v = toNumbers(x);
    const expected = new Array<number>(v.length);
    for (let ch = 0; ch < 2; ch++) {
        const at = [0, 1, 2].flatMap((row) => [0, 1].map((k) => row * 4 + ch * 2 + k));
        const mean = at.reduce((sum, i) => sum + v[i], 0) / at.length;
        const variance = at.reduce((sum, i) => sum + (v[i] - mean) ** 2, 0) / at.length;
        for (const i of at)
            expected[i] = ((v[i] - mean) / Math.sqrt(variance + 1e-5)) * scale[ch] + shift[ch];
    }
    const [y] = await runImported(r, { x });
    assertClose(toNumbers(y), expected, 1e-5, 'BN with batch statistics');
});

test('opsetsOutside13To22AreRejectedWithADiagnostic', () => {
    for (const opset of [12, 23]) {
        const r = importOnnx(
            model({
                opset,
                inputs: [valueInfo('x', 'float32', [1])],
                nodes: [node('Relu', ['x'], ['y'])],
                outputs: ['y'],
            }),
        );
        assert.equal(r.graph, undefined);
        assert.match(errors(r)[0].message, new RegExp(`opset ${opset}`));
    }
});
