// Small-sample stability: a clear complement is chosen by every subsample of a good size; pure noise
// flips; the stable size is read off a curve as documented; the warning names the threshold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LibraTable } from '../../../../src/core/libra/libra';
import {
    MIN_STABLE_N,
    smallSampleWarning,
    stabilityAt,
    stableSampleSize,
    type StabilityPoint,
} from '../../../../src/core/libra/stability';
import { Rng } from '../../../../src/core/util/rng';

function table(n: number, signal: boolean, seed: number): LibraTable {
    const rng = new Rng(seed);
    const draw = () => Array.from({ length: n }, () => rng.normal());
    const [A, B, C, D] = [draw(), draw(), draw(), draw()];
    const noise = draw();
    return {
        proxies: { a: A, b: B, c: C, d: D },
        accuracy: signal ? A.map((v, i) => v + B[i]) : noise,
        params: draw(),
    };
}

const point = (n: number, agreement: number): StabilityPoint => ({
    n,
    draws: 10,
    agreement,
    pickAgreement: agreement,
    modal: 'single a',
    offered: 0,
});

describe('LIBRA small-sample stability', () => {
    it('aClearComplementIsChosenByEverySubsample', () => {
        const p = stabilityAt(table(600, true, 1), {
            combination: 'greedy',
            n: 200,
            draws: 8,
            seed: 0,
        });
        assert.equal(p.agreement, 1);
        assert.equal(p.pickAgreement, 1);
        assert.equal(p.offered, 1);
        assert.equal(p.modal, 'combination a+b');
    });

    it('onNoiseSmallSubsamplesDisagree', () => {
        const p = stabilityAt(table(400, false, 2), {
            combination: 'greedy',
            n: 20,
            draws: 12,
            seed: 0,
        });
        assert.ok(p.agreement < 0.9, `agreement ${p.agreement}`);
        assert.ok(p.pickAgreement <= p.agreement);
    });

    it('theSameSeedGivesTheSameCurvePoint', () => {
        const t = table(300, true, 3);
        const o = { combination: 'libra', n: 30, draws: 5, seed: 4 } as const;
        assert.deepEqual(stabilityAt(t, o), stabilityAt(t, o));
    });

    it('theStableSizeIsWhereEveryLargerSizeAgreesEnough', () => {
        const curve = [
            point(10, 0.5),
            point(20, 0.85),
            point(50, 0.7),
            point(100, 0.9),
            point(200, 1),
        ];
        assert.equal(stableSampleSize(curve), 100);
        assert.equal(stableSampleSize([point(10, 0.4), point(20, 0.5)]), undefined);
    });

    it('warnsOnlyBelowTheMeasuredSize', () => {
        assert.match(smallSampleWarning(9)!, /Only 9 labelled architectures: below 75/);
        assert.equal(smallSampleWarning(MIN_STABLE_N), undefined);
    });

    it('refusesASubsampleLargerThanTheTable', () => {
        assert.throws(
            () =>
                stabilityAt(table(50, true, 1), {
                    combination: 'greedy',
                    n: 60,
                    draws: 2,
                    seed: 0,
                }),
            /n = 60 is more than the 50 labelled rows/,
        );
    });
});
