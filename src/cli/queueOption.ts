// `--queue redis://...` for score, eval and search: connects the coordinator side of the queue
// (src/queue/queueEngine.ts) with the CLI's messages, and prints progress per worker now and then.
import { version } from '../../package.json';
import type { ScoreHandlers, ScoreOutcome, JobPromise } from '../engine/jobTypes';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { ScoreOptions } from '../core/spec/scoreOptions';
import { QueueEngine } from '../queue/queueEngine';
import { parseRedisUrl } from '../queue/redisUrl';
import type { CliIo } from './command';
import { UsageError } from './options';
import { UserInputError } from '../host/errors';

export const QUEUE_FLAG = {
    type: 'string',
    value: 'redis://HOST:PORT[/DB]',
    help: "Enqueue the architectures on this Redis (rediss:// for TLS) for 'lswag worker' processes to score, instead of scoring here.",
} as const;

/** What score, eval and search need of an engine: the local EngineClient or the queue. */
export interface ScoringEngine {
    score(
        specs: readonly ArchitectureSpec[],
        options: ScoreOptions,
        handlers?: ScoreHandlers,
    ): JobPromise<ScoreOutcome>;
    cancel(jobId: string, how?: { readonly hard?: boolean }): void;
    stop(): Promise<void>;
}

/**
 * The queue engine for `--queue URL`, or undefined (nothing given). A bad URL is a usage error; an
 * unreachable Redis is printed and `failed` is set, and the command exits 1.
 */
export async function connectQueue(
    url: string | undefined,
    io: CliIo,
): Promise<{ queue?: QueueEngine; failed?: true }> {
    if (url === undefined) return {};
    let target: ReturnType<typeof parseRedisUrl>;
    try {
        target = parseRedisUrl(url);
    } catch (e) {
        throw e instanceof UserInputError ? new UsageError(e.message) : e;
    }
    let lastShown = 0;
    let engine: QueueEngine;
    try {
        engine = await QueueEngine.connect({
            target,
            version,
            log: (level, message) => io.err(`queue ${level}: ${message}\n`),
            onWorkers: (doneBy) => {
                // Why throttled: one line per result would bury the progress bar and the warnings.
                if (Date.now() - lastShown < 5000) return;
                lastShown = Date.now();
                io.err(`${formatWorkers(doneBy)}\n`);
            },
        });
    } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        io.err(`lswag: ${e.message}\n`);
        return { failed: true };
    }
    const workers = await engine.workerCount().catch(() => undefined);
    io.err(
        `queue ${target.redacted}: ${workers ?? 'unknown number of'} worker(s) connected; enqueueing\n`,
    );
    return { queue: engine };
}

/** "queue: 12 scored (host-a:17 7, host-b:9 5)". */
export function formatWorkers(doneBy: ReadonlyMap<string, number>): string {
    const total = [...doneBy.values()].reduce((a, b) => a + b, 0);
    const each = [...doneBy.entries()].map(([w, n]) => `${w} ${n}`).join(', ');
    return `queue: ${total} scored (${each})`;
}
