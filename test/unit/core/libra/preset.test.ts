// LIBRA presets: JSON round trip, rejection of malformed files, and the objective within a population.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePreset, presetScore, type LibraPreset } from '../../../../src/core/libra/preset';

const preset: LibraPreset = {
    kind: 'lswag-libra-preset',
    space: 'nb201',
    dataset: 'cifar10',
    acc: 'cifar10_test_acc',
    picks: ['synflow', 'nwot'],
    method: 'libra',
    createdFrom: { n: 100, bench: '/tmp/bench.csv', combined_spearman: 0.8 },
};

describe('LIBRA presets', () => {
    it('surviveAJsonRoundTrip', () => {
        assert.deepEqual(parsePreset(JSON.parse(JSON.stringify(preset))), preset);
    });

    it('rejectBadFieldsByName', () => {
        assert.throws(() => parsePreset({ ...preset, space: 'mars' }), /'space'/);
        assert.throws(() => parsePreset({ ...preset, picks: [] }), /'picks'/);
        assert.throws(() => parsePreset({ ...preset, method: 'vote' }), /'method'/);
        assert.throws(() => parsePreset({ ...preset, weights: [1] }), /'weights'/);
        assert.throws(() => parsePreset(null), /'kind'/);
    });

    it('scoreSumsLogRanksWithinThePopulationMissingWorst', () => {
        const population = [
            { synflow: 3, nwot: 10 },
            { synflow: 1, nwot: null },
            { synflow: 2 }, // nwot missing: ranked worst, tied with the null.
        ];
        // synflow ranks [3, 1, 2]; nwot ranks [3, 1.5, 1.5]; N = 3.
        const s = presetScore(preset, population);
        const expected = [
            Math.log(1) + Math.log(1),
            Math.log(1 / 3) + Math.log(0.5),
            Math.log(2 / 3) + Math.log(0.5),
        ];
        s.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12));
        const weighted = presetScore({ ...preset, weights: [1, 0] }, population);
        assert.deepEqual(weighted, [0, Math.log(1 / 3), Math.log(2 / 3)]);
    });
});
