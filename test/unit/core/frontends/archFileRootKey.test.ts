// A misspelt top-level key that everything else depends on ('family', 'candidates') is one error
// at the key with "did you mean", not one error per candidate after it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';

const CELL = '"|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"';
const tenCandidates = Array.from(
    { length: 10 },
    (_, i) => `  - name: c${i}\n    cell: ${CELL}`,
).join('\n');

const shown = (text: string) =>
    readArchitectureFile(text, 'x.arch.yaml').diagnostics.map(
        (d) => `${d.severity} ${d.range.start.line}:${d.range.start.character} ${d.message}`,
    );

test('aMisspeltFamilyKeyIsOneErrorWithDidYouMean', () => {
    assert.deepEqual(shown(`famly: nb201\ncandidates:\n${tenCandidates}\n`), [
        "error 0:0 unknown top-level field 'famly' (did you mean 'family'?); candidates without their own family are not read",
    ]);
});

test('aMisspeltCandidatesKeyIsOneErrorWithDidYouMean', () => {
    assert.deepEqual(shown(`family: nb201\ncandiates:\n${tenCandidates}\n`), [
        "error 1:0 unknown top-level field 'candiates' (did you mean 'candidates'?); the file lists no candidates",
    ]);
});

test('aMisspeltFamilyValueAndDefaultGetHints', () => {
    const bad = shown(`family: nb210\ncandidates:\n${tenCandidates}\n`);
    assert.equal(bad.length, 1);
    assert.match(bad[0], /^error 0:8 .*\(did you mean 'nb201'\?\)$/);
    const defaults = shown(`family: nb201\ndatset: cifar100\ncandidates:\n${tenCandidates}\n`);
    assert.deepEqual(defaults, [
        "warning 1:0 unknown top-level field 'datset' (did you mean 'dataset'?); it is ignored",
    ]);
});

test('aCandidateWithItsOwnFamilySurvivesAMisspeltTopFamily', () => {
    const text = `famly: nb201\ncandidates:\n  - name: own\n    family: nb201\n    cell: ${CELL}\n`;
    const r = readArchitectureFile(text, 'x.arch.yaml');
    assert.deepEqual(
        r.specs.map((s) => s.name),
        ['own'],
    );
    assert.equal(r.diagnostics.filter((d) => d.severity === 'error').length, 1);
});

test('theSchemaAlsoReportsAMisspeltFamilyAtTheTopNotPerCandidate', () => {
    const schema = JSON.parse(
        readFileSync(
            path.resolve(__dirname, '../../../../schemas/architecture.schema.json'),
            'utf8',
        ),
    );
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.equal(validate(parse(`famly: nb201\ncandidates:\n${tenCandidates}\n`)), false);
    const paths = new Set((validate.errors ?? []).map((e) => e.instancePath));
    assert.deepEqual([...paths], [''], 'every schema error is at the top level');
    // Control: with no family anywhere and every key known, each candidate still needs one.
    assert.equal(validate(parse(`candidates:\n${tenCandidates}\n`)), false);
    assert.ok((validate.errors ?? []).some((e) => e.instancePath === '/candidates/0'));
});
