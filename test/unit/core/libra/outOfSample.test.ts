// The out-of-sample protocol on tables whose answer is known by construction: a real complement beats
// the best single proxy on held-out rows; a weaker copy of a near-perfect proxy does not; on noise the
// in-sample rho is optimistic and the held-out one is not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kFoldSplits } from '../../../../src/core/libra/folds';
import type { LibraTable } from '../../../../src/core/libra/libra';
import { outOfSample, protocolText } from '../../../../src/core/libra/outOfSample';
import { choiceRho, greedyPicks, ruleById, subsetTable } from '../../../../src/core/libra/rules';
import { Rng } from '../../../../src/core/util/rng';

/** y = A + B; a = A, b = B (independent halves of y), c = a noisier copy of A, noise. */
function complementTable(n: number, seed = 3): LibraTable {
    const rng = new Rng(seed);
    const draw = () => Array.from({ length: n }, () => rng.normal());
    const [A, B, E, F, P] = [draw(), draw(), draw(), draw(), draw()];
    return {
        proxies: { a: A, b: B, c: A.map((v, i) => v + 0.7 * E[i]), noise: F },
        accuracy: A.map((v, i) => v + B[i]),
        params: P,
    };
}

/** good = y + small noise (rho ~ 0.99); weak1, weak2 = y + large noise: averaging them in only hurts. */
function nearPerfectTable(n: number, seed = 4): LibraTable {
    const rng = new Rng(seed);
    const y = Array.from({ length: n }, () => rng.normal());
    const noisy = (s: number) => y.map((v) => v + s * rng.normal());
    return {
        proxies: { good: noisy(0.1), weak1: noisy(0.35), weak2: noisy(0.35) },
        accuracy: y,
        params: noisy(1),
    };
}

describe('LIBRA out-of-sample protocol', () => {
    it('aTrueComplementBeatsTheBestSingleProxyOnHeldOutRows', () => {
        const r = outOfSample(complementTable(400), { combination: 'greedy' });
        assert.deepEqual([...r.combination.final!.picks].sort(), ['a', 'b']);
        assert.ok(['a', 'b'].includes(r.bestSingle.final!.picks[0]));
        assert.ok(r.bestSingle.outOfSample! < 0.78, `single ${r.bestSingle.outOfSample}`);
        assert.ok(r.combination.outOfSample! > 0.9, `combined ${r.combination.outOfSample}`);
        assert.equal(r.beatsBestSingle, true);
        assert.ok(
            Math.abs(r.gain! - (r.combination.outOfSample! - r.bestSingle.outOfSample!)) < 1e-12,
        );
    });

    it('equalWeightPartnersOfANearPerfectProxyAreNotSuggested', () => {
        const r = outOfSample(nearPerfectTable(300), { combination: 'top3' });
        assert.equal(r.bestSingle.final!.picks[0], 'good');
        assert.equal(r.combination.final!.picks.length, 3);
        assert.ok(r.combination.outOfSample! < r.bestSingle.outOfSample!);
        assert.equal(r.beatsBestSingle, false);
    });

    it('eachFoldChoosesOnItsTrainingRowsAndIsMeasuredOnItsTestRowsOnly', () => {
        const table = complementTable(60, 9);
        const protocol = { kind: 'k-fold', folds: 3, seed: 2 } as const;
        const r = outOfSample(table, { combination: 'libra', protocol });
        kFoldSplits(60, 3, 2).forEach((s, k) => {
            const fold = r.combination.folds[k];
            const choice = ruleById('libra').choose(subsetTable(table, s.train))!;
            assert.deepEqual(fold.choice, choice);
            assert.equal(fold.testRho, choiceRho(subsetTable(table, s.test), choice));
            assert.equal(fold.trainRho, choiceRho(subsetTable(table, s.train), choice));
        });
        const mean = r.combination.folds.reduce((s, f) => s + f.testRho!, 0) / 3;
        assert.ok(Math.abs(r.combination.outOfSample! - mean) < 1e-12);
        assert.equal(protocolText(protocol), '3-fold cross-validation (seed 2)');
    });

    it('onPureNoiseTheInSampleRhoIsOptimisticAndTheHeldOutOneIsNot', () => {
        const rng = new Rng(12);
        const n = 40;
        const col = () => Array.from({ length: n }, () => rng.normal());
        const proxies = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`p${k}`, col()]));
        const table: LibraTable = { proxies, accuracy: col(), params: col() };
        const r = outOfSample(table, { combination: 'greedy' });
        assert.ok(r.combination.inSample! > 0.35, `in-sample ${r.combination.inSample}`);
        assert.ok(r.combination.outOfSample! < r.combination.inSample! - 0.25);
    });

    it('greedyStopsWhenNoProxyAddsEnough', () => {
        const table = nearPerfectTable(300);
        assert.deepEqual(greedyPicks(table, ['good', 'weak1', 'weak2']), ['good']);
    });

    it('aHeldOutFractionIsOneSplit', () => {
        const r = outOfSample(complementTable(200), {
            combination: 'greedy',
            protocol: { kind: 'held-out', fraction: 0.3, seed: 1 },
        });
        assert.equal(r.combination.folds.length, 1);
        assert.equal(r.beatsBestSingle, true);
        assert.equal(protocolText(r.protocol), '30% held out (seed 1)');
    });

    it('rowsWithoutAccuracyAreLeftOutBeforeSplitting', () => {
        const table = complementTable(100);
        const withGaps: LibraTable = {
            ...table,
            accuracy: table.accuracy.map((v, i) => (i % 10 === 0 ? NaN : v)),
        };
        assert.equal(outOfSample(withGaps, { combination: 'greedy' }).n, 90);
    });
});
