// The host's handle on the engine (CLI and extension alike): queues jobs, sends them one at a time
// to the supervised worker and settles each exactly once: done, cancelled, or failed with a reason.
import type { ArchitectureSpec } from '../core/spec/spec';
import type {
    DeviceName,
    DeviceReport,
    HostMessage,
    ScoreOptions,
    ScoreResult,
    SelfTestResult,
    SessionCacheStats,
    WorkerMessage,
} from '../protocol/worker';
import {
    type JobProgress,
    type JobPromise,
    type ScoreHandlers,
    type ScoreOutcome,
    type SelftestOutcome,
    type SelftestRequest,
} from './jobTypes';
import { failedResult } from '../core/spec/scoreResult';
import { CRASHES_PER_CANDIDATE, repeatedCrashMessage } from './crashReport';
import { type EngineState, Supervisor, type SupervisorOptions } from './supervisor';
import type { WorkerExit } from './workerProcess';

export type { EngineState } from './supervisor';
export type * from './jobTypes';

/** Jobs that may wait for the worker; more are refused (a runaway caller must not grow the host). */
export const MAX_QUEUED_JOBS = 256;

export interface EngineClientOptions extends SupervisorOptions {
    readonly onStateChange?: (state: EngineState) => void;
}

interface Job {
    readonly id: string;
    readonly request: Extract<HostMessage, { type: 'score' | 'selftest' }>;
    readonly scoreHandlers: ScoreHandlers;
    readonly selftestHandlers: SelftestRequest;
    readonly scores: Map<number, ScoreResult>;
    readonly checks: SelfTestResult[];
    device?: DeviceName;
    progress?: JobProgress;
    /** Set when the caller refused a result; the job has failed and waits for the worker to stop. */
    failure?: Error;
    /** Items handled by earlier workers: a continuation's indexes start here. */
    offset: number;
    /** The worker yielded this job (or died under it) and a fresh one is starting to take the rest. */
    isWaitingForFreshWorker: boolean;
    /** A soft cancel was sent: the job must not move on to a fresh worker (the cancel would be lost). */
    isCancelRequested: boolean;
    /** Times the worker died while scoring each spec index: the second time, the spec is given up. */
    readonly crashes: Map<number, number>;
    /** The worker's memory estimate for the item in flight (progress estimateMiB). */
    estimateMiB?: number;
    readonly settle: (outcome: { cancelled: boolean; cache?: SessionCacheStats } | Error) => void;
}

export class EngineClient {
    private readonly supervisor: Supervisor;
    private readonly queue: Job[] = [];
    private current: Job | undefined;
    private hasStarted = false;
    private nextId = 1;
    /** Session counters of workers retired by recycling (see jobYield). */
    private retiredCache: SessionCacheStats | undefined;
    /** The device of the last ready worker: unscored results name it. */
    private lastDevice: DeviceName = 'cpu';

    constructor(private readonly opts: EngineClientOptions = {}) {
        this.supervisor = new Supervisor(opts, {
            onState: (state) => this.stateChanged(state),
            onMessage: (m) => this.receive(m),
            onCrash: (exit) => this.crashed(exit),
        });
    }

    get state(): EngineState {
        return this.supervisor.state;
    }

    /** The worker's process id (tests and diagnostics). */
    get pid(): number | undefined {
        return this.supervisor.pid;
    }

    /** Starts the worker (also done by the first job); resolves with the chosen device. */
    start(): Promise<DeviceReport> {
        this.hasStarted = true;
        return this.supervisor.start();
    }

    score(
        specs: readonly ArchitectureSpec[],
        options: ScoreOptions,
        handlers: ScoreHandlers = {},
    ): JobPromise<ScoreOutcome> {
        const jobId = this.newId();
        return this.submit<ScoreOutcome>(
            { type: 'score', jobId, specs, options },
            handlers,
            {},
            (job, o) => ({
                results: [...job.scores.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r),
                cancelled: o.cancelled,
                cache: o.cache,
            }),
        );
    }

    selftest(request: SelftestRequest = {}): JobPromise<SelftestOutcome> {
        const jobId = this.newId();
        const message = {
            type: 'selftest' as const,
            jobId,
            ...(request.checks ? { checks: request.checks } : {}),
        };
        return this.submit<SelftestOutcome>(message, {}, request, (job, o) => ({
            results: [...job.checks],
            cancelled: o.cancelled,
            device: job.device,
            cache: o.cache,
        }));
    }

    /**
     * Soft: a queued job is dropped at once, a running one stops before its next item. Hard: the
     * worker is killed and restarted; the job resolves as cancelled with the results received so far.
     */
    cancel(jobId: string, { hard = false }: { readonly hard?: boolean } = {}): void {
        const at = this.queue.findIndex((j) => j.id === jobId);
        if (at >= 0) {
            this.queue.splice(at, 1)[0].settle({ cancelled: true });
            return;
        }
        const job = this.current;
        if (job?.id !== jobId) return;
        if (job.isWaitingForFreshWorker) {
            // Nothing runs it now: the fresh worker simply never gets the rest.
            this.current = undefined;
            job.settle({ cancelled: true });
            return;
        }
        if (!hard) {
            job.isCancelRequested = true;
            this.supervisor.send({ type: 'cancel', jobId });
            return;
        }
        this.current = undefined;
        job.settle({ cancelled: true });
        this.replaceWorker('restart after a hard cancel failed');
    }

    /** Stops the worker (shutdown, then SIGKILL after 2 s); queued and running jobs fail. */
    async stop(): Promise<void> {
        this.failAll((doing) => `the engine was stopped while ${doing}`);
        await this.supervisor.stop();
    }

    /** Why: a caller's callback that throws must not break the job bookkeeping (or the host). */
    private notify(callback: () => void): void {
        try {
            callback();
        } catch (e) {
            this.opts.log?.(
                'error',
                `a job callback threw: ${e instanceof Error ? e.stack : String(e)}`,
            );
        }
    }

    private newId(): string {
        return `job-${this.nextId++}`;
    }

    private submit<T>(
        request: Job['request'],
        scoreHandlers: ScoreHandlers,
        selftestHandlers: SelftestRequest,
        outcome: (job: Job, o: { cancelled: boolean; cache?: SessionCacheStats }) => T,
    ): JobPromise<T> {
        let settle!: Job['settle'];
        const promise = new Promise<T>((resolve, reject) => {
            settle = (o) => (o instanceof Error ? reject(o) : resolve(outcome(job, o)));
        });
        const job: Job = {
            id: request.jobId,
            request,
            scoreHandlers,
            selftestHandlers,
            scores: new Map(),
            checks: [],
            offset: 0,
            isWaitingForFreshWorker: false,
            isCancelRequested: false,
            crashes: new Map(),
            settle: once(settle),
        };
        const s = this.supervisor.state;
        if (s.kind === 'stopped' && this.hasStarted) {
            job.settle(new Error(`the engine is not running${s.reason ? `: ${s.reason}` : ''}`));
        } else if (s.kind === 'stopping') {
            job.settle(new Error('the engine is stopping'));
        } else if (this.queue.length >= MAX_QUEUED_JOBS) {
            job.settle(
                new Error(
                    `${MAX_QUEUED_JOBS} engine jobs are already waiting; try again when some have finished`,
                ),
            );
        } else {
            this.queue.push(job);
            if (!this.hasStarted) this.start().catch(() => undefined);
            this.pump();
        }
        return Object.assign(promise, { jobId: request.jobId });
    }

    private pump(): void {
        if (this.supervisor.state.kind !== 'ready') return;
        if (this.current?.isWaitingForFreshWorker) return this.continueOnFreshWorker(this.current);
        if (this.current) return;
        const job = this.queue.shift();
        if (!job) return;
        this.current = job;
        this.supervisor.setBusy(job.id);
        // A failed send means the worker is gone: its exit event fails the job.
        this.supervisor.send(job.request);
    }

    /**
     * The worker has created its share of sessions and stopped the job between items: it is
     * replaced, and the fresh worker gets the items not yet scored (same job id, indexes shifted
     * back by `offset` as its messages arrive). Why a soft-cancelled job ends here: the worker
     * yields right after a result, so a cancel sent on that result crosses the yield unseen.
     */
    private moveToFreshWorker(job: Job, m: Extract<WorkerMessage, { type: 'jobYield' }>): void {
        this.retiredCache = addCacheStats(this.retiredCache, { ...m.cache, size: 0 });
        this.opts.log?.('info', `replacing the engine worker after ${m.cache.created} sessions`);
        this.replaceWorker('could not replace the engine worker');
        if (job.isCancelRequested)
            return this.finish(job, { cancelled: true, cache: this.retiredCache });
        job.offset += m.next;
        job.isWaitingForFreshWorker = true;
    }

    /** Kills the worker and starts a fresh one (a failed start is logged with `failure`). */
    private replaceWorker(failure: string): void {
        const log = (e: unknown) => this.opts.log?.('error', `${failure}: ${String(e)}`);
        this.supervisor.restart().catch(log);
    }

    private continueOnFreshWorker(job: Job): void {
        job.isWaitingForFreshWorker = false;
        const request = job.request;
        if (request.type !== 'score') return; // Only score jobs yield.
        this.supervisor.setBusy(job.id);
        this.supervisor.send({ ...request, specs: request.specs.slice(job.offset) });
    }

    private receive(m: WorkerMessage): void {
        if (!('jobId' in m)) return;
        const job = this.current;
        if (!job || job.id !== m.jobId) return; // A late message of a job already settled.
        switch (m.type) {
            case 'progress':
                job.progress = {
                    done: job.offset + m.done,
                    total: job.offset + m.total,
                    message: m.message,
                };
                job.estimateMiB = m.estimateMiB;
                this.notify(() => job.scoreHandlers.onProgress?.(job.progress!));
                this.notify(() => job.selftestHandlers.onProgress?.(job.progress!));
                return;
            case 'result': {
                if (job.failure) return;
                const index = job.offset + m.index;
                job.scores.set(index, m.result);
                try {
                    job.scoreHandlers.onResult?.(m.result, index);
                } catch (e) {
                    this.resultRefused(job, index, e);
                }
                return;
            }
            case 'selftestResult':
                job.device = m.device;
                for (const r of m.results) {
                    job.checks.push(r);
                    this.notify(() => job.selftestHandlers.onResult?.(r, m.device));
                }
                return;
            case 'jobDone': {
                const cache = m.cache && addCacheStats(this.retiredCache, m.cache);
                return this.finish(job, { cancelled: m.cancelled, cache });
            }
            case 'jobFailed':
                return this.finish(job, new Error(m.message));
            case 'jobYield':
                // Refused a result: the job is over (its cancel may have crossed this message).
                if (job.failure) return this.finish(job, job.failure);
                return this.moveToFreshWorker(job, m);
        }
    }

    /**
     * The caller could not take a result (its run file could not be written, say): the job fails at
     * once with the reason, the worker is asked to stop after the item in flight, and nothing more
     * is handed over. Why: going on would score architectures whose results nobody keeps.
     */
    private resultRefused(job: Job, index: number, e: unknown): void {
        const request = job.request;
        const name = request.type === 'score' ? request.specs[index]?.name : undefined;
        const why = e instanceof Error ? e.message : String(e);
        job.scores.delete(index);
        job.failure = new Error(
            `could not record the result of '${name ?? index}': ${why}; the job was stopped`,
        );
        job.settle(job.failure);
        this.supervisor.send({ type: 'cancel', jobId: job.id });
    }

    private finish(job: Job, outcome: Parameters<Job['settle']>[0]): void {
        this.current = undefined;
        job.settle(outcome);
        this.supervisor.setBusy(undefined);
        this.pump();
    }

    /**
     * The worker died under the running job. A self-test fails with what happened. A score job goes
     * on: the restarted worker retries the interrupted candidate once, and a candidate that takes the
     * worker down twice gets an error naming the likely cause (and a batch that would fit) while the
     * rest are scored. Why: one bad candidate (too big, or a model onnxruntime chokes on) must not
     * cost the results of all the others. A soft-cancelled job ends there, cancelled.
     */
    private crashed(exit: WorkerExit): void {
        const job = this.current;
        if (!job) return;
        const request = job.request;
        if (job.failure || job.isCancelRequested) {
            this.current = undefined;
            job.settle({ cancelled: true });
            return;
        }
        if (request.type !== 'score') {
            this.current = undefined;
            job.settle(
                new Error(
                    `${exit.summary} while ${doing(job)}${exit.detail ? `: ${exit.detail}` : ''}`,
                ),
            );
            return;
        }
        const next = firstUnscored(job);
        // Why not when waiting: the fresh worker died before it was given the candidate.
        if (!job.isWaitingForFreshWorker && next < request.specs.length) {
            const crashes = (job.crashes.get(next) ?? 0) + 1;
            job.crashes.set(next, crashes);
            this.opts.log?.(
                'warn',
                `${exit.summary} while ${doing(job)}; ${crashes < CRASHES_PER_CANDIDATE ? 'retrying it on a fresh worker' : 'giving it up'}`,
            );
            if (crashes >= CRASHES_PER_CANDIDATE) {
                const reason = repeatedCrashMessage(exit, {
                    doing: doing(job),
                    options: request.options,
                    estimateMiB: job.estimateMiB,
                    maxWorkerMemoryMb: this.supervisor.maxWorkerMemoryMb,
                });
                this.deliver(
                    job,
                    next,
                    failedResult(
                        request.specs[next],
                        request.options.proxies,
                        reason,
                        this.lastDevice,
                    ),
                );
            }
        }
        const rest = firstUnscored(job);
        if (job.failure) return;
        if (rest >= request.specs.length) return this.finish(job, { cancelled: false });
        job.offset = rest;
        job.progress = undefined;
        job.estimateMiB = undefined;
        job.isWaitingForFreshWorker = true;
        // The supervisor restarts the worker (pump continues the job) or stops (stateChanged gives up).
    }

    /** Hands a result to the caller as if the worker had sent it (a refused one fails the job). */
    private deliver(job: Job, index: number, result: ScoreResult): void {
        job.scores.set(index, result);
        try {
            job.scoreHandlers.onResult?.(result, index);
        } catch (e) {
            this.resultRefused(job, index, e);
        }
    }

    /**
     * The engine cannot go on (the worker crashed too often, or could not start): a score job
     * resolves with every candidate accounted for, those not scored carrying the reason; any other
     * job fails with it. Why not through onResult: these candidates were never tried to the end, so
     * callers that record results (eval's log, a search run) leave them for the next run to retry.
     */
    private giveUp(job: Job, reason: string): void {
        const request = job.request;
        if (request.type !== 'score' || job.failure) {
            job.settle(new Error(reason));
            return;
        }
        for (let i = 0; i < request.specs.length; i++) {
            if (!job.scores.has(i))
                job.scores.set(
                    i,
                    failedResult(
                        request.specs[i],
                        request.options.proxies,
                        `not scored: ${reason}`,
                        this.lastDevice,
                    ),
                );
        }
        job.settle({ cancelled: false });
    }

    private stateChanged(state: EngineState): void {
        this.notify(() => this.opts.onStateChange?.(state));
        if (state.kind === 'ready') {
            this.lastDevice = state.device.device;
            this.pump();
        }
        if (state.kind === 'stopped' && state.reason !== undefined) {
            const reason = state.reason;
            const running = this.current;
            this.current = undefined;
            if (running) this.giveUp(running, `the engine stopped: ${reason}`);
            this.failAll((what) => `the engine stopped while ${what}: ${reason}`);
        }
    }

    private failAll(message: (what: string) => string): void {
        const running = this.current;
        this.current = undefined;
        running?.settle(new Error(message(doing(running))));
        for (const job of this.queue.splice(0))
            job.settle(new Error(message(`job ${job.id} was queued`)));
    }
}

/**
 * What a running job was doing, for messages: "scoring 'resnet' (batch 64 x 2)" -- with the model's
 * size when the worker estimated it -- or "running the self-test".
 */
function doing(job: Job): string {
    if (job.request.type === 'selftest') return 'running the self-test';
    const { specs, options } = job.request;
    if (specs.length === 0) return 'scoring';
    const name = specs[Math.min(job.progress?.done ?? job.offset, specs.length - 1)].name;
    const fromWorker = job.progress?.message;
    if (fromWorker?.startsWith(`scoring '${name}' (`)) return fromWorker;
    const batch =
        options.gradientMode === 'perSample'
            ? `batch ${options.batch}, per sample`
            : `batch ${options.batch} x ${options.batches}`;
    return `scoring '${name}' (${batch})`;
}

/** The first spec index without a result (specs are scored in order). */
function firstUnscored(job: Job): number {
    let i = 0;
    while (job.scores.has(i)) i++;
    return i;
}

function addCacheStats(a: SessionCacheStats | undefined, b: SessionCacheStats): SessionCacheStats {
    if (!a) return b;
    return {
        created: a.created + b.created,
        hits: a.hits + b.hits,
        evicted: a.evicted + b.evicted,
        cpuFallbacks: a.cpuFallbacks + b.cpuFallbacks,
        size: a.size + b.size,
    };
}

function once<A>(f: (a: A) => void): (a: A) => void {
    let isDone = false;
    return (a) => {
        if (isDone) return;
        isDone = true;
        f(a);
    };
}
