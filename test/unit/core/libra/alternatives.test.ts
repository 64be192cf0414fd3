// The documented alternatives (libra-rho, libra-distinct), AZ-NAS over every proxy and the choice
// of the best objective, on tables where the answer is known by construction.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    azNasCombined,
    bestObjective,
    libraReport,
    type Objective,
} from '../../../../src/core/libra/alternatives';
import { rankLogScore } from '../../../../src/core/libra/rankScore';
import { SYNTHETIC_BINS, smallTable, twoProxyRankSum } from './syntheticTables';

describe('LIBRA alternatives', () => {
    const report = libraReport(twoProxyRankSum(), { bins: SYNTHETIC_BINS });
    const alt = (m: string) => report.alternatives.find((a) => a.method === m)!;

    it('theFaithfulRuleTakesTheNearCopyOfZ1AsZ2', () => {
        assert.deepEqual(
            report.libra.picks.map((p) => p.proxy),
            ['a', 'a_copy', 'b'],
        );
        assert.equal(report.libra.picks[1].ig, 0);
    });

    it('libraDistinctSkipsTheNearCopyAndBeatsTheFaithfulRule', () => {
        const distinct = alt('libra-distinct');
        assert.deepEqual(distinct.picks, ['a', 'b']);
        assert.match(distinct.why, /skipping near-copies of z1: a_copy \(rho with a 1\.000\)/);
        // y = 1.05 rank(a) + rank(b): weighting a twice (a + a_copy) fits it worse than a + b.
        assert.ok(distinct.combined_spearman! > report.libra.combined_spearman!);
        assert.equal(report.best?.method, 'libra-distinct');
    });

    it('libraRhoWeightsThePicksByTheirRho', () => {
        const weighted = alt('libra-rho');
        assert.deepEqual(weighted.picks, ['a', 'a_copy', 'b']);
        const rhos = report.libra.picks.map((p) => p.spearman);
        const total = rhos.reduce((s, v) => s + v, 0);
        weighted.weights!.forEach((w, k) => assert.ok(Math.abs(w - rhos[k] / total) < 1e-12));
    });

    it('azNasSumsLogRanksOverEveryUsableProxy', () => {
        const t = smallTable(
            { a: [1, 2, 3, 4, 6, 5], b: [2, 1, 3, 5, 4, 6], flat: [1, 1, 1, 1, 1, 1] },
            [1, 2, 3, 4, 5, 6],
        );
        const az = azNasCombined(t);
        assert.deepEqual(az.proxies.sort(), ['a', 'b']); // The constant proxy has no rho and is left out.
        assert.deepEqual(az.combined, rankLogScore([t.proxies.a, t.proxies.b], 6));
    });

    it('noPicksMeansNoAlternatives', () => {
        const r = libraReport(smallTable({ s: [1, 2, 3] }, [4, 4, 4]));
        assert.deepEqual(r.alternatives, []);
        assert.equal(r.best, undefined);
    });
});

describe('bestObjective', () => {
    const o = (method: Objective['method'], rho: number | null): Objective => ({
        method,
        picks: ['x'],
        combined_spearman: rho,
        why: '',
    });

    it('takesTheHighestRhoAndOnTiesTheEarlierOne', () => {
        assert.equal(
            bestObjective([o('libra', 0.5), o('libra-rho', 0.7), o('libra-distinct', 0.6)])?.method,
            'libra-rho',
        );
        assert.equal(bestObjective([o('libra', 0.7), o('libra-rho', 0.7)])?.method, 'libra');
    });

    it('skipsObjectivesWithoutARho', () => {
        assert.equal(
            bestObjective([o('libra', null), o('libra-distinct', 0.1)])?.method,
            'libra-distinct',
        );
        assert.equal(bestObjective([o('libra', null)]), undefined);
    });
});
