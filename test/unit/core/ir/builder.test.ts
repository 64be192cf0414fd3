// Shape inference, constant folding and error reporting of the graph builder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { int, ints } from '../../../../src/core/ir/attrs';
import { GraphBuilder, UnsupportedOpError } from '../../../../src/core/ir/builder';
import { ShapeError } from '../../../../src/core/ir/opSchema';
import { tensor, toNumbers } from '../../../../src/core/ir/tensor';

describe('shape inference', () => {
    it('broadcastsBinaryOpsNumpyStyle', () => {
        const b = new GraphBuilder();
        const y = b.add(b.input('a', 'float32', [2, 1, 4]), b.input('b', 'float32', [3, 1]));
        assert.deepEqual(y.shape, [2, 3, 4]);
    });

    it('rejectsIncompatibleBroadcastNamingTheNode', () => {
        const b = new GraphBuilder();
        assert.throws(
            () => b.add(b.input('a', 'float32', [2, 3]), b.input('b', 'float32', [4])),
            (e: Error) => {
                assert.ok(e instanceof ShapeError);
                assert.match(e.message, /Add.*cannot broadcast \[2,3\] with \[4\]/);
                return true;
            },
        );
    });

    it('convOutputFollowsStridePadDilationAndGroups', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2, 4, 9, 7]);
        const w = b.input('w', 'float32', [6, 2, 3, 3]);
        const y = b.op('Conv', [x, w], {
            strides: ints([2, 1]),
            pads: ints([1, 0, 1, 0]),
            dilations: ints([1, 2]),
            group: int(2),
        });
        // H: (9 + 2 - 3) / 2 + 1 = 5; W: (7 - (2*2+1)) / 1 + 1 = 3.
        assert.deepEqual(y.shape, [2, 6, 5, 3]);
    });

    it('poolCeilModeDropsWindowsStartingInThePadding', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [1, 1, 5, 5]);
        const floor = b.op('MaxPool', [x], { kernel_shape: ints([2, 2]), strides: ints([2, 2]) });
        const ceil = b.op('MaxPool', [x], {
            kernel_shape: ints([2, 2]),
            strides: ints([2, 2]),
            ceil_mode: int(1),
        });
        assert.deepEqual(floor.shape, [1, 1, 2, 2]);
        assert.deepEqual(ceil.shape, [1, 1, 3, 3]);
    });

    it('matMulHandlesVectorsAndBatchBroadcast', () => {
        const b = new GraphBuilder();
        assert.deepEqual(
            b.matMul(b.input('a', 'float32', [2, 1, 3, 4]), b.input('b', 'float32', [5, 4, 6]))
                .shape,
            [2, 5, 3, 6],
        );
        assert.deepEqual(
            b.matMul(b.input('v', 'float32', [4]), b.input('m', 'float32', [4, 6])).shape,
            [6],
        );
        assert.throws(
            () => b.matMul(b.input('p', 'float32', [2, 3]), b.input('q', 'float32', [4, 2])),
            /inner dims/,
        );
    });

    it('reshapeInfersMinusOneAndCopiesZero', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2, 3, 4]);
        assert.deepEqual(b.reshape(x, [0, -1]).shape, [2, 12]);
        assert.throws(() => b.reshape(x, [5, -1]), /cannot reshape/);
    });

    it('sliceClampsAndHandlesNegativeSteps', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [10, 6]);
        assert.deepEqual(b.slice(x, [-3, 0], [1e9, 6], [0, 1], [1, 2]).shape, [3, 3]);
        assert.deepEqual(b.slice(x, [-1], [-1e9], [0], [-3]).shape, [4, 6]); // rows 9, 6, 3, 0
    });

    it('unsupportedOpsAreReportedByNameAndNode', () => {
        const b = new GraphBuilder();
        assert.throws(
            () => b.op('NonMaxSuppression', [b.input('x', 'float32', [1])]),
            (e: Error) => {
                assert.ok(e instanceof UnsupportedOpError);
                assert.equal(e.op, 'NonMaxSuppression');
                assert.match(e.message, /NonMaxSuppression/);
                return true;
            },
        );
    });
});

describe('constant folding', () => {
    it('foldsShapeGatherConcatChainsIntoAConstantReshapeTarget', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2, 3, 4]);
        const shape = b.op('Shape', [x]);
        const batch = b.unsqueeze(b.gather(shape, b.constant(tensor('int64', [], [0]))), [0]);
        const target = b.concat([batch, b.ints([-1])], 0);
        const y = b.op('Reshape', [x, target]);
        assert.deepEqual(y.shape, [2, 12]);
        assert.deepEqual(toNumbers(b.graph.constantOf(target)!), [2, -1]);
        // Only the Reshape remains: every shape op folded.
        assert.deepEqual(
            b.graph.nodes.map((n) => n.op),
            ['Reshape'],
        );
    });

    it('foldsIntegerArithmeticWithTruncatingDivision', () => {
        const b = new GraphBuilder();
        const q = b.div(
            b.constant(tensor('int64', [3], [7, -7, 9])),
            b.constant(tensor('int64', [], [2])),
        );
        assert.deepEqual(toNumbers(b.graph.constantOf(q)!), [3, -3, 4]);
    });

    it('foldsTransposeAndSliceOfConstants', () => {
        const b = new GraphBuilder();
        const c = b.constant(tensor('int64', [2, 3], [1, 2, 3, 4, 5, 6]));
        assert.deepEqual(
            toNumbers(b.graph.constantOf(b.transpose(c, [1, 0]))!),
            [1, 4, 2, 5, 3, 6],
        );
        assert.deepEqual(
            toNumbers(b.graph.constantOf(b.slice(c, [2], [-4], [1], [-1]))!),
            [3, 2, 1, 6, 5, 4],
        );
    });

    it('doesNotFoldParameters', () => {
        const b = new GraphBuilder();
        const w = b.param('w', 'float32', [2, 2], { kind: 'constant', value: 1 });
        b.transpose(w, [1, 0]);
        assert.equal(b.graph.nodes.length, 1);
    });
});

describe('graph maintenance', () => {
    it('pruneDropsDeadNodesConstantsAndParams', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2]);
        const used = b.param('used', 'float32', [2], { kind: 'constant', value: 1 });
        const dead = b.param('dead', 'float32', [2], { kind: 'constant', value: 1 });
        b.mul(x, dead);
        b.output(b.add(x, used), 'y');
        b.graph.prune();
        assert.deepEqual(
            b.graph.nodes.map((n) => n.op),
            ['Add', 'Identity'],
        ); // Identity names the output
        assert.deepEqual(
            b.graph.params.map((p) => p.value.name),
            ['used'],
        );
    });

    it('uniqueNamesNeverCollide', () => {
        const b = new GraphBuilder();
        const names = Array.from({ length: 5 }, () => b.input('x', 'float32', [1]).name);
        assert.equal(new Set(names).size, 5);
    });
});
