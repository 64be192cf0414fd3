// BullMQ's own failure handling as the queue uses it (issue 24), on a private redis-server: a failing
// attempt is retried with backoff and recorded once; an architecture that fails every attempt gets
// one clear final error; a password in the URL works and is never printed. The engine is replaced by
// a scripted one (the thin edge); queue, worker and Redis are real.
import assert from 'node:assert/strict';
import test, { after, before } from 'node:test';
import type { ScoreOptions } from '../../../src/core/spec/scoreOptions';
import type { ScoreResult } from '../../../src/core/spec/scoreResult';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import { QueueEngine } from '../../../src/queue/queueEngine';
import { QueueWorker, type WorkerEngine } from '../../../src/queue/queueWorker';
import { parseRedisUrl } from '../../../src/queue/redisUrl';
import { probeRedis } from '../../../src/queue/redisProbe';
import { type RedisServer, lswag, missingPrerequisite, startRedis } from './queueHarness';

const skip = missingPrerequisite()?.startsWith('no redis') ? missingPrerequisite() : undefined;
const PASSWORD = 'hunter2-very-secret';
let redis: RedisServer | undefined;
before(async () => {
    if (!skip) redis = await startRedis(['--requirepass', PASSWORD]);
});
after(async () => redis?.stop());

const options: ScoreOptions = {
    proxies: ['params'],
    data: { kind: 'synthetic' },
    batch: 4,
    batches: 2,
    seed: 0,
    psiSamples: 4,
    gradientMode: 'batches',
};
const spec = (name: string): ArchitectureSpec => ({
    family: 'nb201',
    name,
    cell: '|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|',
    classes: 10,
    imageSize: 16,
    channels: 4,
    cellsPerStage: 1,
});
const result = (s: ArchitectureSpec): ScoreResult => ({
    name: s.name,
    source: s.name,
    family: s.family,
    params: 1,
    flops: 1,
    scores: { params: s.name.length },
    errors: [],
    device: 'cpu',
    seconds: 0,
});

/** An engine that fails each architecture's first `failures[name]` attempts, then scores it. */
function scriptedEngine(
    failures: Record<string, number>,
    attempts: Map<string, number>,
): WorkerEngine {
    return {
        score: async ([s], _o, { onResult }) => {
            const n = (attempts.get(s.name) ?? 0) + 1;
            attempts.set(s.name, n);
            if (n <= (failures[s.name] ?? 0))
                return { results: [{ ...result(s), errors: [`scripted failure ${n}`] }] };
            onResult?.(result(s), 0);
            return { results: [result(s)] };
        },
        stop: async () => undefined,
    };
}

test(
    'failedAttemptsAreRetriedWithBackoffAndAFinalErrorIsClear',
    { skip, timeout: 60_000 },
    async () => {
        const url = redis!.url.replace('redis://', `redis://:${PASSWORD}@`);
        const target = parseRedisUrl(url);
        const attempts = new Map<string, number>();
        const lines: string[] = [];
        const worker = new QueueWorker({
            target,
            name: 'scripted',
            concurrency: 2,
            localData: { kind: 'synthetic' },
            version: 'test',
            stallSeconds: 5,
            createEngine: () => scriptedEngine({ flaky: 1, broken: 99 }, attempts),
            log: (line) => lines.push(line),
        });
        await worker.ready();
        const engine = await QueueEngine.connect({
            target,
            version: 'test',
            attempts: 3,
            backoffMs: 50,
            log: (level, message) => lines.push(`${level}: ${message}`),
        });
        try {
            const recorded: string[] = [];
            const outcome = await engine.score(
                [spec('steady'), spec('flaky'), spec('broken')],
                options,
                {
                    onResult: (r) => recorded.push(r.name),
                },
            );
            assert.deepEqual(recorded.sort(), ['flaky', 'steady']);
            assert.deepEqual(Object.fromEntries(attempts), { steady: 1, flaky: 2, broken: 3 });
            const broken = outcome.results.find((r) => r.name === 'broken')!;
            assert.deepEqual(broken.errors, ['failed on the queue: scripted failure 3']);
            assert.equal(broken.scores.params, null);
            assert.ok(
                lines.includes('error: broken: failed on the queue: scripted failure 3'),
                lines.join('\n'),
            );
            assert.ok(lines.every((l) => !l.includes(PASSWORD)));
        } finally {
            await engine.stop();
            await worker.close();
        }
    },
);

test('aWrongPasswordIsReportedWithoutShowingIt', { skip, timeout: 60_000 }, async () => {
    const wrong = redis!.url.replace('redis://', 'redis://:not-the-password-42@');
    await assert.rejects(probeRedis(parseRedisUrl(wrong)), (e: Error) => {
        assert.match(e.message, /cannot reach the queue at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
        assert.doesNotMatch(e.message, /not-the-password-42/);
        return true;
    });
    if (missingPrerequisite()) return;
    const cli = lswag(['worker', '--queue', wrong], process.cwd());
    assert.equal(await cli.exited, 1);
    assert.match(cli.output, /lswag worker: cannot reach the queue at redis:\/\/:\*\*\*@127/);
    assert.doesNotMatch(cli.output, /not-the-password-42/);
});
