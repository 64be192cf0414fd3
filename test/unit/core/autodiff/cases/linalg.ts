// Finite-difference cases for MatMul and Gemm, including batched broadcast and vector operands.
import type { GradCase } from '../gradcheck';

export const linalgCases: GradCase[] = [
    {
        op: 'MatMul',
        name: 'matMulPlain',
        inputs: [{ shape: [3, 4] }, { shape: [4, 2] }],
        build: (b, [x, w]) => b.matMul(x, w),
    },
    {
        op: 'MatMul',
        name: 'matMulBatchedBroadcastWeight',
        inputs: [{ shape: [2, 3, 4] }, { shape: [4, 5] }],
        build: (b, [x, w]) => b.matMul(x, w),
    },
    {
        op: 'MatMul',
        name: 'matMulBatchBroadcastBothSides',
        inputs: [{ shape: [2, 1, 3, 4] }, { shape: [3, 4, 2] }],
        build: (b, [x, w]) => b.matMul(x, w),
    },
    {
        op: 'MatMul',
        name: 'matMulVectorLeft',
        inputs: [{ shape: [4] }, { shape: [2, 4, 3] }],
        build: (b, [x, w]) => b.matMul(x, w),
    },
    {
        op: 'MatMul',
        name: 'matMulVectorRight',
        inputs: [{ shape: [2, 3, 4] }, { shape: [4] }],
        build: (b, [x, w]) => b.matMul(x, w),
    },
    ...[0, 1].flatMap((tA) =>
        [0, 1].map((tB): GradCase => ({
            op: 'Gemm',
            name: `gemmTransA${tA}TransB${tB}WithAlphaBeta`,
            inputs: [
                { shape: tA ? [4, 3] : [3, 4] },
                { shape: tB ? [2, 4] : [4, 2] },
                { shape: [2] },
            ],
            build: (b, [a, w, c]) =>
                b.op('Gemm', [a, w, c], {
                    transA: { kind: 'int', value: tA },
                    transB: { kind: 'int', value: tB },
                    alpha: { kind: 'float', value: 0.7 },
                    beta: { kind: 'float', value: 1.3 },
                }),
        })),
    ),
];
