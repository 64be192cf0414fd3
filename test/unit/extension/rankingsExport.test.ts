// The rankings panel's CSV and JSON exports: RFC 4180 quoting, defused formulas, rank order.
import assert from 'node:assert/strict';
import test from 'node:test';
import { csvField, toCsv, toJson } from '../../../src/extension/rankingsExport';
import { row, rows } from '../protocol/rankingRows';

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
        [
            ['c', 1],
            ['b', 2],
            ['d', 3],
            ['a', null],
        ],
    );
    assert.deepEqual(parsed.rows[0].scores, { lswag: 5, zico: -5 });
});
