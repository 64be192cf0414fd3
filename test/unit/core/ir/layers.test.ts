// Checks the composite layers against plain-JS references, running them in onnxruntime.
import test from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { batchNormTraining } from '../../../../src/core/ir/layers';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';

const [N, C, L] = [4, 3, 2];
const EPS = 1e-5;

/** y = (x - mean) / sqrt(var + eps) * scale + bias with statistics per ghost group and channel. */
function batchNormReference(
    x: number[],
    scale: number[],
    bias: number[],
    groups: number,
): number[] {
    const y = new Array<number>(x.length);
    const per = N / groups;
    const at = (n: number, c: number, l: number) => (n * C + c) * L + l;
    for (let g = 0; g < groups; g++) {
        for (let c = 0; c < C; c++) {
            const idx: number[] = [];
            for (let n = g * per; n < (g + 1) * per; n++)
                for (let l = 0; l < L; l++) idx.push(at(n, c, l));
            const mean = idx.reduce((s, i) => s + x[i], 0) / idx.length;
            const variance = idx.reduce((s, i) => s + (x[i] - mean) ** 2, 0) / idx.length;
            for (const i of idx)
                y[i] = ((x[i] - mean) / Math.sqrt(variance + EPS)) * scale[c] + bias[c];
        }
    }
    return y;
}

async function runBatchNorm(
    x: TensorData,
    scale: TensorData,
    bias: TensorData,
    ghostGroups?: number,
) {
    const b = new GraphBuilder();
    const xv = b.input('x', 'float32', x.shape);
    const s = b.input('scale', 'float32', scale.shape);
    const bb = b.input('bias', 'float32', bias.shape);
    const y = b.output(batchNormTraining(b, xv, s, bb, { epsilon: EPS, ghostGroups }), 'y');
    assert.deepEqual(y.shape, x.shape);
    assert.ok(!b.graph.nodes.some((n) => n.op === 'BatchNormalization'));
    const session = await createSession(exportModel(b.graph), { threads: 1 });
    try {
        return toNumbers((await session.run({ x, scale, bias })).y);
    } finally {
        await session.release();
    }
}

test('batchNormTrainingUsesPopulationStatisticsPerGhostGroup', async () => {
    const rng = new Rng(3);
    const draw = (n: number, f: () => number) => Array.from({ length: n }, f);
    const x = draw(N * C * L, () => 3 * rng.normal() + 1);
    const scale = draw(C, () => rng.uniform(0.5, 2));
    const bias = draw(C, () => rng.normal());
    const tx = tensor('float32', [N, C, L], x);
    const [ts, tb] = [tensor('float32', [C], scale), tensor('float32', [C], bias)];
    for (const groups of [undefined, 1, 2, 4]) {
        const got = await runBatchNorm(tx, ts, tb, groups);
        const want = batchNormReference(
            Array.from(tx.data as Float32Array),
            scale,
            bias,
            groups ?? 1,
        );
        got.forEach((v, i) =>
            assert.ok(Math.abs(v - want[i]) < 1e-4, `groups=${groups} [${i}]: ${v} vs ${want[i]}`),
        );
    }
});

test('batchNormTrainingRejectsAGroupCountThatDoesNotDivideTheBatch', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [N, C, L]);
    const s = b.input('s', 'float32', [C]);
    assert.throws(
        () => batchNormTraining(b, x, s, s, { epsilon: EPS, ghostGroups: 3 }),
        /ghost groups/,
    );
});
