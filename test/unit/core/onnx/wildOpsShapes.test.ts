// Build-time behaviour of the issue 19 ops: Mod folds integer shape arithmetic with ONNX's sign
// rules (Swin's window padding), and unsupported forms of Resize and Einsum fail with a message
// naming what is unsupported rather than importing something else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { int, str } from '../../../../src/core/ir/attrs';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { tensor, toNumbers } from '../../../../src/core/ir/tensor';

describe('issue 19 ops at build time', () => {
    it('integerModFoldsWithTheDivisorsSign', () => {
        const b = new GraphBuilder();
        const a = b.constant(tensor('int64', [4], [7, -7, 7, -7]));
        const d = b.constant(tensor('int64', [4], [3, 3, -3, -3]));
        const python = b.graph.constantOf(b.op('Mod', [a, d]));
        const c = b.graph.constantOf(b.op('Mod', [a, d], { fmod: int(1) }));
        assert.deepEqual(toNumbers(python!), [1, 2, -2, -1]); // Python's 7 % 3, -7 % 3, 7 % -3, -7 % -3
        assert.deepEqual(toNumbers(c!), [1, -1, 1, -1]); // C's fmod
    });

    it('floatModWithoutFmodIsRefusedAsOnnxDoes', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2]);
        assert.throws(() => b.op('Mod', [x, x]), /Mod: float inputs need fmod=1/);
    });

    it('resizeOutputShapeFromScalesOrSizes', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2, 3, 5, 7]);
        const scales = b.constant(tensor('float32', [4], [1, 1, 2, 0.5]));
        const roi = b.constant(tensor('float32', [0], []));
        assert.deepEqual(
            b.op('Resize', [x, roi, scales], { mode: str('nearest') }).shape,
            [2, 3, 10, 3],
        );
        assert.deepEqual(
            b.op('Resize', [x, null, null, b.ints([2, 3, 4, 4])], { mode: str('linear') }).shape,
            [2, 3, 4, 4],
        );
    });

    it('resizeNamesAnUnsupportedMode', () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [1, 1, 4, 4]);
        assert.throws(
            () => b.op('Resize', [x, null, null, b.ints([1, 1, 8, 8])], { mode: str('cubic') }),
            /Resize: mode 'cubic' is not supported/,
        );
    });

    it('einsumInfersAttentionShapesAndNamesAnEllipsis', () => {
        const b = new GraphBuilder();
        const q = b.input('q', 'float32', [2, 3, 5, 4]);
        const k = b.input('k', 'float32', [2, 3, 6, 4]);
        assert.deepEqual(
            b.op('Einsum', [q, k], { equation: str('bhqd,bhkd->bhqk') }).shape,
            [2, 3, 5, 6],
        );
        assert.deepEqual(b.op('Einsum', [q, k], { equation: str('bhqd,bhkd') }).shape, [6, 5]); // implicit: letters seen once, alphabetical (k, q)
        assert.throws(
            () => b.op('Einsum', [q, k], { equation: str('...qd,...kd->...qk') }),
            /ellipsis/,
        );
    });
});
