// Acceptance (issue 24): `lswag eval --queue` with three real `lswag worker` processes on a private
// redis-server gives the very scores a local eval gives, and a worker whose data differs from the
// coordinator's refuses the job (naming the differing file), which another worker then scores.
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
    writeNpy,
} from './queueHarness';

const skip = missingPrerequisite();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-queue-eval-'));
let redis: RedisServer | undefined;
const workers: Running[] = [];

before(async () => {
    if (!skip) redis = await startRedis();
});
after(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
});

function startWorker(name: string, extra: readonly string[] = []): Running {
    const w = lswag(
        ['worker', '--queue', redis!.url, '--name', name, '--threads', '1', ...extra],
        tmp,
    );
    workers.push(w);
    return w;
}

const connected = (w: Running) => /waiting for jobs/.test(w.output);

test('evalThroughTheQueueWithThreeWorkersEqualsLocalEval', { skip, timeout: 300_000 }, async () => {
    const bench = path.join(tmp, 'bench40.arch.yaml');
    writeBench(bench, 40);
    const pool = ['w1', 'w2', 'w3'].map((n) => startWorker(n));
    for (const w of pool)
        await waitUntil(
            () => connected(w),
            'a worker to connect',
            30_000,
            () => w.output,
        );

    const queued = lswag(
        [
            'eval',
            '--bench',
            bench,
            '--acc',
            'acc',
            ...TINY,
            '--out',
            'queued.jsonl',
            '--queue',
            redis!.url,
            '--json',
        ],
        tmp,
    );
    const local = lswag(
        ['eval', '--bench', bench, '--acc', 'acc', ...TINY, '--out', 'local.jsonl', '--json'],
        tmp,
    );
    assert.equal(await queued.exited, 0, queued.output);
    assert.equal(await local.exited, 0, local.output);

    const q = readResults(readFileSync(path.join(tmp, 'queued.jsonl'), 'utf8'));
    const l = readResults(readFileSync(path.join(tmp, 'local.jsonl'), 'utf8'));
    assert.equal(q.scores.size, 40);
    assert.deepEqual(
        [...q.counts.values()].filter((n) => n !== 1),
        [],
        'a key recorded twice',
    );
    assert.deepEqual(new Map([...q.scores].sort()), new Map([...l.scores].sort()));
    // Every worker took part, and between them scored each architecture once.
    const scoredBy = pool.map((w) => (w.output.match(/: scored /g) ?? []).length);
    assert.ok(
        scoredBy.every((n) => n > 0),
        `scored per worker: ${scoredBy}`,
    );
    assert.equal(
        scoredBy.reduce((a, b) => a + b, 0),
        40,
    );
    assert.match(queued.output, /queue redis:\/\/127\.0\.0\.1:\d+: 3 worker\(s\) connected/);
    for (const w of pool) w.child.kill('SIGKILL');
});

test(
    'aWorkerWithOtherDataRefusesTheJobAndAnotherScoresIt',
    { skip, timeout: 180_000 },
    async () => {
        const bench = path.join(tmp, 'bench3.arch.yaml');
        writeBench(bench, 3);
        writeNpy(path.join(tmp, 'coordinator', 'data.npy'), 8, 1);
        writeNpy(path.join(tmp, 'other', 'data.npy'), 8, 2);
        writeNpy(path.join(tmp, 'same', 'data.npy'), 8, 1);

        const wrong = startWorker('wrong', ['--data', path.join('other', 'data.npy')]);
        await waitUntil(
            () => connected(wrong),
            'the wrong worker to connect',
            30_000,
            () => wrong.output,
        );
        const coordinator = lswag(
            [
                'eval',
                '--bench',
                bench,
                '--acc',
                'acc',
                ...TINY,
                '--data',
                path.join('coordinator', 'data.npy'),
                '--out',
                'npy.jsonl',
                '--queue',
                redis!.url,
            ],
            tmp,
        );
        // The wrong worker takes the first job, refuses it naming the file that differs, and stops.
        assert.equal(await wrong.exited, 1, wrong.output);
        assert.match(
            wrong.output,
            /refused c\d: the npy data differs: data\.npy differs \(sha256 [0-9a-f]{12} expected, [0-9a-f]{12} here\)/,
        );
        assert.doesNotMatch(wrong.output, /: scored /);
        // A worker with the same bytes at another path scores everything, the refused job included.
        const right = startWorker('right', ['--data', path.join('same', 'data.npy')]);
        assert.equal(await coordinator.exited, 0, coordinator.output);
        assert.match(
            coordinator.output,
            /worker wrong refused c\d: the npy data differs: data\.npy differs/,
        );
        const r = readResults(readFileSync(path.join(tmp, 'npy.jsonl'), 'utf8'));
        assert.deepEqual([...r.counts.values()], [1, 1, 1]);
        assert.equal((right.output.match(/: scored /g) ?? []).length, 3);
        right.child.kill('SIGKILL');
    },
);
