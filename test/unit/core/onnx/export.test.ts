// ONNX export: models load in onnxruntime with parameters either fed as inputs or embedded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { initParams } from '../../../../src/core/ir/init';
import { tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { EXPORT_OPSET, exportModel } from '../../../../src/core/onnx/export';
import { ModelProtoSchema, fromBinary } from '../../../../src/core/onnx/proto';
import { createSession } from '../../../../src/worker/ortSession';

function linearModel() {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const w = b.param('w', 'float32', [3, 2], { kind: 'uniform', low: -1, high: 1 });
    b.output(b.relu(b.matMul(x, w)), 'y');
    return b.graph;
}

describe('onnx export', () => {
    it('parametersAreGraphInputsUnlessEmbedded', async () => {
        const graph = linearModel();
        const weights = initParams(graph, 5);
        const x = tensor('float32', [2, 3], [1, 2, 3, -1, 0.5, 2]);
        const fed = await createSession(exportModel(graph));
        const embedded = await createSession(exportModel(graph, { embedParams: weights }));
        assert.deepEqual([...fed.inputNames].sort(), ['w', 'x']);
        assert.deepEqual([...embedded.inputNames], ['x']);
        const a = await fed.run({ x, w: weights.get('w')! });
        const b = await embedded.run({ x });
        assert.deepEqual(toNumbers(a.y), toNumbers(b.y));
        // Relu(x W) computed by hand for the first row.
        const wv = toNumbers(weights.get('w')!);
        const y00 = Math.max(0, 1 * wv[0] + 2 * wv[2] + 3 * wv[4]);
        assert.ok(Math.abs(toNumbers(a.y)[0] - y00) < 1e-6);
    });

    it('declaresTheTargetOpsetAndStaticShapes', () => {
        const model = fromBinary(ModelProtoSchema, exportModel(linearModel()));
        assert.equal(Number(model.opsetImport[0].version), EXPORT_OPSET);
        const input = model.graph!.input.find((i) => i.name === 'x')!;
        const dims =
            input.type!.value.case === 'tensorType' ? input.type!.value.value.shape!.dim : [];
        assert.deepEqual(
            dims.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : -1)),
            [2, 3],
        );
    });
});
