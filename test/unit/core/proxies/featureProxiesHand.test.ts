// meco, meco_opt, az_*, zen and epe_nas on tiny 1x1-conv networks against values computed here
// formula by formula in plain JS (closed-form 2x2 eigenvalues), not by the engine's passes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { KAIMING_FAN_IN, rademacher } from '../../../../src/core/proxies/azPass';
import { eigenvaluesSymmetric, largestSingularValue } from '../../../../src/core/proxies/eigen';
import { epeScore } from '../../../../src/core/proxies/epeNas';
import { symmetricEigenvalues } from '../../../../src/core/proxies/numeric';
import { type PassWeights, passGraph, passParams } from '../../../../src/core/proxies/passGraph';
import { type ScoreContext, scoreSpec } from '../../../../src/core/proxies/score';
import { zenInputs } from '../../../../src/core/proxies/zenPass';
import type { LayerListSpec, LayerSpec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import type { ScoreOptions } from '../../../../src/protocol/worker';
import { createSession } from '../../../../src/worker/ortSession';

type Maps = number[][][]; // [sample][channel][position]
const SEED = 7;
const P = 4; // positions of a 2x2 map

function specOf(layers: LayerSpec[]): LayerListSpec {
    return { family: 'layers', name: 'tiny', input: [2, 2, 2], classes: 2, layers };
}
const conv: LayerSpec = { type: 'conv', out: 2, kernel: 1, bias: false };
const head: LayerSpec[] = [{ type: 'globalavgpool' }, { type: 'linear', out: 2 }];

/** x [B, 2, 2, 2] as [sample][channel][position]. */
function maps(t: TensorData, rows: number): Maps {
    const v = toNumbers(t);
    return Array.from({ length: rows }, (_, s) =>
        Array.from({ length: 2 }, (_, c) => v.slice((s * 2 + c) * P, (s * 2 + c + 1) * P)),
    );
}
/** 1x1 conv without bias: y[s][o][p] = Σ_i W[o][i] x[s][i][p]. */
const conv1x1 = (x: Maps, w: number[]) =>
    x.map((s) =>
        [0, 1].map((o) => s[0].map((_, p) => w[o * 2] * s[0][p] + w[o * 2 + 1] * s[1][p])),
    );
const relu = (x: Maps) => x.map((s) => s.map((c) => c.map((v) => Math.max(v, 0))));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

function pearson(a: number[], b: number[]): number {
    const [ma, mb] = [mean(a), mean(b)];
    const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0);
    const na = Math.sqrt(a.reduce((s, v) => s + (v - ma) ** 2, 0));
    const nb = Math.sqrt(b.reduce((s, v) => s + (v - mb) ** 2, 0));
    return cov / (na * nb);
}
/** λ_min of the 2x2 correlation matrix of rows a, b, with MeCo's NaN -> 0 for a constant row. */
function minEigCorrelation(a: number[], b: number[]): number {
    const constant = (v: number[]) => v.every((x) => x === v[0]);
    if (constant(a) || constant(b)) return 0; // [[0,0],[0,1]] or zero: eigenvalues include 0.
    return 1 - Math.abs(pearson(a, b));
}
/** Eigenvalues of [[a, b], [b, d]]. */
function eig2(a: number, b: number, d: number): [number, number] {
    const m = (a + d) / 2;
    const r = Math.sqrt(((a - d) / 2) ** 2 + b * b);
    return [m - r, m + r];
}
/** 2x2 channel covariance over all (sample, position) rows, population. */
function covariance2(x: Maps): [number, number, number] {
    const c0 = x.flatMap((s) => s[0]);
    const c1 = x.flatMap((s) => s[1]);
    const [m0, m1] = [mean(c0), mean(c1)];
    const n = c0.length;
    const cov = (u: number[], mu: number, v: number[], mv: number) =>
        u.reduce((s, x, i) => s + (x - mu) * (v[i] - mv), 0) / n;
    return [cov(c0, m0, c0, m0), cov(c0, m0, c1, m1), cov(c1, m1, c1, m1)];
}
function entropy2(x: Maps): number {
    const [a, b, d] = covariance2(x);
    const s = eig2(a, b, d);
    const total = s[0] + s[1];
    return s.reduce((e, v) => e - (v / total) * Math.log(v / total + 1e-8), 0);
}

function weightsOf(spec: LayerListSpec, weights: PassWeights, tag: string) {
    const v = passParams(passGraph(spec, 1), SEED, weights, tag);
    return (name: string) => toNumbers(v.get(name)!);
}

async function score(spec: LayerListSpec, proxies: string[], x: TensorData, batch: number) {
    const options: ScoreOptions = {
        proxies,
        data: { kind: 'synthetic' },
        batch,
        batches: 1,
        seed: SEED,
        psiSamples: 1,
        gradientMode: 'batches',
    };
    const ctx: ScoreContext = {
        compile: (m) => createSession(m, { threads: 1 }),
        data: async () => ({
            x,
            labels: Array.from({ length: batch }, (_, i) => i % 2),
            description: 'test',
            warnings: [],
        }),
        options,
        device: 'cpu',
    };
    return scoreSpec(spec, ctx);
}

function input(rows: number): TensorData {
    const rng = new Rng(21);
    return tensor(
        'float32',
        [rows, 2, 2, 2],
        Array.from({ length: rows * 2 * P }, () => rng.normal()),
    );
}

const close = (actual: number | null, expected: number, what: string) =>
    assert.ok(
        actual !== null && Math.abs(actual - expected) <= 1e-4 * Math.max(1, Math.abs(expected)),
        `${what}: ${actual} vs ${expected}`,
    );

describe('feature proxies by hand', () => {
    it('eigenvaluesSymmetric_agreesWithJacobiOnRandomMatrices', () => {
        const rng = new Rng(3);
        for (const n of [1, 2, 5, 17, 40]) {
            const a = new Float64Array(n * n);
            for (let i = 0; i < n; i++)
                for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
            const ours = eigenvaluesSymmetric(a, n);
            const jacobi = [...symmetricEigenvalues(a, n)].sort((p, q) => p - q);
            jacobi.forEach((v, i) => assert.ok(Math.abs(v - ours[i]) < 1e-9, `n=${n}`));
        }
        // [[3, 0], [0, -4], [0, 0]] has singular values 4 and 3, either way round.
        assert.ok(Math.abs(largestSingularValue([3, 0, 0, -4, 0, 0], 3, 2) - 4) < 1e-12);
        assert.ok(Math.abs(largestSingularValue([3, 0, 0, 0, -4, 0], 2, 3) - 4) < 1e-12);
    });

    it('epeScore_sumsAbsolutePerClassLogCorrelations_andPairwiseAbove100Classes', () => {
        const k = 1e-5;
        // Correlation of 5 Jacobian rows; classes [0, 0, 1, 1, 2].
        const r = [
            [1, 0.5, 0.1, 0.2, 0.3],
            [0.5, 1, 0.4, 0.1, 0.2],
            [0.1, 0.4, 1, -0.25, 0.1],
            [0.2, 0.1, -0.25, 1, 0.6],
            [0.3, 0.2, 0.1, 0.6, 1],
        ];
        const labels = [0, 0, 1, 1, 2];
        const s0 = 2 * Math.log(1 + k) + 2 * Math.log(0.5 + k);
        const s1 = 2 * Math.log(1 + k) + 2 * Math.log(0.25 + k);
        const s2 = Math.log(1 + k);
        const flat = r.flat();
        close(epeScore(flat, 5, labels, 10), Math.abs(s0) + Math.abs(s1) + Math.abs(s2), 'B rule');
        // Above 100 classes: s_c / n_c, one-sample classes dropped, Σ_c Σ_c' |s_c - s_c'| / classes.
        const [a, b] = [s0 / 2, s1 / 2];
        close(epeScore(flat, 5, labels, 120), (2 * Math.abs(a - b)) / 2, 'A rule');
    });

    it('meco_isTheSumOfSmallestCorrelationEigenvaluesOfOneSample_andMecoOptEqualsItBelow8Rows', async () => {
        const spec = specOf([conv, { type: 'relu' }, ...head]);
        const x = input(3);
        const w = weightsOf(spec, 'default', 'default')('layers[0].weight');
        const [sample] = maps(x, 1);
        const y = conv1x1([sample], w)[0];
        const r = relu([y])[0];
        const expected = minEigCorrelation(y[0], y[1]) + minEigCorrelation(r[0], r[1]);
        const result = await score(spec, ['meco', 'meco_opt'], x, 3);
        assert.deepEqual(result.errors, []);
        close(result.scores.meco, expected, 'meco');
        close(result.scores.meco_opt, expected, 'meco_opt');
        assert.ok(expected > 0.01, 'the example is not degenerate');
    });

    it('azComponents_areSpectralEntropiesTheirMinimumStepAndTheBlockJacobianTerm', async () => {
        const spec = specOf([conv, { type: 'relu' }, conv, { type: 'relu' }, ...head]);
        const B = 3;
        const x = input(B);
        const get = weightsOf(spec, KAIMING_FAN_IN, 'az');
        const [w1, w2] = [get('layers[0].weight'), get('layers[2].weight')];
        const xs = maps(x, B);
        const z2 = conv1x1(relu(conv1x1(xs, w1)), w2);
        const r1 = relu(conv1x1(xs, w1));
        const r2 = relu(z2);
        const [e1, e2] = [entropy2(r1), entropy2(r2)];
        // g_in = W2ᵀ (1[z2 > 0] ⊙ g_out) per sample and position; M = Σ g_in g_outᵀ / rows.
        const gOut = maps(rademacher([B, 2, 2, 2], 1, SEED), B);
        const m = [0, 0, 0, 0];
        for (let s = 0; s < B; s++)
            for (let p = 0; p < P; p++) {
                const masked = [0, 1].map((o) => (z2[s][o][p] > 0 ? gOut[s][o][p] : 0));
                const gIn = [0, 1].map((i) => w2[i] * masked[0] + w2[2 + i] * masked[1]);
                for (let i = 0; i < 2; i++)
                    for (let j = 0; j < 2; j++) m[i * 2 + j] += (gIn[i] * gOut[s][j][p]) / (B * P);
            }
        // σ_max² = top eigenvalue of Mᵀ M.
        const mtm = [
            m[0] * m[0] + m[2] * m[2],
            m[0] * m[1] + m[2] * m[3],
            m[1] * m[1] + m[3] * m[3],
        ] as const;
        const sigma = Math.sqrt(eig2(mtm[0], mtm[1], mtm[2])[1]);
        const ids = ['az_expressivity', 'az_progressivity', 'az_trainability', 'az_nas'];
        const result = await score(spec, ids, x, B);
        close(result.scores.az_expressivity, e1 + e2, 'expressivity');
        close(result.scores.az_progressivity, e2 - e1, 'progressivity');
        close(result.scores.az_trainability, 2 - sigma - 1 / (sigma + 1e-6), 'trainability');
        assert.equal(result.scores.az_nas, null);
        assert.match(result.errors.join('\n'), /az_nas: set-level/);
    });

    it('zen_isLogMeanPreGapDifferencePlusLogBatchNormStds_andNeedsBatchNorm', async () => {
        const spec = specOf([conv, { type: 'batchnorm' }, { type: 'relu' }, ...head]);
        const B = 3;
        const w = weightsOf(spec, { std: () => 1 }, 'zen')('layers[0].weight');
        const both = maps(zenInputs([2, 2, 2], B, SEED), 2 * B);
        const forward = (xs: Maps) => {
            const a = conv1x1(xs, w);
            const stats = [0, 1].map((c) => {
                const v = a.flatMap((s) => s[c]);
                const mu = mean(v);
                return { mu, variance: mean(v.map((t) => (t - mu) ** 2)) };
            });
            const y = a.map((s) =>
                s.map((ch, c) =>
                    ch.map((t) => (t - stats[c].mu) / Math.sqrt(stats[c].variance + 1e-5)),
                ),
            );
            return { f: relu(y), stats };
        };
        const clean = forward(both.slice(0, B));
        const mixed = forward(both.slice(B));
        let diff = 0;
        clean.f.forEach((s, i) =>
            s.forEach((ch, c) => ch.forEach((v, p) => (diff += Math.abs(v - mixed.f[i][c][p])))),
        );
        const bn = 0.5 * Math.log(mean(clean.stats.map((s) => s.variance)));
        const result = await score(spec, ['zen'], input(B), B);
        close(result.scores.zen, Math.log(diff / B) + bn, 'zen');

        const noNorm = await score(specOf([conv, { type: 'relu' }, ...head]), ['zen'], input(B), B);
        assert.equal(noNorm.scores.zen, null);
        assert.match(noNorm.errors.join('\n'), /zen: .*no BatchNorm layer/);
    });
});
