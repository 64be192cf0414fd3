// Faults around search run files, end to end through `lswag search` and the real worker: the worker
// SIGKILLed mid-search, the whole CLI killed at seeded random moments, a torn last line, a full disk
// (a 64 KiB tmpfs), a read-only run folder (the tmpfs remounted read-only) and a second search
// started on a run another is searching (refused by the run's lock). Every case ends with every line
// of the file whole and each proposed architecture recorded exactly once.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import {
    appendFileSync,
    existsSync,
    mkdtempSync,
    readFileSync,
    readdirSync,
    rmSync,
    writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { BudgetChecker } from '../../../src/core/search/constraints';
import { planGeneration } from '../../../src/core/search/planner';
import { readRunHeader } from '../../../src/core/search/runFile';
import { genomeKey } from '../../../src/core/search/spaces';
import { Rng } from '../../../src/core/util/rng';

const root = path.resolve(__dirname, '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-faults-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const TIMEOUT = { timeout: 240_000 };
const SAMPLES = 6;
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
    '11',
];
const device = ['--device', 'cpu', '--threads', '1'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** Every line whole JSON, the file ending in a newline, each proposed architecture exactly once. */
function assertExactlyOnce(file: string): void {
    const text = readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'), 'the file ends with a whole line');
    for (const line of text.split('\n').filter(Boolean))
        assert.doesNotThrow(() => JSON.parse(line), `a torn line: ${line.slice(0, 80)}`);
    const keys = evalLines(file).map((l) => (JSON.parse(l) as { key: string }).key);
    assert.equal(new Set(keys).size, keys.length, 'no architecture recorded twice');
    const { settings } = readRunHeader(file);
    const planned = planGeneration(settings, 0, [], new BudgetChecker(settings.budget)).genomes.map(
        genomeKey,
    );
    assert.deepEqual([...keys].sort(), [...planned].sort(), 'every proposed architecture recorded');
}

/** Children of this process whose command line names the worker (Linux /proc). */
function workerChildren(): number[] {
    return readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .flatMap((pid) => {
            try {
                const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
                const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
                return Number(stat[1]) === process.pid && stat[0] !== 'Z' && /worker/.test(cmd)
                    ? [Number(pid)]
                    : [];
            } catch {
                return [];
            }
        });
}

test('workerSigkilledMidSearchLosesAndRepeatsNothing', TIMEOUT, async (t) => {
    const file = path.join(tmp, 'worker-killed.jsonl');
    let kills = 0;
    const killer = (async () => {
        for (const after of [1, 4]) {
            while (evalLines(file).length < after) await sleep(10);
            const [pid] = workerChildren();
            if (pid === undefined) return;
            process.kill(pid, 'SIGKILL');
            kills++;
        }
    })();
    const result = await run(['search', ...searchArgs, ...device, '--out', file]);
    await Promise.race([killer, sleep(100)]);
    t.diagnostic(`killed the worker ${kills} times; exit ${result.code}`);
    assert.ok(kills >= 1, 'the worker was killed at least once');
    // The engine retries the interrupted architecture on a fresh worker: the search completes in one go.
    assert.equal(result.code, 0, result.err);
    assert.doesNotMatch(result.err, /could not be scored completely/);
    assertExactlyOnce(file);
    for (const line of evalLines(file))
        assert.deepEqual(
            (JSON.parse(line) as { result: { errors: string[] } }).result.errors,
            [],
            'every architecture scored',
        );
});

test(
    'cliKilledTwiceAtSeededRandomMomentsThenResumedRecordsEachArchitectureOnce',
    TIMEOUT,
    async (t) => {
        const file = path.join(tmp, 'cli-killed.jsonl');
        const rng = new Rng(4242);
        const history: string[][] = [];
        for (let k = 0; k < 2; k++) {
            const args =
                k === 0
                    ? ['search', ...searchArgs, ...device, '--out', file]
                    : ['search', '--resume', file, ...device];
            const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
                cwd: root,
                detached: true,
                stdio: 'ignore',
            });
            const exited = new Promise<number | null>((resolve) =>
                child.on('exit', (code) => resolve(code)),
            );
            // A seeded moment: once n more records exist, after a random delay (possibly mid-write).
            const target = evalLines(file).length + 1 + rng.int(2);
            const deadline = Date.now() + 60_000;
            while (evalLines(file).length < target && Date.now() < deadline) await sleep(5);
            await sleep(rng.int(400));
            try {
                process.kill(-child.pid!, 'SIGKILL');
            } catch {
                // It finished first.
            }
            const code = await exited;
            const now = evalLines(file);
            history.forEach((before) =>
                assert.deepEqual(
                    now.slice(0, before.length),
                    before,
                    'a kill never rewrote earlier records',
                ),
            );
            history.push(now);
            t.diagnostic(`kill ${k}: ${now.length} of ${SAMPLES} recorded (exit ${code})`);
            if (now.length === SAMPLES) break;
        }
        // A kill mid-append leaves a line without its newline; make sure one is there for the resume to cut.
        appendFileSync(file, '{"kind":"eval","key":"torn');
        const { code, err } = await run(['search', '--resume', file, ...device]);
        assert.equal(code, 0, err);
        assertExactlyOnce(file);
    },
);

/** A tmpfs of `size` mounted on a fresh folder, or why one cannot be (not root, no mount). */
function tmpfs(size: string): { dir: string; remountReadOnly(): void; unmount(): void } | string {
    const dir = mkdtempSync(path.join(tmp, 'fs-'));
    try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], {
            stdio: 'pipe',
        });
    } catch (e) {
        return `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]}); run as root to test a full disk`;
    }
    return {
        dir,
        remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
        unmount: () => execFileSync('umount', [dir]),
    };
}

test('aFullDiskStopsTheSearchWithTheReasonAndCorruptsNothing', TIMEOUT, async (t) => {
    const fs = tmpfs('64k');
    if (typeof fs === 'string') return t.skip(fs);
    try {
        const file = path.join(fs.dir, 'full.jsonl');
        // Leave two 4 KiB pages (a tmpfs allocates whole pages): one for the run's lock, and one where
        // the header and ~6 of 12 records fit.
        const filler = path.join(fs.dir, 'filler');
        writeFileSync(filler, Buffer.alloc(64 * 1024 - 2 * 4 * 1024));
        const samples = 12;
        const first = await run([
            'search',
            '--space',
            'nb201',
            '--objective',
            'params',
            '--samples',
            `${samples}`,
            ...searchArgs.slice(6),
            ...device,
            '--out',
            file,
        ]);
        assert.equal(first.code, 1, first.err);
        assert.match(
            first.err,
            /could not record the result of '[^']+': ENOSPC: no space left on device/,
        );
        assert.match(first.err, /could not be scored completely; run 'lswag search --resume/);
        const recorded = evalLines(file).length;
        t.diagnostic(`${recorded} of ${samples} recorded before the disk filled`);
        assert.ok(recorded > 0 && recorded < samples);
        assert.ok(readFileSync(file, 'utf8').endsWith('\n'), 'no partial line was left behind');
        rmSync(filler);
        const resumed = await run(['search', '--resume', file, ...device]);
        assert.equal(resumed.code, 0, resumed.err);
        assertExactlyOnce(file);
    } finally {
        fs.unmount();
    }
});

test('aReadOnlyRunFolderIsAClearErrorAndTheRunStaysIntact', TIMEOUT, async (t) => {
    const fs = tmpfs('1m');
    if (typeof fs === 'string') return t.skip(fs);
    try {
        const file = path.join(fs.dir, 'ro.jsonl');
        const partial = await run([
            'search',
            '--space',
            'nb201',
            '--objective',
            'params',
            '--samples',
            '2',
            ...searchArgs.slice(6),
            ...device,
            '--out',
            file,
        ]);
        assert.equal(partial.code, 0, partial.err);
        const before = readFileSync(file, 'utf8');
        fs.remountReadOnly();
        const fresh = await run([
            'search',
            ...searchArgs,
            ...device,
            '--out',
            path.join(fs.dir, 'other.jsonl'),
        ]);
        assert.equal(fresh.code, 2);
        assert.match(
            fresh.err,
            /cannot write the run file .*other\.jsonl: EROFS: read-only file system/,
        );
        assert.ok(!existsSync(path.join(fs.dir, 'other.jsonl')));
        assert.ok(!existsSync(path.join(fs.dir, 'other.jsonl.lock')));
        // Resuming a finished run only reads it; a new search into the same file cannot append.
        const again = await run(['search', '--resume', file, ...device]);
        assert.equal(again.code, 0, again.err);
        assert.equal(readFileSync(file, 'utf8'), before, 'the run file is unchanged');
    } finally {
        fs.unmount();
    }
});

test(
    'aSecondSearchOnARunBeingSearchedIsRefusedNamingTheFirstAndTheRunCompletesOnce',
    TIMEOUT,
    async () => {
        const file = path.join(tmp, 'shared.jsonl');
        const args = [
            'search',
            '--space',
            'nb201',
            '--objective',
            'params',
            '--samples',
            '20',
            '--seed',
            '3',
            ...device,
            '--out',
            file,
        ];
        const cli = () => {
            const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
                cwd: root,
                stdio: ['ignore', 'ignore', 'pipe'],
            });
            let err = '';
            child.stderr.on('data', (d) => (err += d));
            const exited = new Promise<{ code: number | null; err: string }>((resolve) =>
                child.on('exit', (code) => resolve({ code, err })),
            );
            return { child, exited };
        };
        // Why SIGSTOP: the first search must still hold the run when the second one (a second window, or
        // the CLI beside the panel) starts, however slowly that one starts on a loaded machine.
        const first = cli();
        while (evalLines(file).length < 1) await sleep(5);
        process.kill(first.child.pid!, 'SIGSTOP');
        assert.ok(
            evalLines(file).length < 20 && existsSync(`${file}.lock`),
            'the first search is stopped midway, holding the run',
        );
        let second: { code: number | null; err: string };
        try {
            second = await cli().exited;
        } finally {
            process.kill(first.child.pid!, 'SIGCONT');
        }
        assert.equal(second.code, 1, second.err);
        assert.match(
            second.err,
            new RegExp(
                `run .*shared\\.jsonl is being searched by process ${first.child.pid} since \\d{4}-\\d\\d-\\d\\dT`,
            ),
        );
        const done = await first.exited;
        assert.equal(done.code, 0, done.err);
        assertExactlyOnce(file);
        assert.ok(
            !existsSync(`${file}.lock`),
            'the first search released the run when it finished',
        );
        const resumed = await run(['search', '--resume', file, ...device]);
        assert.equal(resumed.code, 0, resumed.err);
        assert.match(resumed.out, /20 architectures scored/);
    },
);
