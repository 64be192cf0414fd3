// The window rule and the per-bin profile on profiles whose answer is known.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binProfile, chooseWindow } from '../../../../src/core/proxies/calibration';
import { depthBin } from '../../../../src/core/proxies/layers';

describe('window calibration', () => {
    it('depthBinsSpreadLayersOverTenBins', () => {
        assert.deepEqual([1, 2, 3, 10, 11, 20].map((l) => depthBin(l, 20)), [0, 0, 1, 4, 5, 9]);
        assert.deepEqual([1, 2, 3].map((l) => depthBin(l, 3)), [0, 3, 6]);
    });

    it('picksTheContiguousSpikeAroundTheMaximum', () => {
        // median 1, max 5: threshold 3 -> bins 3..5 (bin 8 is high too, but not contiguous).
        assert.deepEqual(chooseWindow([1, 1, 1, 3.5, 5, 4, 1, 1, 3.2, 1]), [3, 5]);
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
