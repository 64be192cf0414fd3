// The worker's message loop: validates each host message, answers hello after probing devices,
// and runs jobs one at a time in arrival order. Knows nothing of processes (main.ts wires those).
import {
    type DeviceReport,
    type HostMessage,
    type WorkerMessage,
    WORKER_EXIT_INCOMPATIBLE,
    WORKER_PROTOCOL_VERSION,
} from '../protocol/worker';
import { validateHostMessage, versionMismatch } from '../protocol/workerValidate';
import { type CreateSession, defaultThreads, probeDevices } from './devices';
import { type JobEngine, type SpecScorer, runScoreJob, runSelftestJob, selectChecks } from './jobs';
import { SessionCache, defaultMemoryBudgetMiB } from './sessionCache';

type JobMessage = Extract<HostMessage, { type: 'score' | 'selftest' }>;

export interface WorkerDeps {
    readonly send: (message: WorkerMessage) => void;
    /** Ends the process (after flushing what was sent). */
    readonly exit: (code: number) => void;
    /** Scores one spec; absent in builds without scoring, where score jobs fail with a clear message. */
    readonly scorer?: SpecScorer;
    /** Creates onnxruntime sessions (tests pass a fake). */
    readonly create?: CreateSession;
}

interface Engine {
    readonly report: DeviceReport;
    readonly cache: SessionCache;
    readonly jobs: JobEngine;
}

export const SCORING_UNAVAILABLE = 'scoring is not available in this build';

/** Jobs waiting in the worker; the host sends one at a time, so more means a misbehaving host. */
export const MAX_WORKER_QUEUE = 64;

export class WorkerLoop {
    private engine: Promise<Engine> | undefined;
    private readonly queue: JobMessage[] = [];
    private current: { readonly jobId: string; isCancelled: boolean } | undefined;
    private isPumping = false;
    private isStopping = false;

    constructor(private readonly deps: WorkerDeps) {}

    /** Handles one raw IPC message; never throws. */
    handle(raw: unknown): void {
        const checked = validateHostMessage(raw);
        if (!checked.ok) {
            this.log('error', `ignored a malformed message from the host: ${checked.reason}`);
            if (checked.jobId !== undefined && !this.isKnown(checked.jobId)) {
                this.deps.send({
                    type: 'jobFailed',
                    jobId: checked.jobId,
                    message: `malformed request: ${checked.reason}`,
                });
            }
            return;
        }
        const m = checked.message;
        switch (m.type) {
            case 'hello':
                return this.hello(m);
            case 'score':
            case 'selftest':
                return this.enqueue(m);
            case 'cancel':
                return this.cancel(m.jobId);
            case 'shutdown':
                return this.shutdown();
        }
    }

    private hello(m: Extract<HostMessage, { type: 'hello' }>): void {
        const mismatch = versionMismatch('host', m.version, WORKER_PROTOCOL_VERSION);
        if (mismatch) {
            this.deps.send({ type: 'fatal', message: mismatch });
            this.deps.exit(WORKER_EXIT_INCOMPATIBLE);
            return;
        }
        if (this.engine) {
            this.log('warn', 'a second hello was ignored: devices are probed once per worker');
        } else {
            this.engine = this.start(m);
        }
        this.engine.then(
            (e) =>
                this.deps.send({
                    type: 'ready',
                    version: WORKER_PROTOCOL_VERSION,
                    device: e.report,
                }),
            (e: unknown) => {
                this.deps.send({
                    type: 'fatal',
                    message: e instanceof Error ? e.message : String(e),
                    stack: (e as Error)?.stack,
                });
                this.deps.exit(1);
            },
        );
    }

    private async start(m: Extract<HostMessage, { type: 'hello' }>): Promise<Engine> {
        const threads = m.threads ?? defaultThreads();
        const warn = (message: string) => this.log('warn', message);
        const report = await probeDevices(m.device, { threads, create: this.deps.create, warn });
        const limit = m.maxWorkerMemoryMb;
        const cache = new SessionCache({
            device: report.device,
            threads,
            capacity: m.sessionCacheSize,
            // Why 3/4: idle sessions go before the host's watchdog would kill the whole worker.
            memoryBudgetMiB:
                limit === undefined
                    ? undefined
                    : Math.min(defaultMemoryBudgetMiB(), Math.floor(limit * 0.75)),
            create: this.deps.create,
            warn,
        });
        const recycleAfter = m.recycleAfterSessions;
        const jobs: JobEngine = {
            device: report.device,
            compile: cache.compile,
            maxWorkerMemoryMb: limit,
            takeUsedDevices: () => cache.takeUsedDevices(),
            // Why CPU only: the slow-down was measured there, and a GPU worker's start (provider
            // load, device init) costs seconds, which 50 fast GPU scores would not repay.
            isWornOut: () =>
                recycleAfter !== undefined &&
                report.device === 'cpu' &&
                cache.stats().created >= recycleAfter,
        };
        const skipped = report.skipped.map((s) => `${s.device}: ${s.reason}`).join('; ');
        this.log(
            'info',
            `using ${report.device} with ${threads} threads${skipped ? ` (skipped ${skipped})` : ''}`,
        );
        return { report, cache, jobs };
    }

    private enqueue(m: JobMessage): void {
        if (this.isKnown(m.jobId)) {
            this.log('error', `ignored a second job with id '${m.jobId}'`);
            return;
        }
        if (!this.engine) {
            this.deps.send({
                type: 'jobFailed',
                jobId: m.jobId,
                message: 'the worker got a job before hello',
            });
            return;
        }
        if (this.queue.length >= MAX_WORKER_QUEUE) {
            this.deps.send({
                type: 'jobFailed',
                jobId: m.jobId,
                message: `the worker already has ${MAX_WORKER_QUEUE} jobs waiting`,
            });
            return;
        }
        this.queue.push(m);
        void this.pump();
    }

    private isKnown(jobId: string): boolean {
        return this.current?.jobId === jobId || this.queue.some((q) => q.jobId === jobId);
    }

    /** A queued job is dropped at once; the running one stops at its next check of the flag. */
    private cancel(jobId: string): void {
        const at = this.queue.findIndex((q) => q.jobId === jobId);
        if (at >= 0) {
            this.queue.splice(at, 1);
            this.deps.send({ type: 'jobDone', jobId, cancelled: true });
        } else if (this.current?.jobId === jobId) {
            this.current.isCancelled = true;
        }
    }

    private async pump(): Promise<void> {
        if (this.isPumping || !this.engine) return;
        this.isPumping = true;
        try {
            const engine = await this.engine;
            for (let job = this.queue.shift(); job && !this.isStopping; job = this.queue.shift()) {
                await this.run(job, engine);
            }
        } finally {
            this.isPumping = false;
        }
    }

    private async run(job: JobMessage, engine: Engine): Promise<void> {
        const state = { jobId: job.jobId, isCancelled: false };
        this.current = state;
        const ctx = {
            jobId: job.jobId,
            engine: engine.jobs,
            send: this.deps.send,
            isCancelled: () => state.isCancelled,
        };
        try {
            let cancelled: boolean;
            if (job.type === 'selftest') {
                cancelled = await runSelftestJob(ctx, selectChecks(job.checks));
            } else if (this.deps.scorer) {
                const end = await runScoreJob(ctx, job.specs, job.options, this.deps.scorer);
                if (end.kind === 'yield') {
                    if (!this.isStopping) this.yieldJob(job.jobId, end.next, engine);
                    return;
                }
                cancelled = end.kind === 'cancelled';
            } else {
                throw new Error(SCORING_UNAVAILABLE);
            }
            if (!this.isStopping)
                this.deps.send({
                    type: 'jobDone',
                    jobId: job.jobId,
                    cancelled,
                    cache: engine.cache.stats(),
                });
        } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            if (!this.isStopping) this.deps.send({ type: 'jobFailed', jobId: job.jobId, message });
        } finally {
            this.current = undefined;
        }
    }

    /**
     * Hands the rest of a job back to the host, which replaces this worker; jobs queued behind it
     * fail so the host can send them to the fresh one (it sends one at a time, so there are none).
     */
    private yieldJob(jobId: string, next: number, engine: Engine): void {
        this.deps.send({ type: 'jobYield', jobId, next, cache: engine.cache.stats() });
        for (const queued of this.queue.splice(0))
            this.deps.send({
                type: 'jobFailed',
                jobId: queued.jobId,
                message: 'the worker is being replaced by a fresh one',
            });
    }

    /** Why no session is released first: the process exit frees them, and a job may be mid-run. */
    private shutdown(): void {
        if (this.isStopping) return;
        this.isStopping = true;
        this.queue.length = 0;
        if (this.current) this.current.isCancelled = true;
        this.deps.exit(0);
    }

    private log(level: 'info' | 'warn' | 'error', message: string): void {
        this.deps.send({ type: 'log', level, message });
    }
}
