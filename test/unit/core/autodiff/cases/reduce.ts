// Finite-difference cases for reductions and the softmax family.
import type { GradCase } from '../gradcheck';

export const reduceCases: GradCase[] = [
    {
        op: 'ReduceSum',
        name: 'reduceSumKeepdims',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.reduceSum(x, [1], true),
    },
    {
        op: 'ReduceSum',
        name: 'reduceSumDropsAxes',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.reduceSum(x, [0, 2], false),
    },
    {
        op: 'ReduceMean',
        name: 'reduceMeanNegativeAxis',
        inputs: [{ shape: [2, 3, 4] }],
        build: (b, [x]) => b.reduceMean(x, [-1], false),
    },
    {
        op: 'ReduceMean',
        name: 'reduceMeanAllAxes',
        inputs: [{ shape: [3, 4] }],
        build: (b, [x]) => b.op('ReduceMean', [x], {}),
    },
    {
        op: 'ReduceSumSquare',
        name: 'reduceSumSquare',
        inputs: [{ shape: [2, 5] }],
        build: (b, [x]) => b.reduce('ReduceSumSquare', x, [1], false),
    },
    {
        op: 'Softmax',
        name: 'softmaxLastAxis',
        inputs: [{ shape: [2, 5], range: [-3, 3] }],
        build: (b, [x]) => b.softmax(x, -1),
    },
    {
        op: 'Softmax',
        name: 'softmaxMiddleAxis',
        inputs: [{ shape: [2, 4, 3], range: [-3, 3] }],
        build: (b, [x]) => b.softmax(x, 1),
    },
    {
        op: 'LogSoftmax',
        name: 'logSoftmax',
        inputs: [{ shape: [3, 5], range: [-3, 3] }],
        build: (b, [x]) => b.logSoftmax(x, 1),
    },
];
