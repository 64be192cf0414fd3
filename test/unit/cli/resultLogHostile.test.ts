// The eval results file against hand edits and hostile paths: lines that are not results are
// skipped by number (and scored again) instead of throwing a SyntaxError; a device or a FIFO named
// as the file is a usage error, never an endless read.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { UsageError } from '../../../src/cli/options';
import { ResultLog, readResultFile } from '../../../src/cli/resultLog';
import type { ScoreOptions, ScoreResult } from '../../../src/protocol/worker';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-results-'));
const options: ScoreOptions = {
    proxies: ['params'],
    data: { kind: 'synthetic' },
    batch: 2,
    batches: 1,
    seed: 0,
    psiSamples: 1,
    gradientMode: 'batches',
};
const result = {
    name: 'a',
    source: 'a',
    family: 'layers',
    params: 1,
    flops: 1,
    scores: { params: 1 },
    errors: [],
    device: 'cpu',
    seconds: 0,
} as ScoreResult;

test('linesThatAreNotResultsAreSkippedByNumber', () => {
    const file = path.join(tmp, 'r.jsonl');
    const text = [
        JSON.stringify({ kind: 'lswag-results', options }),
        JSON.stringify({ key: 'a@1', result }),
        'null',
        '{"key":1}',
        'garbage',
        JSON.stringify({ key: 'b@2', result: { ...result, name: 'b' } }),
        '',
    ].join('\n');
    writeFileSync(file, text);
    const log = new ResultLog(file, options);
    assert.deepEqual(log.skipped, [3, 4, 5]);
    assert.ok(log.has('a@1') && log.has('b@2'));
    assert.equal(readFileSync(file, 'utf8'), text, 'nothing rewritten');
    assert.deepEqual([...readResultFile(file).results.keys()], ['a@1', 'b@2']);
    writeFileSync(file, 'not json\n');
    assert.throws(
        () => new ResultLog(file, options),
        (e: Error) => e instanceof UsageError && /holds results for other options/.test(e.message),
    );
});

test('aDeviceAsTheResultsFileIsAUsageError', () => {
    assert.throws(
        () => new ResultLog('/dev/zero', options),
        (e: Error) => e instanceof UsageError && /is a device, not a regular file/.test(e.message),
    );
    assert.throws(
        () => readResultFile('/dev/zero'),
        (e: Error) => e instanceof UsageError && /is a device/.test(e.message),
    );
});
