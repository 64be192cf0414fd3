// The run file: one JSON line per record, a torn last line cut off on open, a header that must match,
// and generation summaries whose best ranks over everything recorded so far.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import {
    RunFile,
    RunFileError,
    readRunHeader,
    summarizeGeneration,
} from '../../../../src/core/search/runFile';
import { evolutionSettings, fakeRecord, headerOf } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-runfile-'));
const a = { space: 'nb201', ops: [1, 2, 3, 4, 0, 1] } as const;
const b = { space: 'nb201', ops: [3, 3, 3, 3, 3, 3] } as const;

test('recordsSurviveAReopenAndATornLastLineIsCutOff', () => {
    const file = path.join(tmp, 'torn.jsonl');
    const header = headerOf(evolutionSettings());
    const run = RunFile.open(file, header);
    run.appendEval(fakeRecord(a, 0));
    const intact = readFileSync(file, 'utf8');
    appendFileSync(file, JSON.stringify(fakeRecord(b, 0)).slice(0, 40));
    const reopened = RunFile.open(file, header);
    assert.equal(readFileSync(file, 'utf8'), intact, 'the partial line is gone from the file');
    assert.deepEqual(reopened.records, [fakeRecord(a, 0)]);
    assert.ok(reopened.has(fakeRecord(a, 0).key) && !reopened.has(fakeRecord(b, 0).key));
    reopened.appendEval(fakeRecord(b, 0));
    assert.equal(
        RunFile.open(file, header).records.length,
        2,
        'appends after the cut start on a fresh line',
    );
});

test('aRecordedKeyCannotBeAppendedTwice', () => {
    const run = RunFile.open(path.join(tmp, 'twice.jsonl'), headerOf(evolutionSettings()));
    run.appendEval(fakeRecord(a, 0));
    assert.throws(() => run.appendEval(fakeRecord(a, 1)), /already/);
});

test('anotherSearchsHeaderIsAClearError', () => {
    const file = path.join(tmp, 'mismatch.jsonl');
    RunFile.open(file, headerOf(evolutionSettings(1)));
    assert.throws(
        () => RunFile.open(file, headerOf(evolutionSettings(2))),
        (e: Error) => e instanceof RunFileError && /seed: 1 vs 2/.test(e.message),
    );
    const other = path.join(tmp, 'other.jsonl');
    writeFileSync(other, '{"kind":"lswag-results","options":{}}\n');
    assert.throws(() => readRunHeader(other), /not an 'lswag search' run file/);
    assert.equal(readRunHeader(file).settings.seed, 1);
});

test('generationSummaryBestSoFarAndOwnMean', () => {
    const settings = evolutionSettings();
    const records = [fakeRecord(a, 0), fakeRecord(b, 1)];
    const s0 = summarizeGeneration(settings.objective, records, 0);
    const s1 = summarizeGeneration(settings.objective, records, 1);
    const fa = records[0].result.scores.fake!;
    const fb = records[1].result.scores.fake!;
    assert.deepEqual(s0, {
        kind: 'generation',
        index: 0,
        best: { key: records[0].key, value: fa },
        mean: fa,
        scored: 1,
    });
    assert.equal(s1.best?.key, fb > fa ? records[1].key : records[0].key);
    assert.equal(s1.mean, fb);
});
