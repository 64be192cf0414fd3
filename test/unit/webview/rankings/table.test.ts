// The rankings page's own table logic: header clicks and how cells read.
import assert from 'node:assert/strict';
import test from 'node:test';
import { formatCell, nextSort } from '../../../../webview/rankings/table';

test('headersFlipTheirDirectionAndNewColumnsStartAtTheirDefault', () => {
    const s = { column: 'rank', direction: 'ascending' } as const;
    assert.deepEqual(nextSort(s, 'rank'), { column: 'rank', direction: 'descending' });
    assert.deepEqual(nextSort(s, 'proxy:lswag'), {
        column: 'proxy:lswag',
        direction: 'descending',
    });
    assert.deepEqual(nextSort(s, 'name'), { column: 'name', direction: 'ascending' });
});

test('cellsFormatIntegersGroupedAndMissingValuesAsADash', () => {
    assert.equal(formatCell(1234567), '1,234,567');
    assert.equal(formatCell(0.123456), '0.1235');
    assert.equal(formatCell(1.5e-5), '1.500e-5');
    assert.equal(formatCell(null), '\u2013');
});
