// Merging equal nodes before export: repeated reshapes/transposes of one tensor and equal constants
// collapse to one, nodes that differ in an attribute, a constant's value or an input stay apart,
// graph outputs keep their nodes, and the merged model computes the same values in onnxruntime.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { mergeCommonSubexpressions } from '../../../../src/core/onnx/commonSubexpressions';
import { exportModel } from '../../../../src/core/onnx/export';
import { ModelProtoSchema, fromBinary } from '../../../../src/core/onnx/proto';
import { createSession } from '../../../../src/worker/ortSession';

/** y = r1 * r2 + t1 + t2 + Relu(x) twice, with r1 = r2 and t1 = t2 built separately; z = r3 (another shape). */
function repetitive() {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const r1 = b.reshape(x, [3, 2]); // each call makes its own shape constant
    const r2 = b.reshape(x, [3, 2]);
    const r3 = b.reshape(x, [6, 1]);
    const t1 = b.transpose(b.transpose(x, [1, 0]), [1, 0]);
    const t2 = b.transpose(b.transpose(x, [1, 0]), [1, 0]);
    const sum = b.add(b.add(b.reshape(b.mul(r1, r2), [2, 3]), t1), t2);
    b.output(b.add(sum, b.relu(x)), 'y');
    b.output(b.op('Relu', [x], {}, { name: 'also_relu' })); // equal to the Relu above, but a graph output
    b.output(r3, 'z');
    return b.graph;
}

const opsOf = (model: Uint8Array) =>
    fromBinary(ModelProtoSchema, model).graph!.node.map((n) => n.opType);
const count = (ops: string[], op: string) => ops.filter((o) => o === op).length;

describe('common subexpressions', () => {
    it('equalNodesAndConstantsMergeAndNodesThatDifferStayApart', () => {
        const graph = repetitive();
        const merged = mergeCommonSubexpressions(
            { nodes: graph.nodes, constants: graph.constants },
            graph.outputs,
        );
        const ops = merged.nodes.map((n) => n.op);
        // Reshapes: [3,2] once (was twice), [6,1], and the [2,3] of the product.
        assert.equal(
            count(
                graph.nodes.map((n) => n.op),
                'Reshape',
            ),
            4,
        );
        assert.equal(count(ops, 'Reshape'), 3);
        assert.equal(count(ops, 'Transpose'), 2, 'the second chain of two transposes is the first');
        assert.equal(count(ops, 'Relu'), 2, 'the graph output keeps its own Relu');
        const mul = merged.nodes.find((n) => n.op === 'Mul')!;
        assert.equal(mul.inputs[0], mul.inputs[1], 'r1 * r2 reads one reshape twice');
        const shapes = [...merged.constants.values()]
            .filter((t) => t.dtype === 'int64')
            .map((t) => toNumbers(t).join(','));
        assert.deepEqual(shapes.sort(), ['2,3', '3,2', '6,1'], 'one constant per distinct shape');
        for (const n of merged.nodes)
            for (const v of n.inputs)
                assert.ok(
                    !v || v.kind !== 'node' || merged.nodes.some((m) => m.outputs.includes(v)),
                    `${n.name} reads a removed value`,
                );
    });

    it('theMergedModelComputesTheSameValues', async () => {
        const graph = repetitive();
        const model = exportModel(graph);
        assert.equal(count(opsOf(model), 'Reshape'), 3);
        const session = await createSession(model);
        const xs = [1, -2, 3, 0.5, -1, 2];
        const out = await session.run({ x: tensor('float32', [2, 3], xs) });
        await session.release();
        // r1 * r2 reshaped back is x * x elementwise; t1 = t2 = x.
        assert.deepEqual(
            toNumbers(out.y),
            xs.map((v) => v * v + 2 * v + Math.max(0, v)),
        );
        assert.deepEqual(
            toNumbers(out.also_relu),
            xs.map((v) => Math.max(0, v)),
        );
        assert.deepEqual(toNumbers(out.z), xs);
    });

    it('constantsThatDifferOnlyInValueOrDtypeAreNotMerged', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [40]);
        const big = (v: number) =>
            b.constant(
                tensor(
                    'float32',
                    [40],
                    Array.from({ length: 40 }, (_, i) => (i === 39 ? v : i)),
                ),
            );
        b.output(b.add(b.mul(x, big(1)), b.mul(x, big(2))), 'y');
        // Same bytes (all zero), different dtypes.
        b.output(b.add(b.input('xf', 'float32', []), b.constant(tensor('float32', [], [0]))), 'f');
        b.output(b.add(b.input('xi', 'int32', []), b.constant(tensor('int32', [], [0]))), 'i');
        const merged = mergeCommonSubexpressions(
            { nodes: b.graph.nodes, constants: b.graph.constants },
            b.graph.outputs,
        );
        assert.equal(
            count(
                merged.nodes.map((n) => n.op),
                'Mul',
            ),
            2,
        );
        assert.equal(
            count(
                merged.nodes.map((n) => n.op),
                'Add',
            ),
            3,
        );
        assert.equal(merged.constants.size, b.graph.constants.size);
    });
});
