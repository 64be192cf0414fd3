// Process checks for the integration tests. Why the zombie check: an orphaned worker is reparented
// to init, and a container's init may reap it late, so `kill -0` still finds an exited process.
import { readFileSync } from 'node:fs';

/** True while `pid` exists and has not exited (a zombie counts as exited). */
export function isRunning(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch {
        return false;
    }
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
        return true; // No /proc (macOS): kill -0 is all there is.
    }
}

/** Polls until `predicate` holds; throws after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 5));
    }
}
