// The queue's own cost per job (issue 24): a coordinator and a worker in one process on a private
// redis-server, with an engine that answers at once, so all that is timed is BullMQ's enqueue, fetch,
// lock, completion and event round trip plus the coordinator's bookkeeping. Prints
// `BENCH queue-roundtrip jobs=N ms_per_job=X`. Needs redis-server.
// Usage: npx tsx bench/queue/roundTrip.ts [--jobs N]
import type { ScoreOptions } from '../../src/core/spec/scoreOptions';
import type { ScoreResult } from '../../src/core/spec/scoreResult';
import type { ArchitectureSpec } from '../../src/core/spec/spec';
import { QueueEngine } from '../../src/queue/queueEngine';
import { QueueWorker } from '../../src/queue/queueWorker';
import { parseRedisUrl } from '../../src/queue/redisUrl';
import { startRedis } from '../../test/integration/queue/queueHarness';

const args = process.argv.slice(2);
const jobs = args.includes('--jobs') ? Number(args[args.indexOf('--jobs') + 1]) : 100;
const options: ScoreOptions = {
    proxies: ['params'],
    data: { kind: 'synthetic' },
    batch: 4,
    batches: 2,
    seed: 0,
    psiSamples: 4,
    gradientMode: 'batches',
};
const specs: ArchitectureSpec[] = Array.from({ length: jobs }, (_, i) => ({
    family: 'nb201',
    name: `s${i}`,
    cell: `|skip_connect~0|+|none~0|skip_connect~1|+|none~0|none~1|skip_connect~2|#${i}`,
    classes: 10,
    imageSize: 16,
    channels: 4,
    cellsPerStage: 1,
}));
const instant = (s: ArchitectureSpec): ScoreResult => ({
    name: s.name,
    source: s.name,
    family: s.family,
    params: 0,
    flops: 0,
    scores: {},
    errors: [],
    device: 'cpu',
    seconds: 0,
});

async function main(): Promise<void> {
    const redis = await startRedis();
    const target = parseRedisUrl(redis.url);
    const worker = new QueueWorker({
        target,
        name: 'bench',
        concurrency: 1,
        localData: { kind: 'synthetic' },
        version: 'bench',
        stallSeconds: 30,
        createEngine: () => ({
            score: async ([s], _o, { onResult }) => {
                onResult?.(instant(s), 0);
                return { results: [instant(s)] };
            },
            stop: async () => undefined,
        }),
        log: () => undefined,
    });
    await worker.ready();
    const engine = await QueueEngine.connect({ target, version: 'bench' });
    try {
        const began = performance.now();
        await engine.score(specs, options);
        const ms = (performance.now() - began) / jobs;
        console.log(`BENCH queue-roundtrip jobs=${jobs} ms_per_job=${ms.toFixed(1)}`);
    } finally {
        await engine.stop();
        await worker.close();
        await redis.stop();
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
});
