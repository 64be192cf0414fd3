// The panel's run history, from real run files written by RunFile: complete vs interrupted (by the
// last generation's summary), evaluated / expected, best value, a torn last line skipped without
// changing the file, files that are not runs listed as unreadable, and the best-architectures export.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { rankRecords } from '../../../src/core/search/objective';
import { RunFile } from '../../../src/core/search/runFile';
import { nb201CellOf } from '../../../src/core/search/spaces';
import {
    RunHistory,
    bestArchitectureFile,
    parseRunText,
    readRun,
} from '../../../src/extension/searchHistory';
import { drive, evolutionSettings, headerOf } from '../core/search/fixtures';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-history-'));
const settings = evolutionSettings(3, 3);

function writeRun(name: string, limit: number, mtime: number): RunFile {
    const run = RunFile.open(path.join(dir, `${name}.jsonl`), headerOf(settings));
    drive(settings, run, limit);
    utimesSync(run.file, mtime, mtime);
    return run;
}

const complete = writeRun('complete', Infinity, 3000);
const interrupted = writeRun('interrupted', 13, 2000);
writeFileSync(path.join(dir, 'notes.jsonl'), '{"kind":"something-else"}\n');
writeFileSync(path.join(dir, 'ignored.txt'), 'not a run');
utimesSync(path.join(dir, 'notes.jsonl'), 1000, 1000);

test('historyListsRunsNewestFirstWithStateCountsAndBest', async () => {
    const runs = await new RunHistory((f) => `rel/${path.basename(f)}`).list(dir);
    assert.deepEqual(
        runs.map((r) => [r.id, r.state]),
        [
            ['complete', 'complete'],
            ['interrupted', 'interrupted'],
            ['notes', 'unreadable'],
        ],
    );
    const [c, i, notes] = runs;
    assert.equal(c.label, 'rel/complete.jsonl');
    // Why a complete run's total is what it holds: a child that found no new architecture leaves
    // its slot empty (29 of 30 can be complete), and a complete run shows a full bar.
    assert.deepEqual(
        [c.evaluated, c.expected, i.evaluated, i.expected],
        [complete.records.length, complete.records.length, 13, 30],
    );
    assert.equal(c.secondsPerArchitecture, undefined, 'records of 0 s give no timing');
    assert.equal(c.space, 'nb201');
    assert.equal(c.objective, 'fake');
    assert.equal(c.algorithm, 'evolution 10 x 3');
    const top = rankRecords(settings.objective, complete.records)[0];
    assert.deepEqual(c.best, { key: top.record.key, value: top.value });
    assert.equal(c.modified, 3_000_000);
    assert.match(notes.problem ?? '', /not an 'lswag search' run file/);
});

test('theRunningRunIsMarkedAndAMissingFolderIsAnEmptyHistory', async () => {
    const runs = await new RunHistory().list(dir, 'interrupted');
    assert.equal(runs.find((r) => r.id === 'interrupted')?.state, 'running');
    assert.equal(runs.find((r) => r.id === 'complete')?.state, 'complete');
    assert.deepEqual(await new RunHistory().list(path.join(dir, 'nope')), []);
});

test('aTornLastLineIsSkippedAndTheFileLeftAsItIs', async () => {
    const file = path.join(dir, 'torn.jsonl');
    writeFileSync(file, readFileSync(interrupted.file));
    appendFileSync(file, '{"kind":"eval","key":"half');
    const before = readFileSync(file, 'utf8');
    const history = new RunHistory();
    const torn = (await history.list(dir)).find((r) => r.id === 'torn');
    assert.equal(torn?.state, 'interrupted');
    assert.equal(torn?.evaluated, 13);
    assert.equal(readFileSync(file, 'utf8'), before, 'the history never writes');
    // The line finished later (the file's size changed) is seen on the next listing, despite the cache.
    appendFileSync(file, '\n');
    const broken = (await history.list(dir)).find((r) => r.id === 'torn');
    assert.equal(broken?.state, 'unreadable');
    assert.match(broken?.problem ?? '', /line 16 is not JSON/);
    writeFileSync(
        file,
        `${before.slice(0, before.lastIndexOf('\n') + 1)}{"kind":"eval","key":"k"}\n`,
    );
    const partial = (await history.list(dir)).find((r) => r.id === 'torn');
    assert.match(partial?.problem ?? '', /line 16 is not a complete eval record/);
});

test('parseRunTextRejectsOtherVersionsAndKeepsTheFirstOfADuplicateKey', () => {
    const header = JSON.stringify(headerOf(settings));
    assert.throws(() => parseRunText(''), /not an 'lswag search' run file/);
    assert.throws(
        () => parseRunText(`${header.replace('"version":1', '"version":9')}\n`),
        /run-file version 9; this extension reads 1/,
    );
    const [first] = complete.records;
    const copy = { ...first, result: { ...first.result, scores: { fake: -1 } } };
    const parsed = parseRunText(`${header}\n${JSON.stringify(first)}\n${JSON.stringify(copy)}\n`);
    assert.equal(parsed.records.length, 1);
    assert.deepEqual(parsed.records[0].result.scores, first.result.scores);
});

test('bestArchitectureFileListsTheTopCellsBestFirst', async () => {
    const run = await readRun(dir, 'complete');
    const { text, count } = bestArchitectureFile('complete', run, 3);
    assert.equal(count, 3);
    const top = rankRecords(settings.objective, complete.records).slice(0, 3);
    const cells = [...text.matchAll(/cell: "([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
        cells,
        top.map((r) => (r.record.genome.space === 'nb201' ? nb201CellOf(r.record.genome.ops) : '')),
    );
    assert.match(text, /^# Best 3 of lswag search run complete\nfamily: nb201\n/);
    const empty = parseRunText(`${JSON.stringify(headerOf(settings))}\n`);
    assert.throws(
        () => bestArchitectureFile('empty', empty),
        /run empty has no scored architecture yet/,
    );
});
