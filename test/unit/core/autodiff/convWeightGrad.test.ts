// Per-batch-group weight gradients of Conv and ConvTranspose: one run must give, group by group,
// what separate runs on each group's rows give, and their sum must be the full-batch gradient.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { type Attrs, int, ints } from '../../../../src/core/ir/attrs';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import {
    type Shape,
    type TensorData,
    sizeOf,
    tensor,
    toNumbers,
} from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';

interface Setup {
    readonly op: 'Conv' | 'ConvTranspose';
    readonly x: Shape;
    readonly w: Shape;
    readonly bias: Shape;
    readonly attrs: Attrs;
}

const groupedConv: Setup = {
    op: 'Conv',
    x: [4, 4, 7, 6],
    w: [6, 2, 3, 3],
    bias: [6],
    attrs: { strides: ints([2, 2]), pads: ints([1, 0, 1, 1]), group: int(2) },
};

// Why group 1: these take the unfolded MatMul path (convWeightGradUnfolded), the grouped ones the swapped conv.
const stridedDilatedConv: Setup = {
    op: 'Conv',
    x: [4, 3, 7, 6],
    w: [5, 3, 3, 2],
    bias: [5],
    attrs: { strides: ints([2, 1]), dilations: ints([1, 2]), pads: ints([1, 0, 0, 1]) },
};

const pointwiseConv: Setup = { op: 'Conv', x: [4, 3, 5, 5], w: [2, 3, 1, 1], bias: [2], attrs: {} };

const groupedConvTranspose: Setup = {
    op: 'ConvTranspose',
    x: [4, 4, 3, 4],
    w: [4, 3, 3, 2],
    bias: [6],
    attrs: {
        strides: ints([2, 2]),
        pads: ints([1, 0, 0, 1]),
        output_padding: ints([1, 0]),
        group: int(2),
    },
};

// Group 1 with a stride and output_padding: its weight gradient is the unfolded MatMul with roles
// swapped, where the window has more positions than the cotangent (the unfolding is cropped).
const stridedConvTranspose: Setup = {
    op: 'ConvTranspose',
    x: [4, 3, 3, 4],
    w: [3, 2, 3, 3],
    bias: [2],
    attrs: { strides: ints([2, 2]), pads: ints([1, 0, 0, 1]), output_padding: ints([1, 0]) },
};

const random = (rng: Rng, shape: Shape) =>
    tensor(
        'float32',
        shape,
        Array.from({ length: sizeOf(shape) }, () => rng.uniform(-1, 1)),
    );

/** Rows [k·n/B, (k+1)·n/B) of a batch-major tensor. */
function rowsOf(t: TensorData, k: number, groups: number): TensorData {
    const size = sizeOf(t.shape) / groups;
    return {
        dtype: t.dtype,
        shape: [t.shape[0] / groups, ...t.shape.slice(1)],
        data: t.data.slice(k * size, (k + 1) * size),
    };
}

/** L = Σ y ⊙ R; returns dL/dW and dL/dbias ([B, ...] each when batchGroups > 1). */
async function gradients(
    s: Setup,
    feeds: Record<string, TensorData>,
    batchGroups: number,
    differentiatedAgain = false,
): Promise<number[][]> {
    const b = new GraphBuilder();
    const [x, w, bias] = (['x', 'w', 'bias'] as const).map((name) =>
        b.input(name, 'float32', feeds[name].shape),
    );
    const y = b.op(s.op, [x, w, bias], s.attrs);
    const r = b.input('r', 'float32', y.shape);
    const loss = b.sumAll(b.mul(y, r));
    const groups =
        batchGroups > 1
            ? new Map([
                  [w, batchGroups],
                  [bias, batchGroups],
              ])
            : undefined;
    const grads = backward(b, loss, { wrt: [w, bias], groups, differentiatedAgain });
    b.output(grads.get(w)!, 'dw');
    b.output(grads.get(bias)!, 'dbias');
    const session = await createSession(exportModel(b.graph), { threads: 1 });
    const out = await session.run(feeds);
    await session.release();
    return [toNumbers(out.dw), toNumbers(out.dbias)];
}

/** Largest |a - e| relative to the largest |e| (float32 sums in different orders). */
function relativeError(a: readonly number[], e: readonly number[]): number {
    assert.equal(a.length, e.length);
    const scale = Math.max(1, ...e.map(Math.abs));
    return Math.max(...a.map((v, i) => Math.abs(v - e[i]))) / scale;
}

async function checkPerGroup(s: Setup, batchGroups: number): Promise<void> {
    const rng = new Rng(batchGroups * 7919 + s.x.length);
    const probe = new GraphBuilder();
    const yShape = probe.op(
        s.op,
        [probe.input('x', 'float32', s.x), probe.input('w', 'float32', s.w)],
        s.attrs,
    ).shape;
    const feeds = {
        x: random(rng, s.x),
        w: random(rng, s.w),
        bias: random(rng, s.bias),
        r: random(rng, yShape),
    };
    const [dwGroups, dbGroups] = await gradients(s, feeds, batchGroups);
    const [dwFull, dbFull] = await gradients(s, feeds, 1);
    const [nw, nb] = [sizeOf(s.w), sizeOf(s.bias)];
    assert.equal(dwGroups.length, batchGroups * nw, 'dW is [B, ...W.shape]');
    const dwSum = new Array<number>(nw).fill(0);
    const dbSum = new Array<number>(nb).fill(0);
    for (let k = 0; k < batchGroups; k++) {
        const part = {
            ...feeds,
            x: rowsOf(feeds.x, k, batchGroups),
            r: rowsOf(feeds.r, k, batchGroups),
        };
        const [dwAlone, dbAlone] = await gradients(s, part, 1);
        const dwK = dwGroups.slice(k * nw, (k + 1) * nw);
        const dbK = dbGroups.slice(k * nb, (k + 1) * nb);
        assert.ok(
            relativeError(dwK, dwAlone) < 1e-5,
            `dW group ${k}: ${relativeError(dwK, dwAlone)}`,
        );
        assert.ok(
            relativeError(dbK, dbAlone) < 1e-5,
            `dbias group ${k}: ${relativeError(dbK, dbAlone)}`,
        );
        dwK.forEach((v, i) => (dwSum[i] += v));
        dbK.forEach((v, i) => (dbSum[i] += v));
    }
    assert.ok(
        relativeError(dwSum, dwFull) < 1e-5,
        `Σ groups dW vs full batch: ${relativeError(dwSum, dwFull)}`,
    );
    assert.ok(
        relativeError(dbSum, dbFull) < 1e-5,
        `Σ groups dbias vs full batch: ${relativeError(dbSum, dbFull)}`,
    );
}

/** The unfolding by one-hot conv (first order) and by slices (graphs differentiated again) agree. */
async function checkUnfoldings(s: Setup, batchGroups: number): Promise<void> {
    const rng = new Rng(31 + batchGroups);
    const probe = new GraphBuilder();
    const yShape = probe.op(
        s.op,
        [probe.input('x', 'float32', s.x), probe.input('w', 'float32', s.w)],
        s.attrs,
    ).shape;
    const feeds = {
        x: random(rng, s.x),
        w: random(rng, s.w),
        bias: random(rng, s.bias),
        r: random(rng, yShape),
    };
    const [byConv] = await gradients(s, feeds, batchGroups, false);
    const [bySlices] = await gradients(s, feeds, batchGroups, true);
    assert.ok(
        relativeError(byConv, bySlices) < 1e-6,
        `one-hot conv vs slices: ${relativeError(byConv, bySlices)}`,
    );
}

describe('the two unfoldings of the conv weight gradient', () => {
    it('stridedDilatedConv', () => checkUnfoldings(stridedDilatedConv, 2));
    it('stridedConvTransposeCropsTheWindow', () => checkUnfoldings(stridedConvTranspose, 2));
    it('stridedConvTransposePerSample', () => checkUnfoldings(stridedConvTranspose, 4));
});

describe('per-batch-group conv weight gradients', () => {
    it('groupedStridedConvTwoBatchGroupsEqualSeparateHalves', () => checkPerGroup(groupedConv, 2));
    it('groupedStridedConvPerSampleEqualsSingleSampleRuns', () => checkPerGroup(groupedConv, 4));
    it('stridedDilatedConvTwoBatchGroupsEqualSeparateHalves', () =>
        checkPerGroup(stridedDilatedConv, 2));
    it('stridedDilatedConvPerSampleEqualsSingleSampleRuns', () =>
        checkPerGroup(stridedDilatedConv, 4));
    it('pointwiseConvPerSampleEqualsSingleSampleRuns', () => checkPerGroup(pointwiseConv, 4));
    it('groupedConvTransposeTwoBatchGroupsEqualSeparateHalves', () =>
        checkPerGroup(groupedConvTranspose, 2));
    it('groupedConvTransposePerSampleEqualsSingleSampleRuns', () =>
        checkPerGroup(groupedConvTranspose, 4));
    it('stridedConvTransposeTwoBatchGroupsEqualSeparateHalves', () =>
        checkPerGroup(stridedConvTranspose, 2));
});
