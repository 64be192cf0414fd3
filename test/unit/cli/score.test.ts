// `lswag score` end to end through the real worker: files in, a ranked table or JSON out,
// per-candidate errors reported without stopping the rest.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    const code = await runCli(argv, io);
    return { code, out, err };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-score-'));
const file = path.join(dir, 'tiny.arch.json');
writeFileSync(
    file,
    JSON.stringify(
        {
            family: 'layers',
            candidates: [
                {
                    name: 'wide',
                    input: [3, 8, 8],
                    classes: 4,
                    layers: [
                        { type: 'conv', out: 8, kernel: 3, padding: 1 },
                        'relu',
                        'globalavgpool',
                        { type: 'linear', out: 4 },
                    ],
                },
                {
                    name: 'narrow',
                    input: [3, 8, 8],
                    classes: 4,
                    layers: [
                        { type: 'conv', out: 2, kernel: 3, padding: 1 },
                        'relu',
                        'globalavgpool',
                        { type: 'linear', out: 4 },
                    ],
                },
                {
                    name: 'broken',
                    input: [3, 8, 8],
                    classes: 4,
                    layers: [{ type: 'linear', out: 4 }],
                },
            ],
        },
        null,
        2,
    ),
);

test('scoresEveryCandidateInInputOrderAndReportsTheBrokenOne', async () => {
    const { code, out, err } = await run([
        'score',
        file,
        '--proxies',
        'lswag,params,swap',
        '--batch',
        '8',
        '--device',
        'cpu',
        '--json',
    ]);
    assert.equal(code, 1, `exit 1: one candidate failed\n${err}`);
    const report = JSON.parse(out) as {
        schemaVersion: number;
        device: string;
        results: {
            name: string;
            source: string;
            params: number | null;
            scores: Record<string, number | null>;
            errors: string[];
        }[];
    };
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.device, 'cpu');
    assert.deepEqual(
        report.results.map((r) => r.name),
        ['wide', 'narrow', 'broken'],
    );
    const [wide, narrow, broken] = report.results;
    assert.match(wide.source, /tiny\.arch\.json:\d+$/);
    assert.equal(wide.params, 3 * 8 * 9 + 8 + 8 * 4 + 4);
    assert.ok(wide.scores.lswag !== null && narrow.scores.swap !== null);
    assert.ok(
        (wide.scores.swap ?? 0) > (narrow.scores.swap ?? 0),
        'more units give more distinct patterns',
    );
    assert.equal(broken.scores.lswag, null);
    assert.match(broken.errors.join(' '), /expected \[4\] logits/);
});

test('readableTableRanksByTheFirstProxy', async () => {
    const { code, out } = await run([
        'score',
        file,
        '--proxies',
        'params',
        '--batch',
        '8',
        '--device',
        'cpu',
    ]);
    assert.equal(code, 1, "exit 1: 'broken' failed, the others were scored");
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^rank\s+name\s+source\s+params\s+flops/);
    assert.match(lines[1], /^1\s+wide/);
});

test('nothingScorableExitsNonZero', async () => {
    const empty = path.join(dir, 'empty.md');
    writeFileSync(empty, 'no architectures here\n');
    const { code, err } = await run(['score', empty]);
    assert.equal(code, 3, 'exit 3: nothing scored');
    assert.match(err, /no architectures found/);
});
