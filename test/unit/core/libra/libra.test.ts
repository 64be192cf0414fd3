// LIBRA-NAS on tables whose picks are known by construction, and every edge case it must explain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { libra, rankBias } from '../../../../src/core/libra/libra';
import { rankLogScore } from '../../../../src/core/libra/rankScore';
import { SYNTHETIC_BINS, rankSumTable, smallTable } from './syntheticTables';

const close = (actual: number | null, expected: number, tol = 1e-12) =>
    assert.ok(actual !== null && Math.abs(actual - expected) <= tol, `${actual} vs ${expected}`);
const names = (r: ReturnType<typeof libra>) => r.picks.map((p) => p.proxy);
const hasNote = (r: ReturnType<typeof libra>, re: RegExp) =>
    assert.ok(
        r.notes.some((n) => re.test(n)),
        r.notes.join('\n'),
    );

describe('bias and the rank-log combination', () => {
    it('biasIsPearsonOfRanksWithParams', () => {
        // Ranks [1,2,4,3] vs [1,2,3,4]: deviations give 4 / sqrt(5 * 5) = 0.8.
        close(rankBias([10, 20, 40, 30], [1, 2, 3, 4]), 0.8);
        // Ties: ranks [1.5,1.5,3,4] vs [1,2,3,4]: 2.25 / sqrt(4.5 * 5).
        close(rankBias([1, 1, 2, 3], [5, 6, 7, 8]), 0.9486832980505138);
        // A missing score ranks worst, so it still orders like params here.
        close(rankBias([null, 5, 6, 7], [1, 2, 3, 4]), 1);
        assert.ok(Number.isNaN(rankBias([1, 2, 3], [4, 4, 4])));
    });

    it('rankLogScoreSumsLogOfAscendingRankOverN', () => {
        // Ranks [1,2,3] and [3,1,2] (null worst): ln(1/3)+ln(3/3), ln(2/3)+ln(1/3), ln(3/3)+ln(2/3).
        const s = rankLogScore(
            [
                [1, 2, 3],
                [9, null, 5],
            ],
            3,
        );
        [Math.log(1 / 3), Math.log(2 / 9), Math.log(2 / 3)].forEach((v, i) => close(s[i], v));
        const w = rankLogScore(
            [
                [1, 2, 3],
                [9, null, 5],
            ],
            3,
            [2, 0],
        );
        [2 * Math.log(1 / 3), 2 * Math.log(2 / 3), 0].forEach((v, i) => close(w[i], v));
        assert.deepEqual(rankLogScore([], 2), [0, 0]);
    });
});

describe('LIBRA picks on a table built to have known answers', () => {
    const r = libra(rankSumTable(), { bins: SYNTHETIC_BINS });

    it('z1IsTheHighestRhoZ2TheLowestGainZ3TheClosestBias', () => {
        assert.deepEqual(names(r), ['a', 'a_copy', 'b']);
        assert.equal(r.picks[1].ig, 0); // Same bins as z1: no information gain, chosen on purpose.
        const bias = Object.fromEntries(r.proxies.map((s) => [s.proxy, s.bias]));
        assert.ok(Math.abs(bias.b! - r.accuracy_bias!) < Math.abs(bias.c! - r.accuracy_bias!));
        assert.deepEqual(r.best_single?.proxy, 'a');
        assert.ok(
            r.combined_spearman! > r.best_single!.spearman,
            'the combination beats a alone here',
        );
        hasNote(r, /a_copy\) has IG 0/);
    });

    it('theBandHoldsTheCloseProxiesAndLeavesOutTheRest', () => {
        const inBand = r.proxies
            .filter((s) => s.inBand)
            .map((s) => s.proxy)
            .sort();
        assert.deepEqual(inBand, ['a_copy', 'b', 'c']);
        const params = r.proxies.find((s) => s.proxy === 'params')!;
        assert.equal(params.bias, 1); // params is scored and considered like any other proxy.
        assert.ok(params.spearman! < r.best_single!.spearman - 0.1);
    });

    it('aConstantProxyIsLeftOutWithANote', () => {
        const flat = r.proxies.find((s) => s.proxy === 'flat')!;
        assert.equal(flat.spearman, null);
        hasNote(r, /constant .* rho is undefined: flat/);
    });

    it('theCombinedScoreIsTheSumOfLogRanksOfThePicks', () => {
        const t = rankSumTable();
        const expected = rankLogScore(
            names(r).map((p) => t.proxies[p]),
            t.accuracy.length,
        );
        assert.deepEqual(r.combined, expected);
    });
});

describe('LIBRA edge cases', () => {
    const acc = [1, 2, 3, 4, 5, 6, 7, 8];

    it('anEmptyBandFallsBackToZ1AloneAndSaysSo', () => {
        const r = libra(
            smallTable({ good: [1, 2, 3, 4, 5, 6, 8, 7], poor: [8, 1, 7, 2, 6, 3, 5, 4] }, acc),
        );
        assert.deepEqual(names(r), ['good']);
        hasNote(r, /No other proxy has rho in/);
        close(r.combined_spearman, r.best_single!.spearman); // log(rank/N) keeps z1's order.
    });

    it('oneCandidateGivesNoZ3AndSaysSo', () => {
        const r = libra(
            smallTable(
                {
                    good: [1, 2, 3, 4, 5, 6, 8, 7],
                    also: [1, 2, 3, 4, 5, 7, 6, 8],
                    poor: [8, 1, 7, 2, 6, 3, 5, 4],
                },
                acc,
            ),
        );
        assert.deepEqual(names(r), ['also', 'good']);
        hasNote(r, /Only one candidate/);
    });

    it('rhoTiesGoToTheFirstNameAndAreExplained', () => {
        const r = libra(
            smallTable({ zeta: [1, 2, 3, 4, 5, 6, 8, 7], alpha: [1, 2, 3, 4, 5, 6, 8, 7] }, acc),
        );
        assert.deepEqual(names(r), ['alpha', 'zeta']);
        hasNote(r, /rho tie at 0\.976 among alpha, zeta: the first by name, alpha, is z1/);
    });

    it('igTiesGoToTheHigherRhoThenTheName', () => {
        // q ties in pairs: H(y|q) = ln 2. z and p are all distinct, so with 24 bins every (q, z) cell
        // holds one row: IG = H(y|q) = ln 2 for both, and z (rho 0.952) beats p (rho 0.929).
        const r = libra(
            smallTable(
                {
                    q: [1, 1, 2, 2, 3, 3, 4, 4],
                    z: [2, 1, 3, 4, 5, 6, 8, 7],
                    p: [2, 1, 4, 3, 5, 6, 8, 7],
                },
                acc,
            ),
        );
        assert.deepEqual(names(r).slice(0, 2), ['q', 'z']);
        close(r.picks[1].ig, Math.log(2));
        hasNote(
            r,
            /IG tie at 0\.693 nats among z, p: the higher rho, then the name, chose z\. Their IG equals H\(y\|z1\)/,
        );
    });

    it('aZ1ThatFixesYMakesEveryGainZeroAndSaysSo', () => {
        const r = libra(
            smallTable(
                {
                    z: [1, 2, 3, 4, 5, 6, 8, 7],
                    p: [2, 1, 3, 4, 5, 6, 8, 7],
                    q: [1, 2, 3, 4, 5, 6, 7, 8],
                },
                acc,
            ),
        );
        assert.deepEqual(names(r).slice(0, 2), ['q', 'z']); // Tied IG 0: z has the higher rho.
        hasNote(r, /H\(y\|z1\) = 0: z1's bins already fix y's/);
    });

    it('missingScoresRankWorstAndAreNoted', () => {
        const r = libra(
            smallTable(
                { holes: [null, 2, NaN, 4, 5, 6, 7, 8], full: [3, 1, 2, 4, 5, 6, 8, 7] },
                acc,
            ),
        );
        const holes = r.proxies.find((s) => s.proxy === 'holes')!;
        assert.equal(holes.missing, 2);
        // Ranks [1.5, 3, 1.5, 4..8] against 1..8: 40 / sqrt(41.5 * 42).
        close(holes.spearman, 40 / Math.sqrt(41.5 * 42));
        hasNote(r, /holes: 2 of 8 scores missing; they rank worst/);
    });

    it('rowsWithoutAFiniteAccuracyAreDropped', () => {
        const r = libra(smallTable({ s: [1, 2, 3, 4] }, [1, NaN, 3, 4], [1, 2, 3, 4]));
        assert.equal(r.n, 3);
        assert.deepEqual(r.rows, [0, 2, 3]);
        hasNote(r, /1 rows without a finite accuracy/);
    });

    it('aConstantAccuracyGivesNoPicks', () => {
        const r = libra(smallTable({ s: [1, 2, 3, 4] }, [5, 5, 5, 5]));
        assert.deepEqual(r.picks, []);
        assert.equal(r.combined_spearman, null);
        hasNote(r, /No proxy has a defined rho/);
    });

    it('constantParamsLeaveNoBiasAndNoZ3', () => {
        const r = libra(
            smallTable(
                {
                    a: [1, 2, 3, 4, 5, 6, 8, 7],
                    b: [1, 2, 3, 4, 5, 7, 6, 8],
                    c: [2, 1, 3, 4, 5, 6, 7, 8],
                },
                acc,
                acc.map(() => 3),
            ),
        );
        assert.equal(r.picks.length, 2);
        assert.equal(r.accuracy_bias, null);
        hasNote(r, /params .* is constant/);
    });

    it('paramsIsACandidateLikeAnyOther', () => {
        const p = [3, 1, 4, 1.5, 5, 9, 2, 6];
        const r = libra(
            smallTable(
                { params: p, other: [1, 2, 3, 4, 5, 6, 7, 8] },
                p.map((v) => v * 2),
                p,
            ),
        );
        assert.equal(r.picks[0].proxy, 'params');
        assert.equal(r.picks[0].bias, 1);
    });
});
