// Finite-difference cases for rules/resample.ts (Resize as PyTorch exports Upsample/interpolate,
// Tile) and rules/einsum.ts (the attention forms).
import { str } from '../../../../../src/core/ir/attrs';
import type { GraphBuilder } from '../../../../../src/core/ir/builder';
import type { Value } from '../../../../../src/core/ir/graph';
import { tensor } from '../../../../../src/core/ir/tensor';
import type { GradCase } from '../gradcheck';

function resize(b: GraphBuilder, x: Value, scales: number[], attrs: Record<string, string>): Value {
    const roi = b.constant(tensor('float32', [0], []), 'roi');
    const s = b.constant(tensor('float32', [scales.length], scales), 'scales');
    return b.op(
        'Resize',
        [x, roi, s],
        Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, str(v)])),
    );
}

function resizeTo(
    b: GraphBuilder,
    x: Value,
    sizes: number[],
    attrs: Record<string, string>,
): Value {
    return b.op(
        'Resize',
        [x, null, null, b.ints(sizes)],
        Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, str(v)])),
    );
}

const einsum = (equation: string) => (b: GraphBuilder, xs: Value[]) =>
    b.op('Einsum', xs, { equation: str(equation) });

export const resampleCases: GradCase[] = [
    {
        op: 'Resize',
        name: 'nearestUpsampleByTwoAsTorchExportsIt',
        inputs: [{ shape: [1, 2, 3, 2] }],
        build: (b, [x]) =>
            resize(b, x, [1, 1, 2, 2], {
                mode: 'nearest',
                coordinate_transformation_mode: 'asymmetric',
                nearest_mode: 'floor',
            }),
        dtype: 'float32',
    },
    {
        op: 'Resize',
        name: 'bilinearHalfPixelToOddSizes',
        inputs: [{ shape: [2, 1, 3, 4] }],
        build: (b, [x]) =>
            resizeTo(b, x, [2, 1, 5, 7], {
                mode: 'linear',
                coordinate_transformation_mode: 'pytorch_half_pixel',
            }),
        dtype: 'float32',
    },
    {
        op: 'Resize',
        name: 'bilinearAlignCornersDownsample',
        inputs: [{ shape: [1, 2, 5, 6] }],
        build: (b, [x]) =>
            resizeTo(b, x, [1, 2, 3, 4], {
                mode: 'linear',
                coordinate_transformation_mode: 'align_corners',
            }),
        dtype: 'float32',
    },
    {
        op: 'Tile',
        name: 'tileRepeatsTwoAxes',
        inputs: [{ shape: [2, 3] }],
        build: (b, [x]) => b.op('Tile', [x, b.ints([3, 2])]),
    },
    {
        op: 'Einsum',
        name: 'einsumAttentionScores',
        inputs: [{ shape: [2, 2, 3, 4] }, { shape: [2, 2, 5, 4] }],
        build: einsum('bhqd,bhkd->bhqk'),
    },
    {
        op: 'Einsum',
        name: 'einsumAttentionValues',
        inputs: [{ shape: [2, 2, 3, 5] }, { shape: [2, 2, 5, 4] }],
        build: einsum('bhqk,bhkd->bhqd'),
    },
    {
        op: 'Einsum',
        name: 'einsumSumsALetterOfOneOperandAlone',
        inputs: [{ shape: [3, 4, 2] }, { shape: [4, 5] }],
        build: einsum('ijs,jk->ik'),
    },
];
