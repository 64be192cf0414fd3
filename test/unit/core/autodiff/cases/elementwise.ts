// Finite-difference cases for the elementwise rules, with broadcasting in the binary ones.
import type { GradCase } from '../gradcheck';

const positive = [0.5, 2] as const;

// Erf and Gelu have only float32 kernels in onnxruntime's CPU provider, so they are checked in float32.

export const elementwiseCases: GradCase[] = [
    {
        op: 'Add',
        name: 'addBroadcastsRowAndColumn',
        inputs: [{ shape: [3, 1] }, { shape: [1, 4] }],
        build: (b, [x, y]) => b.add(x, y),
    },
    {
        op: 'Sub',
        name: 'subBroadcastsLeadingAxis',
        inputs: [{ shape: [2, 3, 4] }, { shape: [4] }],
        build: (b, [x, y]) => b.sub(x, y),
    },
    {
        op: 'Mul',
        name: 'mulBroadcastsBothWays',
        inputs: [{ shape: [2, 1, 4] }, { shape: [3, 1] }],
        build: (b, [x, y]) => b.mul(x, y),
    },
    {
        op: 'Div',
        name: 'divByPositiveBroadcast',
        inputs: [{ shape: [2, 3] }, { shape: [3], range: positive }],
        build: (b, [x, y]) => b.div(x, y),
    },
    { op: 'Neg', name: 'negFlipsSign', inputs: [{ shape: [5] }], build: (b, [x]) => b.neg(x) },
    {
        op: 'Abs',
        name: 'absAwayFromZero',
        inputs: [{ shape: [4], values: [-1.5, -0.3, 0.2, 2] }],
        build: (b, [x]) => b.abs(x),
    },
    {
        op: 'Relu',
        name: 'reluAwayFromKink',
        inputs: [{ shape: [2, 3], values: [-1, 0.5, -0.2, 0.3, 2, -3] }],
        build: (b, [x]) => b.relu(x),
    },
    {
        op: 'Gelu',
        name: 'geluExact',
        inputs: [{ shape: [3, 4], range: [-3, 3] }],
        build: (b, [x]) => b.gelu(x),
        dtype: 'float32',
    },
    {
        op: 'Erf',
        name: 'erfOverWideRange',
        inputs: [{ shape: [6], range: [-2, 2] }],
        build: (b, [x]) => b.erf(x),
        dtype: 'float32',
    },
    {
        op: 'Sigmoid',
        name: 'sigmoid',
        inputs: [{ shape: [2, 3], range: [-4, 4] }],
        build: (b, [x]) => b.sigmoid(x),
    },
    {
        op: 'Tanh',
        name: 'tanh',
        inputs: [{ shape: [2, 3], range: [-2, 2] }],
        build: (b, [x]) => b.tanh(x),
    },
    { op: 'Exp', name: 'exp', inputs: [{ shape: [4] }], build: (b, [x]) => b.exp(x) },
    {
        op: 'Log',
        name: 'logOfPositive',
        inputs: [{ shape: [4], range: positive }],
        build: (b, [x]) => b.log(x),
    },
    {
        op: 'Sqrt',
        name: 'sqrtOfPositive',
        inputs: [{ shape: [4], range: positive }],
        build: (b, [x]) => b.sqrt(x),
    },
    {
        op: 'Reciprocal',
        name: 'reciprocalOfPositive',
        inputs: [{ shape: [4], range: positive }],
        build: (b, [x]) => b.reciprocal(x),
    },
    {
        op: 'Pow',
        name: 'powBothOperandsBroadcast',
        inputs: [
            { shape: [2, 3], range: positive },
            { shape: [3], range: [-1.5, 2.5] },
        ],
        build: (b, [x, e]) => b.pow(x, e),
    },
    {
        op: 'Identity',
        name: 'identity',
        inputs: [{ shape: [3] }],
        build: (b, [x]) => b.identity(x),
    },
    {
        op: 'Cast',
        name: 'castRoundTripKeepsGradient',
        inputs: [{ shape: [3] }],
        build: (b, [x]) => b.cast(b.mulScalar(b.cast(x, 1), 3), 11),
        tolerance: 1e-5, // Why: the float32 detour rounds the finite difference.
        eps: 1e-3,
    },
    {
        op: 'Where',
        name: 'whereRoutesBothBranchesWithBroadcast',
        inputs: [{ shape: [2, 3] }, { shape: [3] }],
        build: (b, [x, y]) => b.where(b.greater(x, b.scalar(0, x)), b.mul(x, x), y),
    },
];
