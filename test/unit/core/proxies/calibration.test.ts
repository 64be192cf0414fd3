// The window rule and the per-bin profile on profiles whose answer is known.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binProfile, chooseWindow } from '../../../../src/core/proxies/calibration';
import { depthBin } from '../../../../src/core/proxies/layers';

describe('window calibration', () => {
    it('depthBinsSpreadLayersOverTenBins', () => {
        assert.deepEqual(
            [1, 2, 3, 10, 11, 20].map((l) => depthBin(l, 20)),
            [0, 0, 1, 4, 5, 9],
        );
        assert.deepEqual(
            [1, 2, 3].map((l) => depthBin(l, 3)),
            [0, 3, 6],
        );
    });

    it('picksTheContiguousSpikeAroundTheMostProminentInteriorPeak', () => {
        // Peak 5 at bin 4 (prominence 4 of range 4): bins within 2 of it -> 3..5; bin 8's lesser peak loses.
        assert.deepEqual(chooseWindow([1, 1, 1, 3.5, 5, 4, 1, 1, 3.2, 1]), [3, 5]);
    });

    it('monotoneProfilesHaveNoSpikeAndUseAllBins', () => {
        // NB201's measured profile falls with depth: its maximum is at the edge, not a spike.
        assert.deepEqual(
            chooseWindow([-5.0, -5.7, -6.2, -6.4, -7.0, -7.4, -7.5, -8.0, -8.4, -7.7]),
            [0, 9],
        );
    });

    it('aMinorBumpIsNotADominantSpike', () => {
        // Interior bump of 0.1 on a range of 3: under a quarter of the range.
        assert.deepEqual(chooseWindow([3, 2, 1.5, 1.6, 1, 0.8, 0.6, 0.4, 0.2, 0]), [0, 9]);
    });

    it('flatProfilesUseAllBinsAndEmptyBinsBreakTheRun', () => {
        assert.deepEqual(chooseWindow([2, 2, 2, 2, 2, 2, 2, 2, 2, 2]), [0, 9]);
        assert.deepEqual(chooseWindow([0, 9, null, 8, 0, 0, 0, 0, 0, 0]), [1, 1]);
        assert.deepEqual(chooseWindow(new Array(10).fill(null)), [0, 9]);
    });

    it('binProfileAveragesLayersPerBin', () => {
        const { profile, counts } = binProfile([
            { bin: 0, value: 1 },
            { bin: 0, value: 3 },
            { bin: 9, value: -2 },
        ]);
        assert.deepEqual(profile, [2, null, null, null, null, null, null, null, null, -2]);
        assert.deepEqual(counts, [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    });
});
