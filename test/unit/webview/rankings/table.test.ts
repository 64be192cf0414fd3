// The rankings table's pure logic: ranks, sorting with nulls last, CSV quoting and JSON export.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { RankingRow } from '../../../../src/protocol/webview';
import {
    columnsFor,
    compareCells,
    csvField,
    formatCell,
    nextSort,
    rankRows,
    sortOrder,
    toCsv,
    toJson,
} from '../../../../webview/rankings/table';

const row = (name: string, lswag: number | null, params: number | null, source = `/w/${name}:1`) =>
    ({
        key: `/w\n${name}`,
        name,
        source,
        label: source.slice(3),
        family: 'nb201',
        params,
        flops: params === null ? null : params * 2,
        scores: { lswag, zico: lswag === null ? null : -lswag },
        errors: [],
    }) satisfies RankingRow;

const rows = [row('b', 2, 300), row('a', null, 100), row('c', 5, null), row('d', 2, 200)];

test('ranksAreLargestFirstTiesKeepOrderAndUnscoredRowsGetNone', () => {
    assert.deepEqual(rankRows(rows, 'lswag'), [2, null, 1, 3]);
    assert.deepEqual(rankRows([row('x', Number.NaN, 1)], 'lswag'), [null]);
});

test('sortingPutsNullsLastInBothDirections', () => {
    const ranks = rankRows(rows, 'lswag');
    const names = (column: Parameters<typeof sortOrder>[2]['column'], dir: 'ascending' | 'descending') =>
        sortOrder(rows, ranks, { column, direction: dir }).map((i) => rows[i].name);
    assert.deepEqual(names('rank', 'ascending'), ['c', 'b', 'd', 'a']);
    assert.deepEqual(names('rank', 'descending'), ['d', 'b', 'c', 'a']);
    assert.deepEqual(names('params', 'ascending'), ['a', 'd', 'b', 'c']);
    assert.deepEqual(names('params', 'descending'), ['b', 'd', 'a', 'c']);
    assert.deepEqual(names('proxy:zico', 'descending'), ['b', 'd', 'c', 'a']);
    assert.deepEqual(names('name', 'descending'), ['d', 'c', 'b', 'a']);
    assert.equal(compareCells(null, null, 'ascending'), 0);
    assert.ok(compareCells('n2', 'n10', 'ascending') < 0, 'text sorts numerically');
});

test('headersFlipTheirDirectionAndNewColumnsStartAtTheirDefault', () => {
    const s = { column: 'rank', direction: 'ascending' } as const;
    assert.deepEqual(nextSort(s, 'rank'), { column: 'rank', direction: 'descending' });
    assert.deepEqual(nextSort(s, 'proxy:lswag'), { column: 'proxy:lswag', direction: 'descending' });
    assert.deepEqual(nextSort(s, 'name'), { column: 'name', direction: 'ascending' });
    assert.deepEqual(
        columnsFor(['lswag', 'params', 'flops', 'zico']).map((c) => c.id),
        ['rank', 'name', 'source', 'params', 'flops', 'proxy:lswag', 'proxy:zico'],
    );
});

test('csvFieldsAreQuotedPerRfc4180AndFormulasAreDefused', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\r'), '"cr\r"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(-1.5), '-1.5', 'numbers are never prefixed');
    assert.equal(csvField('=1+1'), "'=1+1");
    assert.equal(csvField('@x,y'), `"'@x,y"`);
});

test('csvExportIsInRankOrderWithFullSourcesAndCrlf', () => {
    const odd = [row('q"uote,d', 1, 10, '/w/x, y.arch.yaml:4'), row('top', 9, 20)];
    const csv = toCsv(odd, ['lswag', 'params'], 'lswag');
    assert.equal(
        csv,
        'rank,name,source,params,flops,lswag\r\n' +
            '1,top,/w/top:1,20,40,9\r\n' +
            '2,"q""uote,d","/w/x, y.arch.yaml:4",10,20,1\r\n',
    );
});

test('jsonExportKeepsEveryScoreAndNullRanks', () => {
    const parsed = JSON.parse(toJson(rows, ['lswag', 'zico'], 'lswag'));
    assert.equal(parsed.rankBy, 'lswag');
    assert.deepEqual(
        parsed.rows.map((r: { name: string; rank: number | null }) => [r.name, r.rank]),
        [['c', 1], ['b', 2], ['d', 3], ['a', null]],
    );
    assert.deepEqual(parsed.rows[0].scores, { lswag: 5, zico: -5 });
});

test('cellsFormatIntegersGroupedAndMissingValuesAsADash', () => {
    assert.equal(formatCell(1234567), '1,234,567');
    assert.equal(formatCell(0.123456), '0.1235');
    assert.equal(formatCell(1.5e-5), '1.500e-5');
    assert.equal(formatCell(null), '\u2013');
});
