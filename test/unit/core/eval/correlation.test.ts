// Rank correlations against values worked out by hand (and scipy's documented examples).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averageRanks, kendallTauB, spearman } from '../../../../src/core/eval/correlation';
import { Rng } from '../../../../src/core/util/rng';

/** tau-b by its definition, every pair counted: the reference for the O(n log n) version. */
function kendallByPairs(scores: readonly (number | null)[], accuracy: readonly number[]): number {
    const x = scores.map((v) => (v === null || Number.isNaN(v) ? -Infinity : v));
    let [concordant, discordant, tiedX, tiedY] = [0, 0, 0, 0];
    for (let i = 0; i < x.length; i++) {
        for (let j = i + 1; j < x.length; j++) {
            const dx = x[i] === x[j] ? 0 : Math.sign(x[i] - x[j]);
            const dy = Math.sign(accuracy[i] - accuracy[j]);
            if (dx === 0 && dy === 0) continue;
            if (dx === 0) tiedX++;
            else if (dy === 0) tiedY++;
            else if (dx === dy) concordant++;
            else discordant++;
        }
    }
    return (
        (concordant - discordant) /
        Math.sqrt((concordant + discordant + tiedX) * (concordant + discordant + tiedY))
    );
}

describe('rank correlations', () => {
    it('averageRanksSharesTiedRanksAndPutsMissingLast', () => {
        assert.deepEqual(averageRanks([10, 20, 20, null, 5]), [3, 4.5, 4.5, 1, 2]);
    });

    it('spearmanOfAMonotoneMapIsOneAndOfAReversalMinusOne', () => {
        assert.equal(spearman([1, 2, 3, 4], [10, 20, 35, 100]), 1);
        assert.equal(spearman([4, 3, 2, 1], [10, 20, 35, 100]), -1);
    });

    it('spearmanWithTiesMatchesPearsonOnAverageRanks', () => {
        // x ranks [1.5, 1.5, 3, 4], y ranks [1, 2, 3, 4]: r = 2.25 / sqrt(4.5 * 5) = 0.9486833.
        assert.ok(Math.abs(spearman([1, 1, 2, 3], [1, 2, 3, 4]) - 0.9486832980505138) < 1e-12);
    });

    it('kendallTauBCorrectsForTies', () => {
        // scipy.stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) = -0.47140452079103173.
        assert.ok(
            Math.abs(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) <
                1e-12,
        );
        assert.equal(kendallTauB([1, 2, 3], [1, 2, 3]), 1);
    });

    it('kendallTauBEqualsThePairCountOnTiedAndMissingData', () => {
        const rng = new Rng(11);
        for (const n of [2, 3, 17, 200, 513]) {
            // Few distinct values on both sides, so ties (and joint ties) are common; some scores missing.
            const scores = Array.from({ length: n }, () =>
                rng.next() < 0.05 ? null : Math.floor(rng.next() * 12),
            );
            const acc = Array.from({ length: n }, () => Math.floor(rng.next() * 9) / 2);
            const fast = kendallTauB(scores, acc);
            const slow = kendallByPairs(scores, acc);
            assert.ok(
                Math.abs(fast - slow) < 1e-12 || (Number.isNaN(fast) && Number.isNaN(slow)),
                `n=${n}: ${fast} vs ${slow}`,
            );
        }
    });

    it('missingScoresCountAsWorst', () => {
        assert.equal(spearman([null, 2, 3], [1, 2, 3]), 1);
        assert.equal(kendallTauB([NaN, 2, 3], [1, 2, 3]), 1);
    });
});
