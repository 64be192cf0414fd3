// No orphans, prompt stops, measured with real processes: a worker whose parent is SIGKILLed in the
// middle of a long onnxruntime run exits within 2 s (its parent-watching thread, worker/parentWatch.ts),
// and `lswag score` stopped by SIGINT or SIGTERM exits within 2 s with its worker gone, or SIGKILLed
// leaves no worker after 2 s.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after, before } from 'node:test';
import type { LayerListSpec } from '../../../src/core/spec/spec';
import { isRunning, until } from '../engine/processes';
import { buildWorker, removeWorker } from '../engine/workerBundle';

const TIMEOUT = { timeout: 60_000 };
const root = path.resolve(__dirname, '../../..');

/** One session.run of this model takes several seconds on one thread: a long run to interrupt. */
const slow: LayerListSpec = {
    family: 'layers',
    name: 'slow',
    input: [3, 96, 96],
    classes: 10,
    layers: [
        { type: 'conv', out: 48, kernel: 3, padding: 1 },
        { type: 'relu' },
        { type: 'conv', out: 48, kernel: 3, padding: 1 },
        { type: 'relu' },
        { type: 'conv', out: 48, kernel: 3, padding: 1 },
        { type: 'relu' },
        { type: 'globalavgpool' },
        { type: 'flatten' },
        { type: 'linear', out: 10 },
    ],
};

let workerPath: string;
const started: ChildProcess[] = [];
before(async () => (workerPath = await buildWorker()));
after(() => {
    for (const child of started)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeWorker(workerPath);
});

/** Pids whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            if (ppid === pid) found.push(Number(entry));
        } catch {
            // Gone meanwhile.
        }
    }
    return found;
}

/** Milliseconds until `predicate` holds (polled every 5 ms), or Infinity after `limitMs`. */
async function msUntil(predicate: () => boolean, limitMs: number): Promise<number> {
    const start = Date.now();
    try {
        await until(predicate, limitMs);
    } catch {
        return Infinity;
    }
    return Date.now() - start;
}

test('aWorkerWhoseParentIsSigkilledMidRunExitsWithin2s', TIMEOUT, async (t) => {
    const parent = spawn(
        process.execPath,
        [path.join(__dirname, 'parentMidRun.cjs'), workerPath, JSON.stringify(slow)],
        { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    started.push(parent);
    let out = '';
    parent.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => /^\d+\n/.test(out), 20_000);
    const worker = Number(out.split('\n')[0]);
    // Why the wait: past session creation, into onnxruntime's run, where the IPC channel goes unread.
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(
        !out.includes('finished'),
        'the model was still being scored when its parent was killed',
    );
    assert.ok(isRunning(worker));
    parent.kill('SIGKILL');
    const ms = await msUntil(() => !isRunning(worker), 5000);
    t.diagnostic(`worker exited ${ms} ms after its parent was SIGKILLed`);
    assert.ok(ms <= 2000, `the orphaned worker ran on for ${ms} ms`);
});

/** `lswag score` from source on the slow model; resolves with the CLI once its worker is scoring. */
async function cliScoringSlowModel(): Promise<{
    cli: ChildProcess;
    worker: number;
    exited: Promise<{ code: number | null; signal: string | null }>;
    err: () => string;
}> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-orphans-'));
    const file = path.join(dir, 'slow.arch.json');
    writeFileSync(
        file,
        // Why twelve topologies: repeats of one model are cached sessions and finish in
        // milliseconds; distinct widths keep the job busy for many seconds on a fast machine.
        JSON.stringify({
            family: 'layers',
            candidates: Array.from({ length: 12 }, (_, i) => ({
                ...slow,
                family: undefined,
                name: `slow-${i}`,
                layers: slow.layers.map((l) => (l.type === 'conv' ? { ...l, out: 48 + i } : l)),
            })),
        }),
    );
    const cli = spawn(
        process.execPath,
        [
            '--import',
            'tsx',
            path.join(root, 'src/cli/main.ts'),
            'score',
            file,
            '--proxies',
            'params,nwot,lswag',
            '--batch',
            '8',
            '--device',
            'cpu',
            '--threads',
            '1',
        ],
        { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    started.push(cli);
    let err = '';
    cli.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
        cli.once('exit', (code, signal) => resolve({ code, signal })),
    );
    let worker = 0;
    await until(() => ([worker] = childrenOf(cli.pid!)).length > 0 && worker > 0, 20_000);
    // Why wait for the first result: the worker is then mid-job, with eleven models still to go.
    await until(() => /scoring: [1-9]/.test(err), 60_000);
    assert.ok(isRunning(worker) && cli.exitCode === null, `the CLI is still scoring: ${err}`);
    return { cli, worker, exited, err: () => err };
}

for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
] as const) {
    test(`${signal}StopsTheCliWithin2sAndItsWorkerWithIt`, TIMEOUT, async (t) => {
        const { cli, worker, exited, err } = await cliScoringSlowModel();
        const start = Date.now();
        cli.kill(signal);
        const how = await exited;
        const cliMs = Date.now() - start;
        const workerMs = await msUntil(() => !isRunning(worker), 2000 - Math.min(cliMs, 2000));
        t.diagnostic(
            `${signal}: the CLI exited after ${cliMs} ms, the worker was gone ${workerMs} ms later`,
        );
        assert.ok(cliMs <= 2000, `the CLI took ${cliMs} ms to stop`);
        assert.equal(how.code, code, `exit code 128 + signal: ${JSON.stringify(how)}`);
        assert.match(err(), new RegExp(`lswag: stopped \\(${signal}\\)`));
        assert.doesNotMatch(err(), /\n\s+at /, 'no stack trace');
        assert.ok(workerMs !== Infinity, `worker ${worker} survived the CLI by more than 2 s`);
    });
}

test('sigkillOfTheCliLeavesNoWorkerAfter2s', TIMEOUT, async (t) => {
    const { cli, worker, exited } = await cliScoringSlowModel();
    cli.kill('SIGKILL');
    await exited;
    const ms = await msUntil(() => !isRunning(worker), 2000);
    t.diagnostic(`the worker exited ${ms} ms after the CLI was SIGKILLed`);
    assert.ok(ms <= 2000, `worker ${worker} outlived the SIGKILLed CLI by more than 2 s`);
});
