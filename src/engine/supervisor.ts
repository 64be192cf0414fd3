// Keeps one engine worker alive: an explicit state machine over fork, hello/ready, busy, crash,
// restart (at most N in a sliding window) and stop. A deliberate kill or stop is never a crash.
import path from 'node:path';
import {
    type DeviceChoice,
    type DeviceReport,
    type HostMessage,
    type WorkerMessage,
    WORKER_EXIT_INCOMPATIBLE,
    WORKER_PROTOCOL_VERSION,
} from '../protocol/worker';
import { versionMismatch } from '../protocol/workerValidate';
import { defaultWorkerMemoryMb } from './memoryCap';
import { RestartPolicy } from './restartPolicy';
import {
    type LogSink,
    type WorkerExit,
    WorkerProcess,
    type WorkerProcessOptions,
} from './workerProcess';

/** starting → ready ⇄ busy; crashed → starting (restart) | stopped; stopping → stopped. */
export type EngineState =
    | { readonly kind: 'starting' }
    | { readonly kind: 'ready'; readonly device: DeviceReport }
    | { readonly kind: 'busy'; readonly device: DeviceReport; readonly jobId: string }
    | { readonly kind: 'stopping' }
    /** `reason` is absent when stopped on request (or never started). */
    | { readonly kind: 'stopped'; readonly reason?: string }
    | { readonly kind: 'crashed'; readonly reason: string };

export interface SupervisorOptions extends Partial<WorkerProcessOptions> {
    readonly device?: DeviceChoice;
    readonly threads?: number;
    readonly sessionCacheSize?: number;
    /**
     * Sessions a worker creates before a score job moves to a fresh worker (default
     * DEFAULT_RECYCLE_AFTER_SESSIONS; 0 = never). Each swap costs about a second.
     */
    readonly recycleAfterSessions?: number;
    /** Restarts after crashes allowed within `restartWindowMs` (default 4 in 3 minutes). */
    readonly maxRestarts?: number;
    readonly restartWindowMs?: number;
    /** How long a stop waits for the worker to exit before SIGKILL (default 2 s). */
    readonly stopTimeoutMs?: number;
    /** How long a fresh worker may take to answer hello (default 30 s). */
    readonly readyTimeoutMs?: number;
    readonly log?: LogSink;
}

export interface SupervisorEvents {
    readonly onState?: (state: EngineState) => void;
    readonly onMessage?: (message: WorkerMessage) => void;
    /** The worker died unexpectedly; called before the restart decision. */
    readonly onCrash?: (exit: WorkerExit) => void;
}

/**
 * Why 50: with glibc's allocator, time per NB201 cell grew from 0.37 s in a worker's first 40
 * sessions to 0.47 s after 80 (docs/engine.md); a fresh worker costs ~1 s, 20-25 ms per cell.
 */
export const DEFAULT_RECYCLE_AFTER_SESSIONS = 50;

/** dist/worker.js next to the bundle that holds this code (dist/extension.js, dist/cli.js). */
export const defaultWorkerPath = (): string => path.join(__dirname, 'worker.js');

export class Supervisor {
    private current: WorkerProcess | undefined;
    private stateValue: EngineState = { kind: 'stopped' };
    private readonly policy: RestartPolicy;
    private readonly log: LogSink;
    private readyWaiters: { resolve: (d: DeviceReport) => void; reject: (e: Error) => void }[] = [];
    private readyTimer: NodeJS.Timeout | undefined;
    private stopping: Promise<void> | undefined;

    constructor(
        private readonly opts: SupervisorOptions,
        private readonly events: SupervisorEvents = {},
    ) {
        this.policy = new RestartPolicy({
            maxRestarts: opts.maxRestarts,
            windowMs: opts.restartWindowMs,
        });
        this.log = opts.log ?? (() => undefined);
    }

    get state(): EngineState {
        return this.stateValue;
    }

    get pid(): number | undefined {
        return this.current?.pid;
    }

    /** The worker's memory limit: the person's, or derived from this machine's memory (memoryCap.ts). */
    get maxWorkerMemoryMb(): number {
        return this.opts.maxWorkerMemoryMb ?? defaultWorkerMemoryMb();
    }

    /** Forks a worker unless one is running; resolves with its devices once it is ready. */
    start(): Promise<DeviceReport> {
        const s = this.stateValue;
        if (s.kind === 'ready' || s.kind === 'busy') return Promise.resolve(s.device);
        if (s.kind === 'stopping') return Promise.reject(new Error('the engine is stopping'));
        const ready = this.whenReady();
        if (s.kind === 'stopped') {
            this.policy.reset();
            this.spawn();
        }
        return ready;
    }

    /** Resolves when the worker is ready; rejects if the engine stops first. */
    whenReady(): Promise<DeviceReport> {
        const s = this.stateValue;
        if (s.kind === 'ready' || s.kind === 'busy') return Promise.resolve(s.device);
        return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
    }

    send(message: HostMessage): boolean {
        return this.current?.send(message) ?? false;
    }

    /** ready → busy (with a job id) and back (undefined). */
    setBusy(jobId: string | undefined): void {
        const s = this.stateValue;
        if (s.kind !== 'ready' && s.kind !== 'busy') return;
        this.setState(
            jobId === undefined
                ? { kind: 'ready', device: s.device }
                : { kind: 'busy', device: s.device, jobId },
        );
    }

    /** Hard restart: SIGKILL the worker (not counted as a crash) and fork a fresh one. */
    async restart(): Promise<DeviceReport> {
        if (this.stateValue.kind === 'stopping' || this.stateValue.kind === 'stopped') {
            throw new Error('the engine is not running');
        }
        const old = this.current;
        this.current = undefined;
        this.clearReadyTimer();
        this.setState({ kind: 'starting' });
        const ready = this.whenReady();
        if (old?.isAlive) {
            const exited = new Promise<void>((resolve) => old.child.once('exit', () => resolve()));
            old.kill();
            await exited;
        }
        // A stop() while the old worker was dying wins: no new worker.
        if (this.stateValue.kind !== 'starting' || this.current) return ready;
        this.spawn();
        return ready;
    }

    /** Sends shutdown, waits up to stopTimeoutMs, then SIGKILL. Pending start()s reject. */
    stop(): Promise<void> {
        if (this.stopping) return this.stopping;
        this.stopping = this.doStop().finally(() => (this.stopping = undefined));
        return this.stopping;
    }

    private async doStop(): Promise<void> {
        const worker = this.current;
        this.current = undefined;
        this.clearReadyTimer();
        if (!worker?.isAlive) {
            this.enterStopped(undefined, 'the engine was stopped');
            return;
        }
        this.setState({ kind: 'stopping' });
        const exited = new Promise<void>((resolve) => worker.child.once('exit', () => resolve()));
        worker.expectExit();
        worker.send({ type: 'shutdown' });
        const timeout = new Promise<'timeout'>((resolve) =>
            setTimeout(resolve, this.opts.stopTimeoutMs ?? 2000, 'timeout').unref(),
        );
        if ((await Promise.race([exited, timeout])) === 'timeout') {
            this.log('warn', 'the engine worker did not exit within the stop timeout; killing it');
            worker.kill();
            await exited;
        }
        this.enterStopped(undefined, 'the engine was stopped');
    }

    private spawn(): void {
        if (this.stateValue.kind !== 'starting') this.setState({ kind: 'starting' });
        const processOpts: WorkerProcessOptions = {
            ...this.opts,
            workerPath: this.opts.workerPath ?? defaultWorkerPath(),
            maxWorkerMemoryMb: this.maxWorkerMemoryMb,
        };
        const worker: WorkerProcess = new WorkerProcess(processOpts, {
            log: this.log,
            onMessage: (m) => worker === this.current && this.receive(m),
            onExit: (exit) => worker === this.current && this.exited(exit),
        });
        this.current = worker;
        const recycleAfter = this.opts.recycleAfterSessions ?? DEFAULT_RECYCLE_AFTER_SESSIONS;
        worker.send({
            type: 'hello',
            version: WORKER_PROTOCOL_VERSION,
            device: this.opts.device ?? 'auto',
            threads: this.opts.threads,
            sessionCacheSize: this.opts.sessionCacheSize,
            maxWorkerMemoryMb: this.maxWorkerMemoryMb,
            ...(recycleAfter > 0 ? { recycleAfterSessions: recycleAfter } : {}),
        });
        const limit = this.opts.readyTimeoutMs ?? 30_000;
        this.readyTimer = setTimeout(
            () => worker.killBecause(`it did not answer hello within ${limit / 1000} s`),
            limit,
        );
        this.readyTimer.unref();
    }

    private receive(m: WorkerMessage): void {
        if (m.type === 'ready' && this.stateValue.kind === 'starting') {
            this.clearReadyTimer();
            const mismatch = versionMismatch('engine worker', m.version, WORKER_PROTOCOL_VERSION);
            if (mismatch) {
                this.log('error', mismatch);
                const worker = this.current;
                this.current = undefined;
                worker?.kill();
                this.enterStopped(mismatch);
                return;
            }
            this.setState({ kind: 'ready', device: m.device });
            this.readyWaiters.splice(0).forEach((w) => w.resolve(m.device));
        }
        this.events.onMessage?.(m);
    }

    private exited(exit: WorkerExit): void {
        this.current = undefined;
        this.clearReadyTimer();
        if (exit.isDeliberate) return;
        const reason = exit.detail ? `${exit.summary}: ${exit.detail}` : exit.summary;
        this.log('error', reason);
        this.setState({ kind: 'crashed', reason });
        this.events.onCrash?.(exit);
        if (this.stateValue.kind !== 'crashed') return; // onCrash stopped or restarted it.
        if (exit.code === WORKER_EXIT_INCOMPATIBLE) {
            this.enterStopped(reason);
        } else if (this.policy.tryRestart()) {
            this.log('info', 'restarting the engine worker');
            this.spawn();
        } else {
            const limit =
                this.policy.maxRestarts === 0
                    ? ''
                    : `the engine worker crashed again after ${this.policy.describe()}; last: `;
            this.enterStopped(`${limit}${reason}`);
        }
    }

    private enterStopped(
        reason: string | undefined,
        rejectWith = reason ?? 'the engine stopped',
    ): void {
        this.setState(reason === undefined ? { kind: 'stopped' } : { kind: 'stopped', reason });
        const error = new Error(rejectWith);
        this.readyWaiters.splice(0).forEach((w) => w.reject(error));
    }

    private clearReadyTimer(): void {
        if (this.readyTimer) clearTimeout(this.readyTimer);
        this.readyTimer = undefined;
    }

    private setState(state: EngineState): void {
        this.stateValue = state;
        this.events.onState?.(state);
    }
}
