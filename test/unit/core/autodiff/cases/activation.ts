// Finite-difference cases for Clip, HardSigmoid and HardSwish, with points away from the kinks.
import type { GradCase } from '../gradcheck';

// Why float32: onnxruntime's CPU provider has HardSigmoid and HardSwish kernels for float only.
export const activationCases: GradCase[] = [
    {
        op: 'Clip',
        name: 'clipAsRelu6PassesOnlyInside',
        inputs: [{ shape: [6], values: [-1.5, 0.4, 2, 5.5, 6.5, 9] }],
        build: (b, [x]) => b.op('Clip', [x, b.scalar(0, x), b.scalar(6, x)]),
        dtype: 'float32',
    },
    {
        op: 'Clip',
        name: 'clipWithOnlyAnUpperBound',
        inputs: [{ shape: [4], values: [-7, 0.3, 1.6, 4] }],
        build: (b, [x]) => b.op('Clip', [x, null, b.scalar(1, x)]),
        dtype: 'float32',
    },
    {
        op: 'HardSigmoid',
        name: 'hardSigmoidPytorchSlope',
        inputs: [{ shape: [6], values: [-5, -2.5, -0.7, 0.4, 2.2, 4] }],
        build: (b, [x]) => b.op('HardSigmoid', [x], { alpha: { kind: 'float', value: 1 / 6 } }),
        dtype: 'float32',
    },
    {
        op: 'HardSwish',
        name: 'hardSwishAllThreePieces',
        inputs: [{ shape: [6], values: [-5, -2.5, -0.7, 0.4, 2.2, 4] }],
        build: (b, [x]) => b.op('HardSwish', [x]),
        dtype: 'float32',
    },
];
