// Faults injected into the real engine worker: SIGKILL at seeded random moments of a score job (the
// worker is restarted, the interrupted candidate retried, every candidate delivered exactly once),
// a worker that keeps dying (the engine gives up, still accounting for each candidate), a model too
// large for the memory limit (refused up front with a batch that fits), a candidate the memory
// watchdog kills twice (named with cause and batch, the others scored), a caller that cannot record.
import assert from 'node:assert/strict';
import path from 'node:path';
import test, { after, before } from 'node:test';
import type { LayerListSpec } from '../../../src/core/spec/spec';
import { Rng } from '../../../src/core/util/rng';
import { EngineClient } from '../../../src/engine/engineClient';
import type { ScoreOptions } from '../../../src/protocol/worker';
import { buildWorker, removeWorker } from '../engine/workerBundle';

const TIMEOUT = { timeout: 120_000 };
const OPTIONS: ScoreOptions = {
    proxies: ['params', 'nwot', 'lswag'],
    data: { kind: 'synthetic' },
    batch: 4,
    batches: 2,
    seed: 0,
    psiSamples: 2,
    gradientMode: 'batches',
};

function cnn(name: string, width: number, side = 8): LayerListSpec {
    return {
        family: 'layers',
        name,
        input: [3, side, side],
        classes: 10,
        layers: [
            { type: 'conv', out: width, kernel: 3, padding: 1 },
            { type: 'relu' },
            { type: 'conv', out: width, kernel: 3, padding: 1 },
            { type: 'relu' },
            { type: 'globalavgpool' },
            { type: 'flatten' },
            { type: 'linear', out: 10 },
        ],
    };
}

/** SIGKILL, ignoring a worker that already exited. */
function killQuietly(pid: number): void {
    try {
        process.kill(pid, 'SIGKILL');
    } catch {
        // Gone already.
    }
}

let workerPath: string;
before(async () => {
    workerPath = await buildWorker();
});
after(() => removeWorker(workerPath));

test(
    'sigkillAtRandomMomentsCostsNoCandidateEveryOneIsAccountedForExactlyOnce',
    TIMEOUT,
    async (t) => {
        const client = new EngineClient({ workerPath, threads: 1 });
        await client.start();
        const specs = Array.from({ length: 8 }, (_, i) => cnn(`c${i}`, 2 + i));
        const rng = new Rng(99);
        const delivered: number[] = [];
        const killed: number[] = [];
        try {
            // Seeded moments: after some results, at a random delay into the next item; three kills.
            const killAfter = new Set([rng.int(3), 3 + rng.int(2), 5 + rng.int(2)]);
            const job = client.score(specs, OPTIONS, {
                onResult: (_r, i) => {
                    delivered.push(i);
                    if (!killAfter.has(delivered.length)) return;
                    const pid = client.pid!;
                    setTimeout(() => {
                        killed.push(pid);
                        killQuietly(pid);
                    }, rng.int(200));
                },
            });
            const out = await job;
            t.diagnostic(
                `killed ${killed.length} workers; delivered in order ${delivered.join(',')}`,
            );
            assert.ok(killed.length >= 2, 'the kills landed');
            assert.deepEqual(
                [...delivered].sort((a, b) => a - b),
                specs.map((_, i) => i),
                'every index delivered exactly once',
            );
            assert.deepEqual(
                out.results.map((r) => r.name),
                specs.map((s) => s.name),
                'the outcome holds every candidate in order',
            );
            for (const r of out.results) {
                if (r.errors.length > 0)
                    assert.match(
                        r.errors[0],
                        /the engine worker died twice while scoring/,
                        'only a candidate killed twice fails',
                    );
                else assert.ok(r.scores.lswag !== null, `${r.name} was scored`);
            }
            assert.ok(
                out.results.filter((r) => r.errors.length === 0).length >= specs.length - 1,
                'at most one candidate given up',
            );
        } finally {
            await client.stop();
        }
    },
);

test(
    'whenTheWorkerKeepsDyingTheEngineGivesUpAndStillAccountsForEveryCandidate',
    TIMEOUT,
    async () => {
        // Why maxRestarts 1: the second death exhausts the policy; the rest are reported, not lost.
        const client = new EngineClient({ workerPath, threads: 1, maxRestarts: 1 });
        await client.start();
        const specs = Array.from({ length: 4 }, (_, i) => cnn(`d${i}`, 2 + i));
        const seen: number[] = [];
        try {
            const out = await client.score(specs, OPTIONS, {
                onProgress: (p) => {
                    if (p.done === 1 && p.message) killQuietly(client.pid!);
                },
                onResult: (_r, i) => seen.push(i),
            });
            assert.deepEqual(
                out.results.map((r) => r.name),
                specs.map((s) => s.name),
                'every candidate accounted for',
            );
            assert.deepEqual(
                [...seen].sort(),
                [0, 1],
                'only candidates tried to the end reach onResult (callers retry the rest)',
            );
            assert.equal(out.results[0].errors.length, 0, 'the first was scored before the kills');
            assert.match(
                out.results[1].errors.join(' '),
                /^the engine worker died twice while scoring 'd1' \(208 params, ~\d+ MiB at batch 4 x 2\): it was killed from outside/,
            );
            for (const r of out.results.slice(2))
                assert.match(
                    r.errors.join(' '),
                    /^not scored: the engine stopped: the engine worker crashed again after 1 restart in 3 minutes; last: the engine worker exited \(signal SIGKILL\)$/,
                );
        } finally {
            await client.stop();
        }
    },
);

test('aModelOverTheMemoryLimitIsRefusedUpFrontNamingBatchAndModelSize', TIMEOUT, async () => {
    const client = new EngineClient({
        workerPath,
        threads: 1,
        maxWorkerMemoryMb: 1000,
        rssPollMs: 50,
    });
    await client.start();
    const pid = client.pid;
    try {
        const big = cnn('huge', 64, 256);
        const out = await client.score([cnn('tiny', 2), big], { ...OPTIONS, batch: 32 });
        assert.equal(out.results[0].errors.length, 0, 'the small model is scored');
        const [error] = out.results[1].errors;
        assert.match(
            error,
            /'huge' needs about \d+ MiB to score \(\d+(\.\d+)? k params, ~\d+ MiB at batch 32 x 2, plus ~100 MiB for the worker\), over the worker's memory limit of 1000 MiB; it fits at --batch \d+ \(lswag\.batchSize\)/,
        );
        assert.equal(client.pid, pid, 'refusing did not cost the worker');
        assert.equal(client.state.kind, 'ready');
    } finally {
        await client.stop();
    }
});

test(
    'aCandidateKilledTwiceByTheMemoryWatchdogGetsTheCauseAndABatchWhileTheOthersAreScored',
    TIMEOUT,
    async () => {
        // Why a stand-in worker: the estimate is calibrated to within 25 %, so a real model whose estimate
        // fits and whose peak does not is a coin toss; the stand-in grows past the limit on 'hog' only.
        const fake = path.join(__dirname, '..', 'engine', 'fakeWorker.cjs');
        const client = new EngineClient({
            workerPath: fake,
            env: { ...process.env, FAKE_WORKER_MODE: 'hog' },
            maxWorkerMemoryMb: 300,
            rssPollMs: 10,
        });
        await client.start();
        const pid = client.pid;
        try {
            const out = await client.score([cnn('small', 2), cnn('hog', 4), cnn('after', 3)], {
                ...OPTIONS,
                batch: 32,
            });
            assert.deepEqual(
                out.results.map((r) => r.name),
                ['small', 'hog', 'after'],
            );
            assert.equal(out.results[0].errors.length, 0);
            assert.equal(out.results[2].errors.length, 0, 'the candidate after it is scored');
            assert.match(
                out.results[1].errors[0],
                /^the engine worker died twice while scoring 'hog' \(1\.0 k params, ~150 MiB at batch 32 x 2\): it ran out of memory \(the engine worker was killed because it used \d+ MiB of memory, over the limit of 300 MiB, measured \d+ MiB; estimated ~150 MiB with the worker, limit 300 MiB\); try --batch (16|8|4|2|1) \(lswag\.batchSize\)$/,
            );
            assert.notEqual(client.pid, pid, 'a fresh worker');
        } finally {
            await client.stop();
        }
    },
);

test('aCallerThatCannotRecordAResultStopsTheJobWithTheReason', TIMEOUT, async () => {
    const client = new EngineClient({ workerPath, threads: 1 });
    try {
        const seen: number[] = [];
        const job = client.score([cnn('a', 2), cnn('b', 3), cnn('c', 4), cnn('d', 5)], OPTIONS, {
            onResult: (_r, i) => {
                seen.push(i);
                if (i === 1)
                    throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
                        code: 'ENOSPC',
                    });
            },
        });
        await assert.rejects(
            job,
            /^Error: could not record the result of 'b': ENOSPC: no space left on device, write; the job was stopped$/,
        );
        const next = await client.score([cnn('e', 2)], OPTIONS);
        assert.equal(next.results.length, 1, 'the engine goes on with the next job');
        assert.ok(
            seen.length <= 3 && seen[1] === 1,
            `no result was handed over after the refusal: ${seen}`,
        );
    } finally {
        await client.stop();
    }
});
