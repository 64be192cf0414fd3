// Rank correlations against values worked out by hand (and scipy's documented examples).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { averageRanks, kendallTauB, spearman } from '../../../../src/core/eval/correlation';

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
        assert.ok(Math.abs(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) < 1e-12);
        assert.equal(kendallTauB([1, 2, 3], [1, 2, 3]), 1);
    });

    it('missingScoresCountAsWorst', () => {
        assert.equal(spearman([null, 2, 3], [1, 2, 3]), 1);
        assert.equal(kendallTauB([NaN, 2, 3], [1, 2, 3]), 1);
    });
});
