// Finite-difference cases for rules/pointwise.ts (activations beyond ReLU/GELU, and Mod).
// onnxruntime's CPU provider has float32 kernels only for most of these activations.
import { float, int } from '../../../../../src/core/ir/attrs';
import type { GradCase } from '../gradcheck';

// Away from the kink at 0 (a finite difference across it measures neither side).
const awayFromZero = [-2.1, -0.7, -0.25, 0.3, 0.9, 1.8];

export const pointwiseCases: GradCase[] = [
    {
        op: 'LeakyRelu',
        name: 'leakyReluBothSides',
        inputs: [{ shape: [2, 3], values: awayFromZero }],
        build: (b, [x]) => b.op('LeakyRelu', [x], { alpha: float(0.2) }),
        dtype: 'float32',
    },
    {
        op: 'PRelu',
        name: 'preluPerChannelSlope',
        inputs: [
            { shape: [2, 3, 1, 2], values: [...awayFromZero, ...awayFromZero.map((v) => -v)] },
            { shape: [3, 1, 1], values: [0.1, 0.3, -0.2] },
        ],
        build: (b, [x, s]) => b.op('PRelu', [x, s]),
        dtype: 'float32',
    },
    {
        op: 'Elu',
        name: 'eluBothSides',
        inputs: [{ shape: [6], values: awayFromZero }],
        build: (b, [x]) => b.op('Elu', [x], { alpha: float(0.7) }),
        dtype: 'float32',
    },
    {
        op: 'Selu',
        name: 'seluDefaults',
        inputs: [{ shape: [6], values: awayFromZero }],
        build: (b, [x]) => b.op('Selu', [x]),
        dtype: 'float32',
    },
    {
        op: 'Softplus',
        name: 'softplus',
        inputs: [{ shape: [2, 3], range: [-3, 3] }],
        build: (b, [x]) => b.op('Softplus', [x]),
        dtype: 'float32',
    },
    {
        op: 'Mish',
        name: 'mish',
        inputs: [{ shape: [2, 3], range: [-3, 3] }],
        build: (b, [x]) => b.op('Mish', [x]),
        dtype: 'float32',
    },
    {
        op: 'Mod',
        name: 'fmodOfDividendAndDivisor',
        // Away from multiples of the divisor, where fmod jumps.
        inputs: [
            { shape: [4], values: [2.3, -3.4, 5.5, -0.6] },
            { shape: [4], values: [1.5, 1.3, -2.1, 0.8] },
        ],
        build: (b, [a, d]) => b.op('Mod', [a, d], { fmod: int(1) }),
    },
];
