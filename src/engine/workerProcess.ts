// One forked engine worker: spawns it, validates its messages, turns its stdout/stderr into log
// lines, watches its memory and says how it ended. Knows nothing of restarts or jobs (supervisor.ts).
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { HostMessage, WorkerMessage } from '../protocol/worker';
import { validateWorkerMessage } from '../protocol/workerValidate';
import { workerMallocEnv } from '../protocol/workerEnv';
import { trackWorker } from './liveWorkers';

export type LogLevel = 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, message: string) => void;

export interface WorkerProcessOptions {
    /** The worker script: dist/worker.js, or src/worker/main.ts with execArgv ['--import', 'tsx']. */
    readonly workerPath: string;
    /** The Node binary (default: this process's). */
    readonly execPath?: string;
    /** Extra Node flags for the worker. */
    readonly execArgv?: readonly string[];
    /** V8 heap cap of the worker (--max-old-space-size). onnxruntime's memory is outside it. */
    readonly maxOldSpaceSizeMb?: number;
    /**
     * Kill the worker when its resident memory exceeds this (Linux only: read from /proc); the worker
     * refuses models estimated over it. One name from setting to worker (lswag.maxWorkerMemoryMb).
     */
    readonly maxWorkerMemoryMb?: number;
    readonly rssPollMs?: number;
    readonly env?: NodeJS.ProcessEnv;
}

/** How a worker ended: `summary` names the exit, `detail` the worker's last words when known. */
export interface WorkerExit {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly summary: string;
    readonly detail?: string;
    /** Killed or stopped on purpose (hard cancel, stop): never a crash. */
    readonly isDeliberate: boolean;
    /** The resident memory that made the host kill it (maxWorkerMemoryMb exceeded). */
    readonly residentMiB?: number;
}

export interface WorkerProcessEvents {
    readonly onMessage: (message: WorkerMessage) => void;
    readonly onExit: (exit: WorkerExit) => void;
    readonly log: LogSink;
}

/** Reads VmRSS of a process in MiB, or undefined where /proc is absent. */
export function residentMiB(pid: number): number | undefined {
    try {
        const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return kb === undefined ? undefined : Number(kb) / 1024;
    } catch {
        return undefined;
    }
}

export class WorkerProcess {
    readonly child: ChildProcess;
    private hasExited = false;
    private isDeliberate = false;
    private lastFatal: string | undefined;
    private lastStderrError: string | undefined;
    private killReason: string | undefined;
    private killedAtMiB: number | undefined;
    private readonly rssTimer: NodeJS.Timeout | undefined;

    constructor(
        opts: WorkerProcessOptions,
        private readonly events: WorkerProcessEvents,
    ) {
        const execArgv = [...(opts.execArgv ?? [])];
        if (opts.maxOldSpaceSizeMb !== undefined)
            execArgv.push(`--max-old-space-size=${opts.maxOldSpaceSizeMb}`);
        this.child = fork(opts.workerPath, [], {
            execPath: opts.execPath,
            execArgv,
            // Why the malloc settings: see workerMallocEnv (the worker then runs without onnxruntime's arena).
            env: { ...(opts.env ?? process.env), ...workerMallocEnv },
            // Why: structured clone keeps NaN, Infinity and typed arrays that JSON would mangle.
            serialization: 'advanced',
            stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        });
        trackWorker(this.child);
        this.pipeLines(this.child.stdout, 'info');
        this.pipeLines(this.child.stderr, 'warn');
        this.child.on('message', (raw) => this.receive(raw));
        this.child.on('error', (e) => {
            events.log('error', `engine worker process error: ${e.message}`);
            if (this.child.pid === undefined)
                this.finish(null, null, `could not start (${e.message})`);
        });
        this.child.on('exit', (code, signal) => this.finish(code, signal));
        if (opts.maxWorkerMemoryMb !== undefined) {
            this.rssTimer = setInterval(
                () => this.checkMemory(opts.maxWorkerMemoryMb!),
                opts.rssPollMs ?? 1000,
            );
            this.rssTimer.unref();
        }
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    get isAlive(): boolean {
        return !this.hasExited;
    }

    /** Sends a message; false when the channel is already closed. */
    send(message: HostMessage): boolean {
        if (this.hasExited || !this.child.connected) return false;
        try {
            this.child.send(
                message,
                (e) =>
                    e &&
                    this.events.log(
                        'warn',
                        `could not send '${message.type}' to the worker: ${e.message}`,
                    ),
            );
            return true;
        } catch {
            return false;
        }
    }

    /** SIGKILL on purpose (hard cancel, or a stop that took too long). */
    kill(): void {
        this.isDeliberate = true;
        if (!this.hasExited) this.child.kill('SIGKILL');
    }

    /** SIGKILL because the worker misbehaves: a crash whose summary says `reason` ("it …"). */
    killBecause(reason: string): void {
        if (this.hasExited) return;
        this.killReason = reason;
        this.child.kill('SIGKILL');
    }

    /** Marks the coming exit as deliberate (a shutdown was sent). */
    expectExit(): void {
        this.isDeliberate = true;
    }

    private receive(raw: unknown): void {
        const checked = validateWorkerMessage(raw);
        if (!checked.ok) {
            this.events.log(
                'warn',
                `dropped a malformed message from the engine worker: ${checked.reason}`,
            );
            return;
        }
        const m = checked.message;
        if (m.type === 'fatal') {
            this.lastFatal = m.message;
            this.events.log('error', `engine worker fatal error: ${m.stack ?? m.message}`);
        } else if (m.type === 'log') {
            this.events.log(m.level, m.message);
        }
        this.events.onMessage(m);
    }

    private pipeLines(stream: NodeJS.ReadableStream | null, level: LogLevel): void {
        if (!stream) return;
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
            if (line.trim() === '') return;
            if (level === 'warn' && /\bError\b/.test(line)) this.lastStderrError = line.trim();
            this.events.log(level, `[worker ${level === 'info' ? 'stdout' : 'stderr'}] ${line}`);
        });
    }

    private checkMemory(limitMb: number): void {
        const pid = this.child.pid;
        if (this.hasExited || pid === undefined) return;
        const rss = residentMiB(pid);
        if (rss === undefined || rss <= limitMb) return;
        this.killedAtMiB = rss;
        this.killBecause(
            `it used ${Math.round(rss)} MiB of memory, over the limit of ${limitMb} MiB`,
        );
    }

    private finish(code: number | null, signal: NodeJS.Signals | null, why?: string): void {
        if (this.hasExited) return;
        this.hasExited = true;
        if (this.rssTimer) clearInterval(this.rssTimer);
        const how = why ?? (signal ? `exited (signal ${signal})` : `exited (code ${code})`);
        const summary = this.killReason
            ? `the engine worker was killed because ${this.killReason}`
            : `the engine worker ${how}`;
        const detail = this.lastFatal ?? (code !== 0 ? this.lastStderrError : undefined);
        this.events.onExit({
            code,
            signal,
            summary,
            detail,
            isDeliberate: this.isDeliberate && !this.killReason,
            ...(this.killedAtMiB !== undefined ? { residentMiB: this.killedAtMiB } : {}),
        });
    }
}
