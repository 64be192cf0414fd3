// Why a file gave no definitions: the front end's most telling diagnostic, else what the kind of
// file would need to hold.
import assert from 'node:assert/strict';
import test from 'node:test';
import { whyNothingFound } from '../../../../src/core/frontends/nothingFound';
import type { SpecDiagnostic } from '../../../../src/core/spec/spec';

const at = (line: number, severity: SpecDiagnostic['severity'], message: string) => ({
    severity,
    message,
    range: { file: 'f', start: { line, character: 0 }, end: { line, character: 1 } },
});

test('theFirstErrorExplainsBeforeInfosAndWarningsWithACount', () => {
    const why = whyNothingFound({
        kind: 'python',
        specs: [],
        diagnostics: [
            at(1, 'warning', 'w'),
            at(9, 'error', 'the real cause'),
            at(3, 'info', 'Block needs constructor arguments (channels)'),
        ],
    });
    assert.equal(why, 'the real cause (line 10) (and 2 more problem(s))');
});

test('anInfoAloneIsTheReason', () => {
    const why = whyNothingFound({
        kind: 'python',
        specs: [],
        diagnostics: [at(3, 'info', 'Block needs constructor arguments (channels)')],
    });
    assert.equal(why, 'Block needs constructor arguments (channels) (line 4)');
});

test('withoutDiagnosticsTheKindSaysWhatItWouldNeed', () => {
    assert.match(
        whyNothingFound({ kind: 'python', specs: [], diagnostics: [] }),
        /no nn\.Module subclass.*at module level/,
    );
    assert.match(
        whyNothingFound({ kind: 'text', specs: [], diagnostics: [] }),
        /no NAS-Bench-201 cell string/,
    );
    assert.equal(whyNothingFound({ kind: 'text', specs: [{}], diagnostics: [] }), '');
});
