// `lswag search` end to end through the real worker: a search killed with SIGKILL midway (CLI and
// worker) and resumed scores every proposed architecture exactly once; header mismatches are errors.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { BudgetChecker } from '../../../src/core/search/constraints';
import { planGeneration } from '../../../src/core/search/planner';
import { readRunHeader } from '../../../src/core/search/runFile';
import { genomeKey } from '../../../src/core/search/spaces';

const root = path.resolve(__dirname, '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-search-'));
const SAMPLES = 8;
const searchArgs = [
    '--space',
    'nb201',
    '--objective',
    'synflow',
    '--samples',
    `${SAMPLES}`,
    '--batch',
    '4',
    '--batches',
    '2',
    '--seed',
    '5',
];
const device = ['--device', 'cpu', '--threads', '1'];

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    return { code: await runCli(argv, io), out, err };
}

const evalLines = (file: string) =>
    existsSync(file)
        ? readFileSync(file, 'utf8')
              .split('\n')
              .filter((l) => l.startsWith('{"kind":"eval"'))
        : [];
/** Processes of a group that are still running (zombies awaiting a reaper do not count). Linux /proc. */
function liveInGroup(pgid: number): number[] {
    if (!existsSync('/proc')) return [];
    return readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .flatMap((pid) => {
            try {
                // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
                const [state, , pgrp] = readFileSync(`/proc/${pid}/stat`, 'utf8')
                    .split(') ')[1]
                    .split(' ');
                return Number(pgrp) === pgid && state !== 'Z' ? [Number(pid)] : [];
            } catch {
                return []; // The process ended while we looked.
            }
        });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('killedMidwayThenResumedScoresEveryProposalExactlyOnce', async () => {
    const file = path.join(tmp, 'killed.jsonl');
    // Why detached: the CLI leads its own process group, so one kill reaches it and its worker.
    const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'search', ...searchArgs, ...device, '--out', file],
        {
            cwd: root,
            detached: true,
            stdio: 'ignore',
        },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
    );
    const deadline = Date.now() + 40_000;
    while (evalLines(file).length < 1 && Date.now() < deadline) await sleep(20);
    process.kill(-child.pid!, 'SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const before = evalLines(file);
    assert.ok(
        before.length >= 1 && before.length < SAMPLES,
        `killed midway: ${before.length} of ${SAMPLES} recorded`,
    );
    await sleep(100);
    assert.deepEqual(liveInGroup(child.pid!), [], 'the worker died with the CLI');
    assert.equal(
        (JSON.parse(readFileSync(`${file}.lock`, 'utf8')) as { pid: number }).pid,
        child.pid,
        'the killed CLI left its lock behind',
    );

    const { code, out, err } = await run(['search', '--resume', file, ...device]);
    assert.equal(code, 0, err);
    assert.ok(
        !existsSync(`${file}.lock`),
        "the dead CLI's lock was taken over, and released when the run completed",
    );
    assert.match(err, new RegExp(`resuming: ${before.length} architectures already scored`));
    const after = evalLines(file);
    assert.deepEqual(
        after.slice(0, before.length),
        before,
        'nothing recorded before the kill was lost or rewritten',
    );
    const keys = after.map((l) => (JSON.parse(l) as { key: string }).key);
    assert.equal(new Set(keys).size, keys.length, 'no architecture scored twice');
    const { settings } = readRunHeader(file);
    const planned = planGeneration(settings, 0, [], new BudgetChecker(settings.budget)).genomes.map(
        genomeKey,
    );
    assert.deepEqual([...keys].sort(), [...planned].sort(), 'every proposed architecture scored');
    assert.equal(
        out.trim().split('\n').length,
        1 + SAMPLES + 1,
        'header, one row per architecture, the run line',
    );
});

test('resumeRejectsSettingsAndOutRejectsAnotherSearch', async () => {
    const file = path.join(tmp, 'other.jsonl');
    const first = await run([
        'search',
        ...searchArgs.slice(0, 4),
        '--samples',
        '1',
        '--batch',
        '4',
        '--objective',
        'params',
        ...device,
        '--out',
        file,
    ]);
    assert.equal(first.code, 0, first.err);
    const again = await run([
        'search',
        '--space',
        'nb201',
        '--objective',
        'params',
        '--samples',
        '1',
        '--batch',
        '4',
        '--seed',
        '9',
        ...device,
        '--out',
        file,
    ]);
    assert.equal(again.code, 2);
    assert.match(again.err, /was written for another search \(seed: 0 vs 9\)/);
    const resumed = await run(['search', '--resume', file, '--space', 'nb201']);
    assert.equal(resumed.code, 2);
    assert.match(resumed.err, /--resume takes the search settings from the run file; drop --space/);
});

test('withinABenchmarkVisitsOnlyItsCellsAndPrintsTheirAccuracies', async () => {
    // Edges of the second cell are written out of order: keys must still match the search's.
    const cells = [
        [
            '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|',
            91.5,
        ],
        ['|none~0|+|nor_conv_1x1~1|skip_connect~0|+|nor_conv_3x3~2|avg_pool_3x3~0|none~1|', 42.25],
        [
            '|skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_1x1~0|skip_connect~1|avg_pool_3x3~2|',
            88,
        ],
        ['|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|nor_conv_1x1~1|none~2|', 10.5],
    ] as const;
    const bench = path.join(tmp, 'bench.csv');
    writeFileSync(
        bench,
        `arch,cifar10_test_acc\n${cells.map(([c, a]) => `${c},${a}`).join('\n')}\n`,
    );
    const file = path.join(tmp, 'within.jsonl');
    const r = await run([
        'search',
        '--space',
        'nb201',
        '--objective',
        'params',
        '--samples',
        '3',
        '--batch',
        '4',
        '--within',
        bench,
        ...device,
        '--out',
        file,
    ]);
    assert.equal(r.code, 0, r.err);
    const keys = evalLines(file).map((l) => (JSON.parse(l) as { key: string }).key);
    assert.equal(keys.length, 3);
    const canonical = new Set(
        cells.map(([c]) =>
            c
                .replace('|nor_conv_1x1~1|skip_connect~0|', '|skip_connect~0|nor_conv_1x1~1|')
                .replace(
                    '|nor_conv_3x3~2|avg_pool_3x3~0|none~1|',
                    '|avg_pool_3x3~0|none~1|nor_conv_3x3~2|',
                ),
        ),
    );
    for (const k of keys) assert.ok(canonical.has(k), `${k} is one of the benchmark's cells`);
    assert.match(r.out.split('\n')[0], /cifar10_test_acc/);
    for (const line of r.out.trim().split('\n').slice(1, 4))
        assert.match(line, /\s(91\.50|42\.25|88\.00|10\.50)\s/);
    const autoformer = await run([
        'search',
        '--space',
        'autoformer-t',
        '--objective',
        'params',
        '--samples',
        '1',
        '--within',
        bench,
        '--out',
        path.join(tmp, 'af.jsonl'),
    ]);
    assert.equal(autoformer.code, 2);
    assert.match(autoformer.err, /--within .* needs --space nb201/);
});
