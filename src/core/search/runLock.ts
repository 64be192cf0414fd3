// One searcher per run file: `RUN.jsonl.lock`, created exclusively (O_EXCL), names the process that
// is searching the run (pid, host, start time). A second window or CLI gets a clear error instead of
// planning the same generation twice and scoring every architecture twice. A lock whose process died
// (a kill, a crash) is taken over; the holder removes it when it finishes, stops or exits.
import {
    accessSync,
    closeSync,
    constants as fsConstants,
    linkSync,
    mkdirSync,
    openSync,
    renameSync,
    statSync,
    unlinkSync,
    writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunFileError } from './runFile';
import { readRegularFileBounded } from '../util/boundedRead';

interface LockOwner {
    readonly pid: number;
    readonly hostname: string;
    /** ISO time the search started. */
    readonly started: string;
}

/** The run is being searched by another live process. */
export class RunLockedError extends RunFileError {}

/** How long an unreadable lock (its writer between create and write, or a torn write) is left alone. */
const UNREADABLE_GRACE_MS = 10_000;

export const lockPathOf = (runFile: string): string => `${runFile}.lock`;

/** True when the lock failed because the run cannot be written by anyone here either. */
/**
 * A lock file's text. Why bounded and regular-only: a FIFO or a device put where the lock goes
 * must not block or fill memory; it reads as unreadable, which every caller already handles.
 */
const readLockText = (file: string): string =>
    readRegularFileBounded(file, 64 * 1024, 'a lock file').toString('utf8');

function nobodyCanWrite(runFile: string, code: string | undefined): boolean {
    if (code === 'EROFS') return true;
    if (code !== 'EACCES' && code !== 'EPERM') return false;
    try {
        accessSync(runFile, fsConstants.W_OK);
        return false; // The run file is writable although its folder is not: another could append.
    } catch {
        return true;
    }
}

function parseOwner(text: string): LockOwner | undefined {
    try {
        const o = JSON.parse(text) as Partial<LockOwner>;
        return typeof o.pid === 'number' &&
            typeof o.hostname === 'string' &&
            typeof o.started === 'string'
            ? (o as LockOwner)
            : undefined;
    } catch {
        return undefined;
    }
}

/** Whether `pid` runs on this machine; EPERM means it runs as another user. */
function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/** A lock nobody holds any more: its process died here, or it stayed unreadable past the grace time. */
function isStale(lockFile: string, owner: LockOwner | undefined): boolean {
    if (owner) return owner.hostname === os.hostname() && !isAlive(owner.pid);
    try {
        return Date.now() - statSync(lockFile).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
        return true; // Gone meanwhile: try to create it again.
    }
}

function busyMessage(runFile: string, lockFile: string, owner: LockOwner | undefined): string {
    if (!owner)
        return `run ${runFile} is being opened by another process (lock ${lockFile}); try again in a few seconds`;
    const where =
        owner.hostname === os.hostname()
            ? ''
            : ` on ${owner.hostname} (delete ${lockFile} if that process is gone)`;
    return `run ${runFile} is being searched by process ${owner.pid}${where} since ${owner.started}; stop that search first`;
}

/**
 * Moves a stale lock out of the way, unless another process replaced it meanwhile (then it is put
 * back). Why rename first: two processes may find the same stale lock; only one rename gets it.
 */
function removeStale(lockFile: string, judged: string): void {
    const aside = `${lockFile}.stale-${process.pid}-${Date.now()}`;
    try {
        renameSync(lockFile, aside);
    } catch {
        return; // Someone else moved it already.
    }
    let moved = '';
    try {
        moved = readLockText(aside);
    } catch {
        // Unreadable: treat as the stale one.
    }
    if (moved !== judged) {
        try {
            linkSync(aside, lockFile); // A live owner's fresh lock: restore it (fails if a third took the path).
        } catch {
            // The path is taken again; the live owner's lock file is lost but its process keeps going.
        }
    }
    unlinkSync(aside);
}

export class RunLock {
    private released = false;
    private readonly onExit = () => this.release();

    private constructor(
        readonly runFile: string,
        /** Undefined when nothing can write the run (see acquire): nothing to hold. */
        readonly lockFile: string | undefined,
        private readonly content: string,
    ) {
        // Why: a crash (an uncaught exception, process.exit) still removes the lock; a SIGKILL leaves it
        // behind, and the next opener finds its process dead and takes it over.
        if (lockFile) process.once('exit', this.onExit);
    }

    /**
     * Takes the lock of `runFile` or throws RunLockedError naming the process that holds it, or
     * RunFileError when the lock cannot be written (disk full, no such folder). On a read-only file
     * system, or in a folder we may not write where the run file is not writable either, nobody can
     * append to the run, so it opens without a lock (a finished run can still be read and resumed).
     */
    static acquire(runFile: string): RunLock {
        const lockFile = lockPathOf(runFile);
        const cannot = (e: unknown) =>
            new RunFileError(`cannot write the run file ${runFile}: ${(e as Error).message}`);
        try {
            // Why here: the lock is taken before RunFile.open creates the run's folder.
            mkdirSync(path.dirname(path.resolve(lockFile)), { recursive: true });
        } catch (e) {
            throw cannot(e);
        }
        const owner: LockOwner = {
            pid: process.pid,
            hostname: os.hostname(),
            started: new Date().toISOString(),
        };
        const content = `${JSON.stringify(owner)}\n`;
        for (let attempt = 0; attempt < 3; attempt++) {
            let fd: number;
            try {
                fd = openSync(lockFile, 'wx');
            } catch (e) {
                const code = (e as NodeJS.ErrnoException).code;
                if (code === 'EEXIST') {
                    const busy = RunLock.judgeExisting(runFile, lockFile);
                    if (busy) throw busy;
                    continue;
                }
                if (nobodyCanWrite(runFile, code)) return new RunLock(runFile, undefined, content);
                throw cannot(e);
            }
            try {
                writeSync(fd, content);
            } catch (e) {
                // Why: an empty lock left behind (disk full) would block the run for the grace time.
                closeSync(fd);
                unlinkSync(lockFile);
                throw cannot(e);
            }
            closeSync(fd);
            return new RunLock(runFile, lockFile, content);
        }
        throw new RunLockedError(busyMessage(runFile, lockFile, undefined));
    }

    /** The error for a live holder of an existing lock; undefined after moving a stale one away. */
    private static judgeExisting(runFile: string, lockFile: string): RunLockedError | undefined {
        let judged: string;
        try {
            judged = readLockText(lockFile);
        } catch {
            return undefined; // Released between our create and read: try again.
        }
        const owner = parseOwner(judged);
        if (!isStale(lockFile, owner))
            return new RunLockedError(busyMessage(runFile, lockFile, owner));
        removeStale(lockFile, judged);
        return undefined;
    }

    /** Removes the lock (once; later calls do nothing), unless another process took it over meanwhile. */
    release(): void {
        if (this.released) return;
        this.released = true;
        if (!this.lockFile) return;
        process.removeListener('exit', this.onExit);
        try {
            if (readLockText(this.lockFile) === this.content) unlinkSync(this.lockFile);
        } catch {
            // Already gone (deleted by hand): nothing to release.
        }
    }
}
