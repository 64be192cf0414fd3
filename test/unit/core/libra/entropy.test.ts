// Histogram entropies and information gain on distributions small enough to work out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    binIndices,
    conditionalEntropy,
    entropy,
    gainContext,
    informationGain,
    jointEntropy,
} from '../../../../src/core/libra/entropy';
import { Rng } from '../../../../src/core/util/rng';

const close = (actual: number, expected: number, tol = 1e-12) =>
    assert.ok(Math.abs(actual - expected) <= tol, `${actual} vs ${expected}`);

describe('histogram entropies', () => {
    it('equalWidthBinsPutTheMaximumInTheLastBinAndMissingValuesInAnExtraOne', () => {
        assert.deepEqual(binIndices([0, 1, 2, 3, 4], 4), [0, 1, 2, 3, 3]);
        assert.deepEqual(binIndices([5, null, NaN, Infinity, -Infinity, 6], 2), [0, 2, 2, 2, 2, 1]);
    });

    it('aConstantVariableIsOneBinAndHasZeroEntropy', () => {
        assert.deepEqual(binIndices([7, 7, 7], 24), [0, 0, 0]);
        assert.equal(entropy([7, 7, 7]), 0);
    });

    it('uniformOverKBinsHasEntropyLnK', () => {
        close(entropy([0, 1, 2, 3, 0, 1, 2, 3], 4), Math.log(4));
        // Two finite values and two missing: bins {0, missing} half each = ln 2.
        close(entropy([1, 1, null, NaN], 2), Math.log(2));
    });

    it('conditionalEntropyIsTheJointMinusTheCondition', () => {
        const y = [0, 0, 1, 1, 2, 2];
        const z = [0, 1, 0, 1, 0, 1];
        // y and z independent on a full grid: H(y|z) = H(y) = ln 3.
        close(conditionalEntropy(y, [z], 3), Math.log(3));
        close(jointEntropy([binIndices(y, 3), binIndices(z, 3)]), Math.log(6));
    });
});

describe('information gain IG(z) = H(y|z1) - H(y|z1,z)', () => {
    it('isZeroWhenZ1DeterminesY', () => {
        const z1 = Array.from({ length: 16 }, (_, i) => i);
        const y = z1.map((v) => 3 * v + 5); // Linear: the same equal-width bins as z1, so H(y|z1) = 0.
        const z = z1.map((v) => (v * 7) % 5);
        const ctx = gainContext(y, z1, 4);
        assert.equal(ctx.hYGivenZ1, 0);
        assert.equal(ctx.gain(z), 0);
    });

    it('isLn2ForYEqualToZ1XorZ', () => {
        const z1 = [0, 0, 1, 1, 0, 0, 1, 1];
        const z = [0, 1, 0, 1, 0, 1, 0, 1];
        const y = z1.map((v, i) => v ^ z[i]);
        // H(y|z1) = ln 2 (y is a fair coin whatever z1 is); z1 and z together fix y: H(y|z1,z) = 0.
        close(gainContext(y, z1, 2).hYGivenZ1, Math.log(2));
        close(informationGain(y, z1, z, 2), Math.log(2));
    });

    it('isExactlyZeroForIndependentVariablesOnAFullGrid', () => {
        const y: number[] = [];
        const z1: number[] = [];
        const z: number[] = [];
        for (let a = 0; a < 4; a++)
            for (let b = 0; b < 4; b++)
                for (let c = 0; c < 4; c++) {
                    y.push(a);
                    z1.push(b);
                    z.push(c);
                }
        close(gainContext(y, z1, 4).hYGivenZ1, Math.log(4));
        close(informationGain(y, z1, z, 4), 0);
    });

    it('isNearZeroForIndependentUniformSamplesWithinThePlugInBias', () => {
        // Why this tolerance: for independent variables 2n * IG (the plug-in conditional mutual
        // information) is asymptotically chi-squared with df = (By-1)(Bz-1)Bz1 = 3*3*4 = 36 degrees
        // of freedom, so IG has mean df/2n = 0.0045 and sd sqrt(2 df)/2n = 0.00106 at n = 4000;
        // mean + 6 sd = 0.0109 < 0.011.
        const rng = new Rng(7);
        const n = 4000;
        const draw = () => Array.from({ length: n }, () => rng.next());
        const [y, z1, z] = [draw(), draw(), draw()];
        const ig = informationGain(y, z1, z, 4);
        assert.ok(ig >= 0 && ig < 0.011, `IG = ${ig}`);
    });

    it('liesBetweenZeroAndHOfYGivenZ1', () => {
        const rng = new Rng(3);
        const y = Array.from({ length: 200 }, () => rng.normal());
        const z1 = y.map((v) => v + rng.normal());
        const ctx = gainContext(y, z1);
        for (let k = 0; k < 5; k++) {
            const ig = ctx.gain(y.map((v) => v + k * rng.normal()));
            assert.ok(ig >= 0 && ig <= ctx.hYGivenZ1 + 1e-12, `IG = ${ig}`);
        }
    });
});
