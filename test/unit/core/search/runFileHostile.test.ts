// Hostile run-file lines (issue 20): a `null` line, a record without `result`, a bare eval line, a
// record of another space, a genome out of range, a forged key and a duplicate key with a forged
// score are skipped with their line numbers; the good records are kept, ranked and exported as
// before; the file is not rewritten; a resumed search appends after it and the next open agrees.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { formatArchitectureFile } from '../../../../src/core/search/exportArch';
import { rankRecords } from '../../../../src/core/search/objective';
import { RunFile, RunFileError, readRunHeader } from '../../../../src/core/search/runFile';
import { RunLock, RunLockedError } from '../../../../src/core/search/runLock';
import { execFileSync } from 'node:child_process';
import { genomeKey } from '../../../../src/core/search/spaces';
import { drive, evolutionSettings, fakeRecord, headerOf } from './fixtures';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-hostile-'));
const settings = evolutionSettings(3, 2);
const header = headerOf(settings);

function goodRun(name: string): { file: string; lines: string[] } {
    const file = path.join(tmp, name);
    const run = RunFile.open(file, header);
    drive(settings, run, 4);
    return { file, lines: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

test('hostileLinesAreSkippedByLineNumberAndNeverRankedOrExported', () => {
    const { file, lines } = goodRun('hostile.jsonl');
    const first = JSON.parse(lines[1]) as ReturnType<typeof fakeRecord>;
    const forgedDuplicate = { ...first, result: { ...first.result, scores: { fake: 1e300 } } };
    const otherSpace = {
        ...fakeRecord({ space: 'nb201', ops: [1, 1, 1, 1, 1, 1] }, 0),
        genome: { space: 'autoformer-t', embedDim: 192, depth: 12, mlpRatio: [], numHeads: [] },
    };
    const outOfRange = {
        ...fakeRecord({ space: 'nb201', ops: [0, 0, 0, 0, 0, 0] }, 0),
        genome: { space: 'nb201', ops: [9, 0, 0, 0, 0, 0] },
        key: '|undefined~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    };
    const forgedKey = {
        ...fakeRecord({ space: 'nb201', ops: [2, 2, 2, 2, 2, 2] }, 0),
        key: 'best-ever',
    };
    const noResult = {
        kind: 'eval',
        key: genomeKey({ space: 'nb201', ops: [4, 4, 4, 4, 4, 4] }),
        genome: { space: 'nb201', ops: [4, 4, 4, 4, 4, 4] },
        generation: 0,
    };
    const lateGeneration = fakeRecord({ space: 'nb201', ops: [4, 3, 4, 3, 4, 3] }, 7);
    const hostile = [
        'null',
        '{"kind":"eval"}',
        JSON.stringify(noResult),
        JSON.stringify(otherSpace),
        JSON.stringify(outOfRange),
        JSON.stringify(forgedKey),
        JSON.stringify(forgedDuplicate),
        JSON.stringify(lateGeneration),
        'not json',
        '{"kind":"surprise"}',
    ];
    const text = [...lines, ...hostile].join('\n') + '\n';
    writeFileSync(file, text);

    const run = RunFile.open(file, readRunHeader(file));
    assert.equal(readFileSync(file, 'utf8'), text, "nothing rewritten behind the user's back");
    assert.deepEqual(
        run.skipped.map((s) => s.line),
        hostile.map((_, i) => lines.length + 1 + i),
        'every hostile line named by its number',
    );
    const reasons = run.skipped.map((s) => s.reason);
    assert.match(reasons[0], /not a record/);
    assert.match(reasons[1], /no genome/);
    assert.match(reasons[2], /no result/);
    assert.match(reasons[3], /space "autoformer-t", not nb201/);
    assert.match(reasons[4], /6 integers 0-4/);
    assert.match(reasons[5], /key "best-ever" does not match its genome/);
    assert.match(reasons[6], new RegExp(`is already on line 2`));
    assert.match(reasons[7], /generation must be 0-1/);
    assert.match(reasons[8], /not JSON/);
    assert.match(reasons[9], /unknown record kind "surprise"/);

    assert.equal(run.records.length, 4, 'the four good records, no more');
    assert.equal(
        run.records[0].result.scores.fake,
        first.result.scores.fake,
        'the first of a duplicated key counts, not the forged copy',
    );
    const top = rankRecords(settings.objective, run.records);
    assert.ok(top.every((r) => r.value < 1e300));
    const exported = formatArchitectureFile(
        top.map((r, i) => ({ name: `n${i}`, genome: r.record.genome, note: '' })),
        settings.dataset,
        't',
    );
    assert.doesNotMatch(exported, /undefined/);

    // A resumed search appends after the bad lines, and a later open reads the same records.
    drive(settings, run);
    const again = RunFile.open(file, header);
    assert.deepEqual(
        again.records.map((r) => r.key),
        run.records.map((r) => r.key),
    );
    assert.equal(
        again.skipped.length,
        hostile.length,
        'the bad lines are still reported, still skipped',
    );
});

test('aBadHeaderRefusesTheFileWithTheReason', () => {
    const { file, lines } = goodRun('header.jsonl');
    const h = JSON.parse(lines[0]) as { settings: Record<string, unknown> };
    for (const [field, value, reason] of [
        ['space', 'nb999', /settings\.space must be one of/],
        ['seed', -1, /settings\.seed must be an integer/],
        ['algorithm', { kind: 'evolution', options: { population: 0 } }, /settings\.algorithm/],
        ['objective', null, /settings\.objective/],
        ['budget', { min: 'big' }, /settings\.budget/],
    ] as const) {
        writeFileSync(
            file,
            [
                JSON.stringify({ ...h, settings: { ...h.settings, [field]: value } }),
                ...lines.slice(1),
            ].join('\n') + '\n',
        );
        assert.throws(
            () => readRunHeader(file),
            (e: Error) =>
                e instanceof RunFileError && reason.test(e.message) && /line 1/.test(e.message),
            field,
        );
    }
    writeFileSync(file, 'null\n');
    assert.throws(
        () => readRunHeader(file),
        (e: Error) => e instanceof RunFileError && /not an 'lswag search' run file/.test(e.message),
    );
});

test('aLastLineWithoutNewlineIsKeptWhenCompleteAndCutWhenTorn', () => {
    const { file, lines } = goodRun('tail.jsonl');
    const extra = fakeRecord({ space: 'nb201', ops: [0, 1, 2, 3, 4, 0] }, 1);
    writeFileSync(file, lines.join('\n') + '\n' + JSON.stringify(extra));
    const kept = RunFile.open(file, header);
    assert.ok(kept.has(extra.key), 'a hand-edited file missing its final newline loses no record');
    assert.ok(
        readFileSync(file, 'utf8').endsWith(`${JSON.stringify(extra)}\n`),
        'the newline was added, nothing else',
    );
    appendFileSync(
        file,
        JSON.stringify(fakeRecord({ space: 'nb201', ops: [4, 1, 2, 3, 4, 0] }, 1)).slice(0, 30),
    );
    const cut = RunFile.open(file, header);
    assert.deepEqual(
        cut.skipped.map((s) => s.line),
        [lines.length + 2],
    );
    assert.match(cut.skipped[0].reason, /unfinished line/);
    assert.ok(readFileSync(file, 'utf8').endsWith('\n'));
});

test('aFifoOrADeviceAsTheRunFileIsARunFileErrorNotAHang', () => {
    assert.throws(
        () => readRunHeader('/dev/zero'),
        (e: Error) => e instanceof RunFileError && /device, not a regular file/.test(e.message),
    );
});

test('aFifoWhereTheLockGoesIsABusyRunNotAHang', () => {
    const file = path.join(tmp, 'fifo-lock.jsonl');
    execFileSync('mkfifo', [`${file}.lock`]);
    const started = Date.now();
    assert.throws(
        () => RunLock.acquire(file),
        (e: Error) => e instanceof RunLockedError,
    );
    assert.ok(Date.now() - started < 2000);
});
