// az_nas over a set: Σ log(rank/N) of the AZ-NAS components and flops, ranks over the set only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withSetLevelScores } from '../../../../src/core/proxies/setLevel';
import type { ScoreResult } from '../../../../src/core/spec/scoreResult';

function result(name: string, scores: Record<string, number | null>, flops: number): ScoreResult {
    return {
        name,
        source: name,
        family: 'nb201',
        params: 1,
        flops,
        scores: { ...scores, az_nas: null },
        errors: ['az_nas: set-level: ...', 'zen: something else'],
        device: 'cpu',
        seconds: 0,
    };
}

describe('set-level proxies', () => {
    it('azNas_isTheSumOfLogRankOverNOfItsFourComponents_acrossTheScoredSet', () => {
        const a = result(
            'a',
            { az_expressivity: 3, az_progressivity: 0.1, az_trainability: -1 },
            30,
        );
        const b = result(
            'b',
            { az_expressivity: 1, az_progressivity: 0.3, az_trainability: -2 },
            10,
        );
        const c = result(
            'c',
            { az_expressivity: 2, az_progressivity: 0.2, az_trainability: null },
            20,
        );
        const [ra, rb, rc] = withSetLevelScores([a, b, c]);
        // Ranks ascending (best = 3); a null trainability ranks worst.
        const n = 3;
        const expect = (ranks: number[]) => ranks.reduce((s, r) => s + Math.log(r / n), 0);
        assert.ok(Math.abs(ra.scores.az_nas! - expect([3, 1, 3, 3])) < 1e-12);
        assert.ok(Math.abs(rb.scores.az_nas! - expect([1, 3, 2, 1])) < 1e-12);
        assert.ok(Math.abs(rc.scores.az_nas! - expect([2, 2, 1, 2])) < 1e-12);
        assert.deepEqual(ra.errors, ['zen: something else']);
    });

    it('azNas_staysNullWithAReason_whenNoArchitectureHasAComponent', () => {
        const a = result('a', { az_expressivity: 3 }, 30);
        const [ra] = withSetLevelScores([a]);
        assert.equal(ra.scores.az_nas, null);
        assert.match(ra.errors.join('\n'), /az_nas: .*az_progressivity, az_trainability/);
    });

    it('azNas_onAutoformerSets_leavesProgressivityOut_asAzNasVitCodeDoes', () => {
        const vit = (name: string, e: number, p: number, t: number, flops: number) => ({
            ...result(name, { az_expressivity: e, az_progressivity: p, az_trainability: t }, flops),
            family: 'autoformer' as const,
        });
        const [ra, rb] = withSetLevelScores([vit('a', 2, 0, -1, 10), vit('b', 1, 9, -2, 20)]);
        assert.ok(Math.abs(ra.scores.az_nas! - 2 * Math.log(2 / 2) - Math.log(1 / 2)) < 1e-12);
        assert.ok(Math.abs(rb.scores.az_nas! - 2 * Math.log(1 / 2) - Math.log(2 / 2)) < 1e-12);
    });

    it('resultsWithoutAzNas_areLeftAsTheyAre', () => {
        const plain = { ...result('a', {}, 1), scores: { lswag: 1 } };
        assert.deepEqual(withSetLevelScores([plain]), [plain]);
    });
});
