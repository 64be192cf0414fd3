// Every engine worker this process has started and not yet seen exit, so a host that must stop at
// once (Ctrl-C, SIGTERM) can kill them synchronously: no async stop, no worker left computing.
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();

export function trackWorker(child: ChildProcess): void {
    live.add(child);
    child.once('exit', () => live.delete(child));
}

/** SIGKILLs every live worker now; returns their pids (for messages and tests). */
export function killLiveWorkers(): number[] {
    const pids: number[] = [];
    for (const child of live) {
        if (child.pid !== undefined) pids.push(child.pid);
        child.kill('SIGKILL');
    }
    live.clear();
    return pids;
}
