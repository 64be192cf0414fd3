// Finite-difference cases for shape ops: each must route every element's cotangent home.
import { int, str } from '../../../../../src/core/ir/attrs';
import { tensor } from '../../../../../src/core/ir/tensor';
import type { GradCase } from '../gradcheck';

export const shapeCases: GradCase[] = [
    {
        op: 'Reshape',
        name: 'reshapeWithInferredDim',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.reshape(x, [6, -1]),
    },
    {
        op: 'Flatten',
        name: 'flattenAxis2',
        inputs: [{ shape: [2, 3, 2, 2] }],
        build: (b, [x]) => b.op('Flatten', [x], { axis: int(2) }),
    },
    {
        op: 'Squeeze',
        name: 'squeezeAxis',
        inputs: [{ shape: [2, 1, 3] }],
        build: (b, [x]) => b.squeeze(x, [1]),
    },
    {
        op: 'Unsqueeze',
        name: 'unsqueezeTwoAxes',
        inputs: [{ shape: [2, 3] }],
        build: (b, [x]) => b.unsqueeze(x, [0, 3]),
    },
    {
        op: 'Transpose',
        name: 'transpose3d',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.transpose(x, [2, 0, 1]),
    },
    {
        op: 'Expand',
        name: 'expandBroadcasts',
        inputs: [{ shape: [3, 1] }],
        build: (b, [x]) => b.expand(x, [2, 3, 4]),
    },
    {
        op: 'Concat',
        name: 'concatThreeInputs',
        inputs: [{ shape: [2, 1] }, { shape: [2, 3] }, { shape: [2, 2] }],
        build: (b, xs) => b.concat(xs, 1),
    },
    {
        op: 'Split',
        name: 'splitUnequalUsesOneOutput',
        inputs: [{ shape: [5, 2] }],
        build: (b, [x]) =>
            b.node('Split', [x, b.ints([2, 3])], { axis: int(0) }, { outputs: 2 })[1],
    },
    {
        op: 'Split',
        name: 'splitEqualUsesAllOutputs',
        inputs: [{ shape: [2, 6] }],
        build: (b, [x]) => {
            const [p, q, r] = b.node(
                'Split',
                [x],
                { axis: int(1), num_outputs: int(3) },
                { outputs: 3 },
            );
            return b.concat([r, b.mul(p, q)], 1);
        },
    },
    {
        op: 'Slice',
        name: 'sliceContiguous',
        inputs: [{ shape: [4, 5] }],
        build: (b, [x]) => b.slice(x, [1, -3], [3, 100], [0, 1]),
    },
    // Forward steps spread the cotangent without a scatter: axis 1 ends exactly, axis 2 overshoots and is cropped.
    {
        op: 'Slice',
        name: 'sliceStridedForward',
        inputs: [{ shape: [2, 7, 8] }],
        build: (b, [x]) => b.slice(x, [1, 0], [7, 8], [1, 2], [2, 3]),
    },
    {
        op: 'Slice',
        name: 'sliceStridedWithOffset',
        inputs: [{ shape: [3, 9] }],
        build: (b, [x]) => b.slice(x, [2], [8], [1], [4]),
    },
    {
        op: 'Slice',
        name: 'sliceStridedAndReversed',
        inputs: [{ shape: [5, 6] }],
        build: (b, [x]) => b.slice(x, [0, -1], [5, 0], [0, 1], [2, -2]),
    },
    {
        op: 'Pad',
        name: 'padAddsAndCrops',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.op('Pad', [x, b.ints([0, 1, -1, 0, 2, 1])]),
    },
    {
        op: 'ScatterElements',
        name: 'scatterElementsAddRepeatedIndices',
        inputs: [{ shape: [5] }, { shape: [4] }],
        build: (b, [x, u]) =>
            b.op('ScatterElements', [x, b.constant(tensor('int64', [4], [3, 0, 3, -1])), u], {
                axis: int(0),
                reduction: str('add'),
            }),
    },
    {
        op: 'ScatterElements',
        name: 'scatterElementsOverwrite',
        inputs: [{ shape: [5] }, { shape: [2] }],
        build: (b, [x, u]) =>
            b.op('ScatterElements', [x, b.constant(tensor('int64', [2], [1, 3])), u]),
    },
    {
        op: 'ScatterND',
        name: 'scatterNdRowsAdd',
        inputs: [{ shape: [4, 3] }, { shape: [3, 3] }],
        build: (b, [x, u]) =>
            b.op('ScatterND', [x, b.constant(tensor('int64', [3, 1], [2, 0, 2])), u], {
                reduction: str('add'),
            }),
    },
    {
        op: 'ScatterND',
        name: 'scatterNdRowsOverwrite',
        inputs: [{ shape: [4, 2, 2] }, { shape: [2, 2, 2] }],
        build: (b, [x, u]) =>
            b.op('ScatterND', [x, b.constant(tensor('int64', [2, 1], [3, 1])), u]),
    },
    {
        op: 'Gather',
        name: 'gatherRepeatedAndNegativeIndices',
        inputs: [{ shape: [4, 3] }],
        build: (b, [x]) => b.gather(x, b.constant(tensor('int64', [2, 2], [0, -1, 2, 0])), 0),
    },
    {
        op: 'Gather',
        name: 'gatherScalarIndexMiddleAxis',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.gather(x, b.constant(tensor('int64', [], [1])), 1),
    },
];
