// Diagnostics: front-end problems keep their range, map severities, carry source "lswag"; score
// errors appear at their definition; typing is debounced; closing clears.
import {
    DiagnosticSeverity,
    mock,
    mockDocument,
    mockExtensionContext,
    resetMock,
} from './vscodeMock';
import assert from 'node:assert/strict';
import test, { afterEach } from 'node:test';
import type { SpecDiagnostic } from '../../../src/core/spec/spec';
import { Ctx } from '../../../src/extension/ctx';
import { toDiagnostic } from '../../../src/extension/diagnostics';
import { fakeEngine } from './fakeEngine';
import * as fx from './fixtures';

let ctx: Ctx | undefined;
afterEach(() => {
    ctx?.dispose();
    ctx = undefined;
    resetMock();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to 2 s) for diagnostics of `file`: the first read also loads the front ends. */
async function diagnosticsOf(file: string) {
    for (let i = 0; i < 100 && !mock.diagnostics.has(file); i++) await wait(20);
    return mock.diagnostics.get(file) ?? [];
}
const at = (line: number, character: number) => ({ line, character });

test('frontEndDiagnosticsKeepRangeMapSeverityAndNameTheSource', () => {
    const cases: [SpecDiagnostic['severity'], DiagnosticSeverity][] = [
        ['error', DiagnosticSeverity.Error],
        ['warning', DiagnosticSeverity.Warning],
        ['info', DiagnosticSeverity.Information],
    ];
    for (const [severity, expected] of cases) {
        const d = toDiagnostic({
            severity,
            message: 'm',
            range: { file: '/w/x.arch.yaml', start: at(3, 4), end: at(5, 6) },
        });
        assert.equal(d.severity, expected);
        assert.equal(d.source, 'lswag');
        assert.equal(d.message, 'm');
        assert.deepEqual(
            [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
            [3, 4, 5, 6],
        );
    }
});

test('aBrokenCellInNotesIsAnErrorAtItsRangeAfterTheQuietPeriod', async () => {
    ctx = new Ctx(mockExtensionContext() as never, {
        createEngine: fakeEngine({}).factory,
        diagnosticsDelayMs: 5,
    });
    const d = mockDocument('/w/notes.md', fx.NOTES_MD);
    mock.documents.push(d);
    mock.onOpen.fire(d);
    assert.equal(mock.diagnostics.get(d.uri.fsPath), undefined, 'not before the debounce');
    const found = await diagnosticsOf(d.uri.fsPath);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, DiagnosticSeverity.Error);
    assert.equal(found[0].source, 'lswag');
    assert.deepEqual(
        [found[0].range.start.line, found[0].range.start.character, found[0].range.end.character],
        [4, 19, 60],
    );

    mock.onClose.fire(d);
    assert.equal(mock.diagnostics.get(d.uri.fsPath), undefined, 'closing clears');
});

test('aDefinitionThatCannotBeBuiltGetsAWarningAfterScoring', async () => {
    ctx = new Ctx(mockExtensionContext() as never, {
        createEngine: fakeEngine({ mlp: 1, wide: null }).factory,
        diagnosticsDelayMs: 1,
    });
    const d = mockDocument('/w/b.arch.json', fx.ARCH_JSON);
    mock.documents.push(d);
    await ctx.scorer.run(
        [{ file: d.uri.fsPath, text: d.getText(), specs: (await ctx.reader.read(d))!.specs }],
        { scope: 'file', title: 't' },
    );
    const found = await diagnosticsOf(d.uri.fsPath);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, DiagnosticSeverity.Warning);
    assert.match(found[0].message, /^'wide': cannot build 'wide'/);
    assert.equal(found[0].range.start.line, fx.ARCH_JSON_LINES.wide);
});
