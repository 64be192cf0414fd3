// Runs one Python child: writes stdin, collects output, and kills its whole process tree on a
// timeout or a cancel. Invariant: every child is started through the injectable `spawn`.
import { type ChildProcess, type SpawnOptions, spawn as nodeSpawn } from 'node:child_process';

/** node's spawn, injectable so that tests can count (or refuse) process starts. */
export type SpawnFn = (
    command: string,
    args: readonly string[],
    options: SpawnOptions,
) => ChildProcess;

export interface RunOptions {
    readonly spawn?: SpawnFn;
    readonly cwd?: string;
    readonly stdin?: string;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
    /** Each stderr line as it arrives (the user's prints and torch's warnings). */
    readonly onStderr?: (line: string) => void;
}

export interface RunOutcome {
    readonly stdout: string;
    /** The last 64 KiB of stderr. */
    readonly stderr: string;
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    /** Why the host stopped it, when it did. */
    readonly stoppedBy?: 'timeout' | 'cancel';
    /** Set when the process could not start at all (e.g. ENOENT). */
    readonly startError?: NodeJS.ErrnoException;
}

const STDERR_KEEP = 64 * 1024;

/** Runs `command args`, resolving when the child has exited (never rejects). */
export function runPython(
    command: string,
    args: readonly string[],
    opts: RunOptions,
): Promise<RunOutcome> {
    return new Promise((resolve) => {
        const isWindows = process.platform === 'win32';
        const child = (opts.spawn ?? nodeSpawn)(command, args, {
            cwd: opts.cwd,
            stdio: ['pipe', 'pipe', 'pipe'],
            // Why detached: the child leads its own process group, so a kill reaches its children too.
            detached: !isWindows,
            windowsHide: true,
            // Why: no __pycache__ folders written into the user's workspace.
            env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
        });
        let stdout = '';
        let stderr = '';
        let partial = '';
        let stoppedBy: RunOutcome['stoppedBy'];
        let startError: NodeJS.ErrnoException | undefined;
        const stop = (why: 'timeout' | 'cancel') => {
            if (stoppedBy || child.exitCode !== null) return;
            stoppedBy = why;
            killTree(child, isWindows);
        };
        const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
        const onAbort = () => stop('cancel');
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        if (opts.signal?.aborted) stop('cancel');

        child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr?.setEncoding('utf8').on('data', (d: string) => {
            stderr = (stderr + d).slice(-STDERR_KEEP);
            if (!opts.onStderr) return;
            const lines = (partial + d).split('\n');
            partial = lines.pop() ?? '';
            for (const line of lines) opts.onStderr(line);
        });
        child.stdin?.on('error', () => undefined); // Why: a child that died early closes its stdin.
        child.stdin?.end(opts.stdin ?? '');
        child.on('error', (e: NodeJS.ErrnoException) => (startError = e));
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            opts.signal?.removeEventListener('abort', onAbort);
            resolve({ stdout, stderr, code, signal, stoppedBy, startError });
        });
    });
}

function killTree(child: ChildProcess, isWindows: boolean): void {
    try {
        if (!isWindows && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
    } catch {
        child.kill('SIGKILL'); // Why: the group may be gone already while the child lingers.
    }
}
