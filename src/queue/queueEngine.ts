// The coordinator's side of the queue: the same `score` / `cancel` / `stop` an EngineClient has, so
// `lswag score|eval|search --queue` and the extension swap it in for the local engine. Each
// architecture is one BullMQ job (a batch is one addBulk); results arrive in `onResult` as workers
// finish them, and a recorded job is removed. Retries, backoff and stalled-job recovery are BullMQ's.
import { Queue, QueueEvents } from 'bullmq';
import type { ScoreOptions } from '../core/spec/scoreOptions';
import { type ScoreResult, failedResult } from '../core/spec/scoreResult';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { JobPromise, ScoreHandlers, ScoreOutcome } from '../engine/jobTypes';
import {
    type DataFingerprint,
    canonicalJson,
    dataFingerprint,
    optionsFingerprint,
} from './fingerprint';
import {
    JOB_NAME,
    QUEUE_NAME,
    type ScoreJobData,
    type ScoreJobResult,
    jobIdOf,
    localOnlyReason,
} from './jobPayload';
import { probeRedis } from './redisProbe';
import type { RedisTarget } from './redisUrl';
import type { RefusalNotice } from './queueWorker';

export interface QueueEngineOptions {
    readonly target: RedisTarget;
    readonly version: string;
    /** Tries per architecture before its final error (BullMQ attempts). */
    readonly attempts?: number;
    /** First retry delay; each further one doubles (BullMQ exponential backoff). */
    readonly backoffMs?: number;
    readonly log?: (level: 'error' | 'warn' | 'info', message: string) => void;
    /** After every result: architectures finished by each worker in this session. */
    readonly onWorkers?: (doneByWorker: ReadonlyMap<string, number>) => void;
    /** How often to say that no worker is connected while jobs wait (ms). */
    readonly idleWarningMs?: number;
}

/** Finished jobs are kept this long for a coordinator that died before it recorded them. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

interface Batch {
    isCancelled: boolean;
    readonly cancel: () => void;
    readonly whenCancelled: Promise<void>;
}

export class QueueEngine {
    private readonly queue: Queue<ScoreJobData, ScoreJobResult>;
    private readonly events: QueueEvents;
    private readonly batches = new Map<string, Batch>();
    private readonly names = new Map<string, string>();
    private readonly fingerprints = new Map<string, DataFingerprint>();
    private readonly doneBy = new Map<string, number>();
    private nextId = 1;
    private idleTimer: NodeJS.Timeout | undefined;

    private constructor(private readonly o: QueueEngineOptions) {
        const connection = { ...o.target.connection };
        this.queue = new Queue(QUEUE_NAME, { connection });
        this.events = new QueueEvents(QUEUE_NAME, { connection });
        // Why: each awaited job listens on both (BullMQ's waitUntilFinished).
        this.events.setMaxListeners(0);
        this.queue.setMaxListeners(0);
        const onError = (e: Error) => o.log?.('error', `queue: ${o.target.redact(e.message)}`);
        this.queue.on('error', onError);
        this.events.on('error', onError);
        this.events.on('progress', ({ jobId, data }) => {
            const notice = data as Partial<RefusalNotice>;
            if (typeof notice?.refusedBy !== 'string') return;
            o.log?.(
                'warn',
                `worker ${notice.refusedBy} refused ${this.names.get(jobId) ?? jobId}: ${notice.reason}; it went back to the queue`,
            );
        });
    }

    /** Connects (failing fast with a clear message when Redis does not answer). */
    static async connect(o: QueueEngineOptions): Promise<QueueEngine> {
        await probeRedis(o.target);
        const engine = new QueueEngine(o);
        await Promise.all([engine.queue.waitUntilReady(), engine.events.waitUntilReady()]);
        return engine;
    }

    /** Workers connected to the queue now (BullMQ's CLIENT LIST of named workers). */
    workerCount(): Promise<number> {
        return this.queue.getWorkersCount();
    }

    /** The data fingerprint of these options (data files are hashed once per engine). */
    fingerprintOf(options: ScoreOptions): DataFingerprint {
        const key = canonicalJson([options.data, options.seed, options.batch, options.batches]);
        let f = this.fingerprints.get(key);
        if (!f) {
            f = dataFingerprint(options);
            this.fingerprints.set(key, f);
        }
        return f;
    }

    score(
        specs: readonly ArchitectureSpec[],
        options: ScoreOptions,
        handlers: ScoreHandlers = {},
    ): JobPromise<ScoreOutcome> {
        const jobId = `queue-${this.nextId++}`;
        let cancel!: () => void;
        const whenCancelled = new Promise<void>((resolve) => (cancel = resolve));
        const batch: Batch = { isCancelled: false, cancel, whenCancelled };
        this.batches.set(jobId, batch);
        const promise = this.run(specs, options, handlers, batch).finally(() =>
            this.batches.delete(jobId),
        );
        return Object.assign(promise, { jobId });
    }

    /** Waiting jobs of the batch are removed; the ones in flight finish and are not recorded. */
    cancel(jobId: string): void {
        const batch = this.batches.get(jobId);
        if (!batch || batch.isCancelled) return;
        batch.isCancelled = true;
        batch.cancel();
    }

    async stop(): Promise<void> {
        for (const id of [...this.batches.keys()]) this.cancel(id);
        clearInterval(this.idleTimer);
        await Promise.allSettled([this.events.close(), this.queue.close()]);
    }

    private async run(
        specs: readonly ArchitectureSpec[],
        options: ScoreOptions,
        handlers: ScoreHandlers,
        batch: Batch,
    ): Promise<ScoreOutcome> {
        const results: (ScoreResult | undefined)[] = specs.map(() => undefined);
        const data = this.fingerprintOf(options);
        const optionsFp = optionsFingerprint(options, this.o.version);
        const indexesById = new Map<string, number[]>();
        const jobs: { name: string; data: ScoreJobData; opts: { jobId: string } }[] = [];
        specs.forEach((spec, i) => {
            const reason = localOnlyReason(spec);
            if (reason) {
                results[i] = failedResult(spec, options.proxies, reason, 'cpu');
                return;
            }
            const payload = {
                spec,
                options,
                optionsFingerprint: optionsFp,
                data,
                version: this.o.version,
            };
            const id = jobIdOf(payload);
            if (!indexesById.has(id))
                jobs.push({ name: JOB_NAME, data: payload, opts: this.jobOptions(id) });
            indexesById.set(id, [...(indexesById.get(id) ?? []), i]);
            this.names.set(id, spec.name);
        });
        await this.retryFinalFailures([...indexesById.keys()]);
        await this.queue.addBulk(jobs);
        this.watchForWorkers();
        let done = 0;
        const total = jobs.length;
        await Promise.all(
            jobs.map(async ({ opts: { jobId: id } }) => {
                const indexes = indexesById.get(id)!;
                const outcome = await this.waitFor(id, batch);
                if (outcome === 'cancelled') return;
                if ('error' in outcome) {
                    const spec = specs[indexes[0]];
                    const reason = `failed on the queue: ${this.o.target.redact(outcome.error)}`;
                    this.o.log?.('error', `${spec.name}: ${reason}`);
                    for (const i of indexes)
                        results[i] = failedResult(specs[i], options.proxies, reason, 'cpu');
                    return;
                }
                const { result, worker } = outcome;
                for (const i of indexes) {
                    results[i] = result;
                    handlers.onResult?.(result, i);
                }
                // Why after onResult: the caller has recorded it (run file, results file) by now.
                await this.queue.remove(id).catch(() => 0);
                this.doneBy.set(worker, (this.doneBy.get(worker) ?? 0) + 1);
                this.o.onWorkers?.(this.doneBy);
                handlers.onProgress?.({
                    done: ++done,
                    total,
                    message: `${result.name} (${worker})`,
                });
            }),
        );
        return {
            results: results.filter((r): r is ScoreResult => r !== undefined),
            cancelled: batch.isCancelled,
        };
    }

    private jobOptions(jobId: string) {
        return {
            jobId,
            attempts: this.o.attempts ?? 3,
            backoff: { type: 'exponential', delay: this.o.backoffMs ?? 2000 },
            removeOnComplete: { age: KEEP_FINISHED_SECONDS },
            removeOnFail: { age: KEEP_FINISHED_SECONDS },
        };
    }

    /** A job that failed for good in an earlier run is removed, so adding it again tries afresh. */
    private async retryFinalFailures(ids: readonly string[]): Promise<void> {
        for (const id of ids) {
            const job = await this.queue.getJob(id);
            if (job && (await job.isFailed())) await job.remove();
        }
    }

    private async waitFor(
        id: string,
        batch: Batch,
    ): Promise<ScoreJobResult | { error: string } | 'cancelled'> {
        const job = await this.queue.getJob(id);
        // Why: a job that finished and was removed between add and here was recorded by another
        // coordinator of the same work; this one scores it again rather than wait forever.
        if (!job)
            return {
                error: 'the job disappeared from the queue (removed by another coordinator?)',
            };
        const finished = job.waitUntilFinished(this.events).then(
            (r) => r as ScoreJobResult,
            (e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }),
        );
        const outcome = await Promise.race([
            finished,
            batch.whenCancelled.then(() => 'cancelled' as const),
        ]);
        if (outcome === 'cancelled') {
            // Removing fails for a job in flight (locked): it finishes, and is not recorded.
            await this.queue.remove(id).catch(() => 0);
        }
        return outcome;
    }

    /** While jobs wait, says every so often when no worker is connected to take them. */
    private watchForWorkers(): void {
        if (this.idleTimer) return;
        this.idleTimer = setInterval(() => {
            if (this.batches.size === 0) {
                clearInterval(this.idleTimer);
                this.idleTimer = undefined;
                return;
            }
            this.workerCount().then(
                (n) => {
                    if (n === 0)
                        this.o.log?.(
                            'warn',
                            `no worker is connected to ${this.o.target.redacted}; start one with 'lswag worker --queue URL'`,
                        );
                },
                () => undefined,
            );
        }, this.o.idleWarningMs ?? 15000);
        this.idleTimer.unref();
    }
}
