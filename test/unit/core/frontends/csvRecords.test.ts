// RFC 4180 records with offsets: quoting, doubled quotes, embedded breaks, and lenient recovery.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fieldOffset, readCsv } from '../../../../src/core/frontends/csvRecords';

const texts = (csv: string): string[][] =>
    readCsv(csv).records.map((r) => r.fields.map((f) => f.text));

test('quotedFieldsKeepCommasLineBreaksAndDoubledQuotes', () => {
    const csv = 'a,b\r\n"x, y","say ""hi""\nthere"\r\n';
    assert.deepEqual(texts(csv), [
        ['a', 'b'],
        ['x, y', 'say "hi"\nthere'],
    ]);
    assert.deepEqual(readCsv(csv).problems, []);
});

test('fieldAndRecordSpansAreFileOffsetsIncludingQuotes', () => {
    const csv = 'a,"b"\n\nc,d';
    const { records } = readCsv(csv);
    assert.deepEqual(
        records.map((r) => [r.start, r.end]),
        [
            [0, 5],
            [7, 10],
        ],
    );
    assert.deepEqual(
        records[0].fields.map((f) => [f.start, f.end, f.quoted]),
        [
            [0, 1, false],
            [2, 5, true],
        ],
    );
});

test('fieldOffsetMapsCharactersOfUnquotedTextBackThroughDoubledQuotes', () => {
    const csv = 'x,"{""a"":1}"';
    const field = readCsv(csv).records[0].fields[1];
    assert.equal(field.text, '{"a":1}');
    for (const [i, ch] of [...field.text].entries()) assert.equal(csv[fieldOffset(field, i)], ch);
});

test('aLeadingBomAndTrailingEmptyFieldsAreHandled', () => {
    assert.deepEqual(texts('\uFEFFa,b,\n'), [['a', 'b', '']]);
});

test('malformedQuotingIsReportedAndReadLeniently', () => {
    const { records, problems } = readCsv('a,"open\nb"c,d\ne"f,g');
    assert.deepEqual(
        records.map((r) => r.fields.map((f) => f.text)),
        [
            ['a', 'open\nbc', 'd'],
            ['e"f', 'g'],
        ],
    );
    assert.deepEqual(
        problems.map((p) => [p.severity, p.start, p.end]),
        [
            ['error', 10, 11],
            ['warning', 15, 16],
        ],
    );
    const unterminated = readCsv('a,"never closed');
    assert.deepEqual(
        unterminated.problems.map((p) => [p.severity, p.start]),
        [['error', 2]],
    );
    assert.equal(unterminated.records[0].fields[1].text, 'never closed');
});
