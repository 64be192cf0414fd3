// Offsets to positions: LF, CRLF and lone CR break lines; offsets inside a break clamp to its line.
import test from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../../../src/core/frontends/lineIndex';

test('positionsCountLfCrlfAndLoneCrAsLineBreaks', () => {
    const index = new LineIndex('ab\ncd\r\nef\rgh');
    assert.equal(index.lineCount, 4);
    assert.deepEqual(
        [0, 2, 3, 5, 7, 10, 11].map((o) => index.position(o)),
        [
            { line: 0, character: 0 },
            { line: 0, character: 2 },
            { line: 1, character: 0 },
            { line: 1, character: 2 },
            { line: 2, character: 0 },
            { line: 3, character: 0 },
            { line: 3, character: 1 },
        ],
    );
});

test('anOffsetInsideACrlfBreakMapsToTheEndOfItsLine', () => {
    const index = new LineIndex('ab\r\ncd');
    assert.deepEqual(index.position(3), { line: 0, character: 2 });
});

test('offsetsOutsideTheTextAreClamped', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.position(-5), { line: 0, character: 0 });
    assert.deepEqual(index.position(99), { line: 1, character: 2 });
    assert.deepEqual(new LineIndex('').position(0), { line: 0, character: 0 });
});

test('rangesNeverEndBeforeTheyStart', () => {
    const range = new LineIndex('abc\ndef').range('f', 5, 2);
    assert.deepEqual(range, {
        file: 'f',
        start: { line: 1, character: 1 },
        end: { line: 1, character: 1 },
    });
});

test('charactersAreUtf16CodeUnitsAsInVsCode', () => {
    const index = new LineIndex('😀x\n');
    assert.deepEqual(index.position(2), { line: 0, character: 2 });
});
