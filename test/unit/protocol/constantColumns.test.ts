// Constant score columns: detected when every finite value is equal, and ranked by nothing.
import assert from 'node:assert/strict';
import test from 'node:test';
import { constantColumn, constantColumns } from '../../../src/protocol/constantColumns';
import { rankRows } from '../../../src/protocol/rankingsTable';
import { row, rows } from './rankingRows';

/** Rows whose `swap` saturates at 64 (one failed) and whose lswag differs. */
const saturated = [row('p', 3, 10), row('q', 1, 20), row('r', 2, 30)].map((r, i) => ({
    ...r,
    scores: { ...r.scores, swap: i === 1 ? null : 64 },
}));

test('aColumnWhoseScoredValuesAreAllEqualIsConstant', () => {
    assert.deepEqual(constantColumn(saturated, 'swap'), { proxy: 'swap', value: 64, count: 2 });
    assert.equal(constantColumn(saturated, 'lswag'), undefined);
    assert.deepEqual(
        constantColumns(saturated, ['lswag', 'swap', 'zico']).map((c) => c.proxy),
        ['swap'],
    );
});

test('oneValueOrNoneIsNotCalledConstant', () => {
    assert.equal(constantColumn([row('x', 5, 1)], 'lswag'), undefined);
    assert.equal(constantColumn([row('x', null, 1), row('y', null, 2)], 'lswag'), undefined);
    assert.equal(constantColumn([row('x', Number.NaN, 1), row('y', 4, 2)], 'lswag'), undefined);
});

test('valuesEqualUpToTheLastBitsAreConstantButSmallRealDifferencesAreNot', () => {
    const near = [row('x', 0.1 + 0.2, 1), row('y', 0.3, 2)];
    assert.ok(constantColumn(near, 'lswag'));
    const apart = [row('x', 1000, 1), row('y', 1000.001, 2)];
    assert.equal(constantColumn(apart, 'lswag'), undefined);
});

test('aConstantRankingColumnGivesNoRanksWhileAVaryingOneStillRanks', () => {
    assert.deepEqual(rankRows(saturated, 'swap'), [null, null, null]);
    assert.deepEqual(rankRows(saturated, 'lswag'), [1, 3, 2]);
    assert.deepEqual(rankRows(rows, 'lswag'), [2, null, 1, 3], 'a tie among others still ranks');
});
