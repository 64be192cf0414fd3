// Seeded k-fold and held-out splits: deterministic, disjoint, every row tested once, sizes balanced.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heldOutSplit, kFoldSplits, shuffledRows } from '../../../../src/core/libra/folds';

describe('LIBRA folds', () => {
    it('theSameSeedGivesTheSameSplitsAndAnotherSeedDoesNot', () => {
        assert.deepEqual(kFoldSplits(53, 5, 7), kFoldSplits(53, 5, 7));
        assert.notDeepEqual(kFoldSplits(53, 5, 7), kFoldSplits(53, 5, 8));
        assert.deepEqual(heldOutSplit(40, 0.25, 3), heldOutSplit(40, 0.25, 3));
    });

    it('everyRowIsTestedExactlyOnceAndNeverTrainsOnItsOwnFold', () => {
        const n = 53;
        const splits = kFoldSplits(n, 5, 1);
        const tested = splits.flatMap((s) => s.test).sort((a, b) => a - b);
        assert.deepEqual(
            tested,
            Array.from({ length: n }, (_, i) => i),
        );
        for (const s of splits) {
            assert.equal(s.train.length + s.test.length, n);
            assert.ok(s.test.every((r) => !s.train.includes(r)));
        }
        const sizes = splits.map((s) => s.test.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    });

    it('theShuffleIsAPermutationThatMovesRows', () => {
        const order = shuffledRows(100, 0);
        assert.deepEqual(
            [...order].sort((a, b) => a - b),
            Array.from({ length: 100 }, (_, i) => i),
        );
        assert.ok(order.some((r, i) => r !== i));
    });

    it('heldOutKeepsTheRoundedFractionAside', () => {
        const s = heldOutSplit(41, 0.2, 0);
        assert.equal(s.test.length, 8);
        assert.equal(s.train.length, 33);
        assert.ok(s.test.every((r) => !s.train.includes(r)));
    });

    it('refusesSplitsThatCannotWork', () => {
        assert.throws(() => kFoldSplits(4, 5, 0), /4 labelled rows are too few for 5 folds/);
        assert.throws(() => kFoldSplits(10, 1, 0), /folds must be an integer >= 2/);
        assert.throws(() => heldOutSplit(10, 1, 0), /between 0 and 1/);
        assert.throws(() => heldOutSplit(3, 0.1, 0), /leaves one side empty/);
    });
});
