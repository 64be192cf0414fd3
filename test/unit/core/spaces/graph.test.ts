// The 'graph' family: specs read from user-style PyTorch fixtures and one hand-written spec using
// every op build into IR graphs whose parameter and MAC counts equal the spec's own cost, and
// that run forward and backward in onnxruntime with finite loss and gradients.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { backward } from '../../../../src/core/autodiff/backward';
import {
    createPythonFrontend,
    defaultWasmLocations,
    fileSystemWorkspace,
} from '../../../../src/core/frontends/pythonSource';
import { countMacs, countParams } from '../../../../src/core/ir/costs';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { type TensorData, sizeOf, tensor } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { buildModel, modelCost } from '../../../../src/core/spaces/index';
import { graphCost } from '../../../../src/core/spaces/graphCost';
import type { GraphNode, GraphSpec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/pytorch');

/** One of every op the interpreter does not meet in the fixtures, on a [2, 8, 8] input. */
const EVERY_OP: GraphSpec = (() => {
    const n: GraphNode[] = [
        {
            op: 'conv',
            inputs: [-1],
            shape: [-1, 8, 8, 8],
            attrs: {
                in: 2,
                out: 8,
                kernel: [3, 3],
                stride: [1, 1],
                padding: [1, 1],
                dilation: [1, 1],
                groups: 1,
                bias: true,
            },
            path: 'c',
        }, // 0
        {
            op: 'groupnorm',
            inputs: [0],
            shape: [-1, 8, 8, 8],
            attrs: { groups: 2, channels: 8, affine: true, eps: 1e-5 },
            path: 'gn',
        }, // 1
        { op: 'relu6', inputs: [1], shape: [-1, 8, 8, 8] }, // 2
        { op: 'hardswish', inputs: [2], shape: [-1, 8, 8, 8] }, // 3
        { op: 'hardsigmoid', inputs: [3], shape: [-1, 8, 8, 8] }, // 4
        { op: 'silu', inputs: [4], shape: [-1, 8, 8, 8] }, // 5
        {
            op: 'avgpool',
            inputs: [5],
            shape: [-1, 8, 4, 4],
            attrs: { kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceil: false },
        }, // 6
        { op: 'upsample', inputs: [6], shape: [-1, 8, 8, 8], attrs: { factor: [2, 2] } }, // 7
        { op: 'mul', inputs: [7, 5], shape: [-1, 8, 8, 8] }, // 8
        { op: 'scale', inputs: [8], shape: [-1, 8, 8, 8], attrs: { mul: 0.5, add: 1 } }, // 9
        { op: 'reshape', inputs: [9], shape: [-1, 8, 64] }, // 10
        { op: 'permute', inputs: [10], shape: [-1, 64, 8], attrs: { perm: [0, 2, 1] } }, // 11
        { op: 'param', inputs: [], shape: [1, 1, 8], path: 'token' }, // 12
        { op: 'expand', inputs: [12], shape: [-1, 1, 8] }, // 13
        { op: 'cat', inputs: [13, 11], shape: [-1, 65, 8], attrs: { axis: 1 } }, // 14
        {
            op: 'layernorm',
            inputs: [14],
            shape: [-1, 65, 8],
            attrs: { dims: [8], affine: true, eps: 1e-6 },
            path: 'ln',
        }, // 15
        {
            op: 'slice',
            inputs: [15],
            shape: [-1, 1, 8],
            attrs: { axis: 1, start: 0, end: 1, step: 1 },
        }, // 16
        { op: 'mean', inputs: [15], shape: [-1, 8], attrs: { axes: [1], keepdim: false } }, // 17
        { op: 'reshape', inputs: [16], shape: [-1, 8] }, // 18
        { op: 'sub', inputs: [17, 18], shape: [-1, 8] }, // 19
        {
            op: 'linear',
            inputs: [19],
            shape: [-1, 5],
            attrs: { in: 8, out: 5, bias: true },
            path: 'head',
        }, // 20
        { op: 'logsoftmax', inputs: [20], shape: [-1, 5], attrs: { axis: 1 } }, // 21
    ];
    return {
        family: 'graph',
        name: 'everyOp',
        input: [2, 8, 8],
        inputFrom: 'test',
        classes: 5,
        nodes: n,
        output: 21,
    };
})();

async function fixtureSpecs(): Promise<GraphSpec[]> {
    const fe = await createPythonFrontend(defaultWasmLocations()!);
    const out: GraphSpec[] = [];
    for (const f of [
        'cnn_stages.py',
        'residual_blocks.py',
        'small_transformer.py',
        'unet_like.py',
    ]) {
        const file = path.join(FIXTURES, f);
        const { specs } = fe.read(readFileSync(file, 'utf8'), file, {
            workspace: fileSystemWorkspace(),
        });
        out.push(...specs.filter((s): s is GraphSpec => s.family === 'graph'));
    }
    return out;
}

async function forwardBackward(spec: GraphSpec): Promise<void> {
    const built = buildModel(spec, { batch: 4, ghostGroups: 2 });
    const b = new GraphBuilder(built.graph);
    built.graph.outputs.length = 0;
    const loss = crossEntropy(b, built.logits, b.constant(oneHot([0, 1, 2, 3], built.classes)), 2);
    const params = built.graph.params.map((p) => p.value);
    const grads = backward(b, loss, { wrt: params });
    b.output(loss, 'loss');
    params.forEach((p, i) => b.output(grads.get(p)!, `g${i}`));
    const feeds: Record<string, TensorData> = Object.fromEntries(initParams(built.graph, 1));
    const rng = new Rng(3);
    feeds[built.input.name] = tensor(
        'float32',
        built.input.shape,
        Array.from({ length: sizeOf(built.input.shape) }, () => rng.normal()),
    );
    const session = await createSession(exportModel(built.graph));
    const out = await session.run(feeds);
    await session.release();
    const l = out.loss.data[0] as number;
    assert.ok(Number.isFinite(l), `${spec.name}: loss ${l}`);
    const nonZero = params.filter((_, i) =>
        (out[`g${i}`].data as Float32Array).some((v) => v !== 0),
    ).length;
    assert.ok(
        nonZero > params.length / 2,
        `${spec.name}: ${nonZero}/${params.length} parameters got a gradient`,
    );
}

describe('graph specs', () => {
    it('graphCostEqualsTheBuiltGraphsParamsAndMacs', async () => {
        for (const spec of [EVERY_OP, ...(await fixtureSpecs())]) {
            const built = buildModel(spec, { batch: 3 });
            const { moduleParams: _, ...withoutModuleCount } = spec;
            assert.equal(
                graphCost(withoutModuleCount).params,
                countParams(built.graph),
                `${spec.name} params`,
            );
            assert.equal(modelCost(spec).flops, countMacs(built.graph, 3), `${spec.name} MACs`);
            assert.deepEqual(built.logits.shape, [3, spec.classes]);
        }
    });

    it('everyOpRunsForwardAndBackwardInOnnxruntime', async () => {
        await forwardBackward(EVERY_OP);
    });

    it('userStyleFixturesRunForwardAndBackwardInOnnxruntime', async () => {
        const specs = await fixtureSpecs();
        assert.ok(specs.length >= 7);
        for (const spec of specs.filter((s) =>
            ['MnistNet', 'ResNetLike', 'TinyViT', 'UNetClassifier'].includes(s.name),
        ))
            await forwardBackward(spec);
    });

    it('aShapeTheSpecDoesNotKeepIsReportedWithTheModulePath', () => {
        const bad: GraphSpec = {
            ...EVERY_OP,
            nodes: EVERY_OP.nodes.map((n, i) => (i === 0 ? { ...n, shape: [-1, 8, 7, 7] } : n)),
        };
        assert.throws(
            () => buildModel(bad, { batch: 1 }),
            /^Error: c \(conv\) gives \[1,8,8,8\], expected \[1,8,7,7\]/,
        );
    });
});
