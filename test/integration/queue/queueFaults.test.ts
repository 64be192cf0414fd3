// Acceptance (issue 24): a worker SIGKILLed in the middle of a job loses nothing (BullMQ's stalled-job
// check gives the job to another worker; every architecture is recorded once), and a coordinator
// SIGKILLed in the middle of a search resumes it with nothing scored twice (the jobs it enqueued are
// found by their ids, finished ones with their results).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after, before } from 'node:test';
import {
    type RedisServer,
    type Running,
    TINY,
    lswag,
    missingPrerequisite,
    readResults,
    startRedis,
    waitUntil,
    writeBench,
} from './queueHarness';

const skip = missingPrerequisite();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-queue-faults-'));
let redis: RedisServer | undefined;
const started: Running[] = [];

before(async () => {
    if (!skip) redis = await startRedis();
});
after(async () => {
    await stopAll();
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
});

function run(args: readonly string[]): Running {
    const r = lswag(args, tmp);
    started.push(r);
    return r;
}

/** Ends every process a test started (even when it failed), so the next test has the queue alone. */
async function stopAll(): Promise<void> {
    for (const r of started) r.child.kill('SIGKILL');
    await Promise.all(started.splice(0).map((r) => r.exited));
}

/**
 * A worker whose stalled jobs are noticed after `stallSeconds` (BullMQ's default is 30 s). Why not
 * always short: on a loaded machine a short lock can expire under a live worker, which then scores
 * the job twice (still recorded once); the search test counts scorings, so it keeps the default.
 */
const worker = (name: string, stallSeconds = 30) =>
    run([
        'worker',
        '--queue',
        redis!.url,
        '--name',
        name,
        '--threads',
        '1',
        '--stall-seconds',
        `${stallSeconds}`,
    ]);

/** How often `re` occurs in `text`. */
const count = (text: string, re: RegExp) => (text.match(new RegExp(re.source, 'g')) ?? []).length;
const connected = (w: Running) => /waiting for jobs/.test(w.output);

test('aWorkerKilledMidJobLosesNothing', { skip, timeout: 240_000 }, async (t) => {
    t.after(stopAll);
    const bench = path.join(tmp, 'bench8.arch.yaml');
    writeBench(bench, 8);
    const doomed = worker('doomed', 3);
    const survivor = worker('survivor', 3);
    for (const w of [doomed, survivor])
        await waitUntil(
            () => connected(w),
            'a worker to connect',
            30_000,
            () => w.output,
        );
    const coordinator = run([
        'eval',
        '--bench',
        bench,
        '--acc',
        'acc',
        ...TINY,
        '--out',
        'kill.jsonl',
        '--queue',
        redis!.url,
    ]);
    // Kill the doomed worker while it holds a job: after it started one more than it finished.
    await waitUntil(
        () => count(doomed.output, /: scoring /) > count(doomed.output, /: scored /),
        'the doomed worker to start a job',
        120_000,
        () => doomed.output,
    );
    doomed.child.kill('SIGKILL');
    const lost = [...doomed.output.matchAll(/: scoring (c\d+)/g)].at(-1)![1];
    assert.equal(await coordinator.exited, 0, coordinator.output);
    const r = readResults(readFileSync(path.join(tmp, 'kill.jsonl'), 'utf8'));
    assert.equal(r.scores.size, 8);
    assert.deepEqual(
        [...r.counts.values()].filter((n) => n !== 1),
        [],
    );
    // The job in flight at the kill was scored again by the survivor.
    assert.match(survivor.output, new RegExp(`: scored ${lost} `));
});

/** The `eval` lines of a search run file: their keys, in order. */
function runKeys(file: string): string[] {
    return readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"kind":"eval"'))
        .map((l) => (JSON.parse(l) as { key: string }).key);
}

test(
    'aCoordinatorKilledMidSearchResumesWithNothingRepeated',
    { skip, timeout: 300_000 },
    async () => {
        const w = worker('searcher');
        await waitUntil(
            () => connected(w),
            'the worker to connect',
            30_000,
            () => w.output,
        );
        const runFile = path.join(tmp, 'search.jsonl');
        const search = ['search', '--space', 'nb201', '--objective', 'nwot', '--samples', '6'];
        const tiny = ['--batch', '4', '--batches', '2', '--threads', '1'];
        const first = run([...search, ...tiny, '--out', runFile, '--queue', redis!.url]);
        await waitUntil(
            () => {
                try {
                    return runKeys(runFile).length >= 2;
                } catch {
                    return false;
                }
            },
            'two records in the run file',
            180_000,
            () => first.output + w.output,
        );
        first.child.kill('SIGKILL');
        await first.exited;
        const recordedBefore = runKeys(runFile).length;
        assert.ok(recordedBefore < 6, 'the search finished before the kill; nothing to resume');

        const second = run(['search', '--resume', runFile, '--queue', redis!.url]);
        assert.equal(await second.exited, 0, second.output);
        const keys = runKeys(runFile);
        assert.equal(keys.length, 6);
        assert.equal(new Set(keys).size, 6, 'a key recorded twice');
        // Nothing repeated: the worker scored each of the six architectures exactly once.
        assert.equal(count(w.output, /: scored /), 6, w.output);
        assert.match(
            second.output,
            new RegExp(`resuming: ${recordedBefore} architectures already scored`),
        );
    },
);
