// The extension's one engine: an EngineClient created by the first job that needs it (never at
// activation), replaced when an engine setting changes, stopped on deactivate. The client itself
// supervises the worker (restarts, then `stopped` with a reason).
import type { EngineClient, EngineClientOptions, EngineState } from '../engine/engineClient';
import type { LogSink } from '../engine/workerProcess';
import type { Settings } from './config';

/** What the extension uses of an engine client (tests pass a fake). */
export type Engine = Pick<EngineClient, 'start' | 'score' | 'cancel' | 'stop' | 'state'>;

export type EngineFactory = (opts: EngineClientOptions) => Promise<Engine>;

/** Why: the client module (and its child_process use) is loaded only when a job needs it. */
export const createEngineClient: EngineFactory = async (opts) => {
    const { EngineClient } = await import('../engine/engineClient');
    return new EngineClient(opts);
};

export interface EngineHandleOptions {
    /** dist/worker.js of the installed extension. */
    readonly workerPath: string;
    readonly settings: () => Settings;
    readonly log: LogSink;
    /** The current engine's state; undefined while none exists. */
    readonly onState: (state: EngineState | undefined) => void;
    readonly create?: EngineFactory;
}

export class EngineHandle {
    private engine: Promise<Engine> | undefined;
    private isStale = false;
    /** Why: a replaced engine's last events (stopping, stopped) must not reach the status bar. */
    private generation = 0;

    constructor(private readonly opts: EngineHandleOptions) {}

    get isCreated(): boolean {
        return this.engine !== undefined;
    }

    /** The engine, created on first use; one made stale by a setting is replaced once idle. */
    async get(): Promise<Engine> {
        if (this.engine && this.isStale) {
            const current = await this.engine.catch(() => undefined);
            if (current?.state.kind !== 'busy' && this.isStale) {
                this.isStale = false;
                this.engine = undefined;
                this.generation++;
                await current?.stop();
            }
        }
        this.engine ??= this.create();
        return this.engine;
    }

    /** The next job gets a worker with the new settings (the running job finishes first). */
    markStale(): void {
        if (this.engine) this.isStale = true;
    }

    /** Starts the worker again after it stopped (the client's restart budget is spent). */
    async restart(): Promise<void> {
        const engine = await this.get();
        await engine.start();
    }

    async dispose(): Promise<void> {
        const engine = this.engine;
        this.engine = undefined;
        this.generation++;
        this.opts.onState(undefined);
        const e = await engine?.catch(() => undefined);
        await e?.stop();
    }

    private create(): Promise<Engine> {
        const s = this.opts.settings();
        const gen = ++this.generation;
        const created = (this.opts.create ?? createEngineClient)({
            workerPath: this.opts.workerPath,
            device: s.device,
            threads: s.threads,
            maxWorkerMemoryMb: s.maxWorkerMemoryMb,
            log: this.opts.log,
            onStateChange: (state) => {
                if (gen === this.generation) this.opts.onState(state);
            },
        });
        created.catch(() => {
            if (this.engine === created) this.engine = undefined;
        });
        return created;
    }
}
