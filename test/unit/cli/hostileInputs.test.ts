// Hostile inputs through the real CLI (issue 20): a FIFO and /dev/zero as inputs and as ONNX model
// paths end promptly with a message (no hang, no memory growth, no stack trace); a resumed search
// whose run file holds hostile lines names them, ranks and exports only the good records and leaves
// the file as it was; candidate names with escape sequences reach the terminal escaped.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { RunFile } from '../../../src/core/search/runFile';
import { drive, evolutionSettings, type fakeRecord, headerOf } from '../core/search/fixtures';

const root = path.resolve(__dirname, '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-hostile-cli-'));

/** Runs the CLI as a user would (its own process), killing it after `limitMs`. */
function cli(
    args: string[],
    limitMs = 60_000,
): Promise<{ code: number | null; out: string; err: string; ms: number }> {
    const started = Date.now();
    const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args],
        { cwd: root },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    return new Promise((resolve) =>
        child.on('close', (code) => {
            clearTimeout(timer);
            resolve({ code, out, err, ms: Date.now() - started });
        }),
    );
}

async function inProcess(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    return { code: await runCli(argv, io), out, err };
}

const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at .*\(.*:\d+:\d+\)/, text);

test('aFifoAndDevZeroAsInputsEndPromptlyWithAMessage', async () => {
    const fifo = path.join(tmp, 'in.arch.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['score', fifo, '/dev/zero', '--device', 'cpu'], 30_000);
    assert.notEqual(r.code, null, 'the CLI ended by itself (was killed after 30 s)');
    assert.notEqual(r.code, 0);
    assert.match(
        r.err,
        /in\.arch\.yaml.*a FIFO \(named pipe\); only regular files and folders are read/,
    );
    assert.match(r.err, /\/dev\/zero.*a device; only regular files and folders are read/);
    noStack(r.err);
});

test('aFifoAndDevZeroAsOnnxModelPathsAreCandidateErrorsNotAHang', async () => {
    const fifo = path.join(tmp, 'model.onnx');
    execFileSync('mkfifo', [fifo]);
    const arch = path.join(tmp, 'models.arch.yaml');
    writeFileSync(
        arch,
        [
            'family: onnx',
            'candidates:',
            '  - {name: zero, path: /dev/zero}',
            `  - {name: pipe, path: ${fifo}}`,
            '',
        ].join('\n'),
    );
    const r = await cli(
        ['score', arch, '--device', 'cpu', '--threads', '0', '--proxies', 'params', '--batch', '2'],
        120_000,
    );
    assert.notEqual(r.code, null, 'the CLI ended by itself');
    const text = r.out + r.err;
    assert.match(text, /\/dev\/zero is a device, not a regular file/);
    assert.match(text, /model\.onnx is a FIFO \(named pipe\), not a regular file/);
    noStack(text);
});

test('aResumedSearchNamesHostileLinesAndRanksAndExportsOnlyGoodRecords', async () => {
    const file = path.join(tmp, 'run.jsonl');
    const settings = evolutionSettings(3, 2);
    drive(settings, RunFile.open(file, headerOf(settings)));
    const good = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    const first = JSON.parse(readFileSync(file, 'utf8').split('\n')[1]) as ReturnType<
        typeof fakeRecord
    >;
    const hostile = [
        'null',
        '{"kind":"eval"}',
        JSON.stringify({ ...first, result: { ...first.result, scores: { fake: 1e300 } } }),
        JSON.stringify({
            ...first,
            key: '|undefined~0|',
            genome: { space: 'nb201', ops: [7, 0, 0, 0, 0, 0] },
        }),
        JSON.stringify({ ...first, genome: { space: 'autoformer-b', embedDim: 528 } }),
    ];
    appendFileSync(file, hostile.join('\n') + '\n');
    const before = readFileSync(file, 'utf8');
    const exported = path.join(tmp, 'best.arch.yaml');
    const r = await inProcess([
        'search',
        '--resume',
        file,
        '--device',
        'cpu',
        '--top',
        '3',
        '--export',
        exported,
    ]);
    assert.equal(r.code, 0, r.err);
    for (let i = 0; i < hostile.length; i++)
        assert.match(r.err, new RegExp(`line ${good + 1 + i} skipped: `));
    assert.doesNotMatch(r.out, /1\.00000e\+300|undefined/);
    const yaml = readFileSync(exported, 'utf8');
    assert.doesNotMatch(yaml, /undefined|e\+300/);
    assert.equal(
        readFileSync(file, 'utf8').slice(0, before.length),
        before,
        'nothing before was rewritten',
    );
});

test('escapeSequencesAndBidiOverridesInNamesAreEscapedInTheOutput', async () => {
    const arch = path.join(tmp, 'names.arch.json');
    const evil = 'a\u001b[2J\u001b]0;pwned\u0007b\u202eoof\rX';
    writeFileSync(
        arch,
        JSON.stringify({
            family: 'layers',
            candidates: [
                {
                    name: evil,
                    input: [3, 4, 4],
                    classes: 2,
                    layers: ['flatten', { type: 'linear', out: 2 }],
                },
            ],
        }),
    );
    const table = await inProcess([
        'score',
        arch,
        '--device',
        'cpu',
        '--proxies',
        'params',
        '--batch',
        '2',
    ]);
    assert.equal(table.code, 0, table.err);
    assert.doesNotMatch(table.out + table.err, /[\u001b\u0007\u202e\r]/);
    assert.match(table.out, /a\\u001b\[2J\\u001b\]0;pwned\\u0007b\\u202eoof\\u000dX/);
    const json = await inProcess([
        'score',
        arch,
        '--device',
        'cpu',
        '--proxies',
        'params',
        '--batch',
        '2',
        '--json',
    ]);
    assert.doesNotMatch(json.out, /[\u001b\u0007\u202e]/);
    assert.equal(
        (JSON.parse(json.out) as { results: { name: string }[] }).results[0].name,
        evil,
        'the JSON keeps the exact name',
    );
});
