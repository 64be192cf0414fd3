// The rankings table's model shared by page and export: columns, ranks, sorting with nulls last.
import assert from 'node:assert/strict';
import test from 'node:test';
import { columnsFor, compareCells, rankRows, sortOrder } from '../../../src/protocol/rankingsTable';
import { row, rows } from './rankingRows';

test('ranksAreLargestFirstTiesKeepOrderAndUnscoredRowsGetNone', () => {
    assert.deepEqual(rankRows(rows, 'lswag'), [2, null, 1, 3]);
    assert.deepEqual(rankRows([row('x', Number.NaN, 1)], 'lswag'), [null]);
});

test('sortingPutsNullsLastInBothDirections', () => {
    const ranks = rankRows(rows, 'lswag');
    const names = (
        column: Parameters<typeof sortOrder>[2]['column'],
        dir: 'ascending' | 'descending',
    ) => sortOrder(rows, ranks, { column, direction: dir }).map((i) => rows[i].name);
    assert.deepEqual(names('rank', 'ascending'), ['c', 'b', 'd', 'a']);
    assert.deepEqual(names('rank', 'descending'), ['d', 'b', 'c', 'a']);
    assert.deepEqual(names('params', 'ascending'), ['a', 'd', 'b', 'c']);
    assert.deepEqual(names('params', 'descending'), ['b', 'd', 'a', 'c']);
    assert.deepEqual(names('proxy:zico', 'descending'), ['b', 'd', 'c', 'a']);
    assert.deepEqual(names('name', 'descending'), ['d', 'c', 'b', 'a']);
    assert.equal(compareCells(null, null, 'ascending'), 0);
    assert.ok(compareCells('n2', 'n10', 'ascending') < 0, 'text sorts numerically');
});

test('columnsAreTheFixedOnesThenEachProxyOnce', () => {
    assert.deepEqual(
        columnsFor(['lswag', 'params', 'flops', 'zico']).map((c) => c.id),
        ['rank', 'name', 'source', 'params', 'flops', 'proxy:lswag', 'proxy:zico'],
    );
});
