// `lswag worker`'s side of the queue: a BullMQ Worker that takes one architecture per job, checks the
// job's lswag version and fingerprints against this machine, and scores it with a local engine (one
// engine worker process per concurrent job). A job this machine must not score (other data, another
// version) goes back to the queue for another worker, and this worker stops taking jobs.
import { DelayedError, type Job, Worker } from 'bullmq';
import type { DataSourceSpec, ScoreOptions } from '../core/spec/scoreOptions';
import type { ScoreResult } from '../core/spec/scoreResult';
import type { ArchitectureSpec } from '../core/spec/spec';
import {
    type DataFingerprint,
    dataDifference,
    dataFingerprint,
    optionsFingerprint,
} from './fingerprint';
import { JOB_NAME, QUEUE_NAME, type ScoreJobData, type ScoreJobResult } from './jobPayload';
import type { RedisTarget } from './redisUrl';

/** The part of an engine client a queue worker uses (one per concurrent job). */
export interface WorkerEngine {
    score(
        specs: readonly ArchitectureSpec[],
        options: ScoreOptions,
        handlers: { onResult?: (result: ScoreResult, index: number) => void },
    ): Promise<{ results: ScoreResult[] }>;
    stop(): Promise<void>;
}

export interface QueueWorkerOptions {
    readonly target: RedisTarget;
    readonly name: string;
    readonly concurrency: number;
    /** This machine's data (`--data`), used instead of the coordinator's path. */
    readonly localData: DataSourceSpec;
    readonly version: string;
    /**
     * A job whose worker stops renewing its lock for this long is stalled: BullMQ's stalled-job
     * check gives it to another worker. BullMQ's default is 30 s.
     */
    readonly stallSeconds: number;
    readonly createEngine: () => WorkerEngine;
    /** One line per event (scored, refused, failed); never holds credentials. */
    readonly log: (line: string) => void;
}

/** What the coordinator sees of a refusal (BullMQ's job progress event). */
export interface RefusalNotice {
    readonly refusedBy: string;
    readonly reason: string;
}

export class QueueWorker {
    private readonly worker: Worker<ScoreJobData, ScoreJobResult>;
    private readonly idle: WorkerEngine[] = [];
    private readonly engines: WorkerEngine[] = [];
    private readonly dataCache = new Map<string, DataFingerprint>();
    private refusal: string | undefined;
    private onRefused!: (reason: string) => void;
    /** Settles with the reason of the first refusal (the worker then closes). */
    readonly refused = new Promise<string>((resolve) => (this.onRefused = resolve));
    private closing: Promise<void> | undefined;
    /** Architectures this worker scored (returned to the queue). */
    scored = 0;

    constructor(private readonly o: QueueWorkerOptions) {
        for (let i = 0; i < o.concurrency; i++) this.engines.push(o.createEngine());
        this.idle.push(...this.engines);
        const lock = o.stallSeconds * 1000;
        this.worker = new Worker<ScoreJobData, ScoreJobResult>(
            QUEUE_NAME,
            (job, token) => this.process(job, token),
            {
                connection: { ...o.target.connection, maxRetriesPerRequest: null },
                concurrency: o.concurrency,
                name: o.name,
                lockDuration: lock,
                stalledInterval: lock,
                // Why 2: a job whose worker died twice is more likely killing workers than unlucky.
                maxStalledCount: 2,
            },
        );
        this.worker.on('error', (e) => o.log(`queue error: ${o.target.redact(e.message)}`));
    }

    /** Resolves once the worker is connected and listening. */
    async ready(): Promise<void> {
        await this.worker.waitUntilReady();
    }

    /** Stops taking jobs, lets the ones in flight finish, then stops the engines. */
    close(): Promise<void> {
        this.closing ??= (async () => {
            await this.worker.close();
            await Promise.all(this.engines.map((e) => e.stop()));
        })();
        return this.closing;
    }

    /** Why the job must not be scored here, or undefined. */
    private check(data: ScoreJobData): string | undefined {
        if (data.version !== this.o.version)
            return `the coordinator runs lswag ${data.version}, this worker ${this.o.version}`;
        if (optionsFingerprint(data.options, data.version) !== data.optionsFingerprint)
            return 'the job options do not match their fingerprint';
        return dataDifference(data.data, this.localFingerprint(data.options));
    }

    /** This machine's data fingerprint for a job's options (files are hashed once). */
    private localFingerprint(options: ScoreOptions): DataFingerprint {
        const local = { ...options, data: this.o.localData };
        const key =
            local.data.kind === 'synthetic'
                ? `${options.seed}/${options.batch}/${options.batches}`
                : 'files';
        let f = this.dataCache.get(key);
        if (!f) {
            f = dataFingerprint(local);
            this.dataCache.set(key, f);
        }
        return f;
    }

    private async process(
        job: Job<ScoreJobData, ScoreJobResult>,
        token: string | undefined,
    ): Promise<ScoreJobResult> {
        if (job.name !== JOB_NAME) throw new Error(`unknown job kind '${job.name}'`);
        const refusal = this.check(job.data);
        if (refusal !== undefined) return this.refuse(job, token, refusal);
        const engine = this.idle.pop();
        if (!engine) throw new Error('no idle engine (more jobs than --concurrency)');
        this.o.log(`scoring ${job.data.spec.name} (attempt ${job.attemptsMade + 1})`);
        try {
            let result: ScoreResult | undefined;
            const outcome = await engine.score(
                [job.data.spec],
                { ...job.data.options, data: this.o.localData },
                { onResult: (r) => (result = r) },
            );
            if (!result) {
                // Why throw: BullMQ retries it (with backoff) until its attempts are spent.
                const reason = outcome.results[0]?.errors.join('; ') || 'the engine gave no result';
                this.o.log(
                    `failed ${job.data.spec.name} (attempt ${job.attemptsMade + 1}): ${reason}`,
                );
                throw new Error(reason);
            }
            this.scored++;
            this.o.log(`scored ${job.data.spec.name} in ${result.seconds.toFixed(2)} s`);
            return { result, worker: this.o.name };
        } finally {
            this.idle.push(engine);
        }
    }

    /**
     * Puts the job back for another worker (moved to delayed with no delay, which spends no attempt),
     * tells the coordinator why through the job's progress, and stops taking jobs.
     */
    private async refuse(
        job: Job<ScoreJobData, ScoreJobResult>,
        token: string | undefined,
        reason: string,
    ): Promise<never> {
        this.o.log(`refused ${job.data.spec.name}: ${reason}; this worker stops taking jobs`);
        if (this.refusal === undefined) {
            this.refusal = reason;
            this.onRefused(reason);
        }
        await job.updateProgress({ refusedBy: this.o.name, reason } satisfies RefusalNotice);
        await job.moveToDelayed(Date.now(), token);
        // Why not awaited: close() waits for the jobs in flight, this one included.
        setImmediate(() => void this.close());
        throw new DelayedError();
    }
}
