// The worker's memory limit when the person set none: derived from what this machine (or the
// container's cgroup) has, so a model too large for it is refused up front instead of being killed
// by the kernel halfway through a run (and taking the host's unsaved results with it).
import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Why 3/4: the host (CLI or VS Code), the OS and the page cache need the rest; the kernel's
 * out-of-memory killer acts on the whole machine, so the worker must stay well clear of it.
 */
export const DEFAULT_MEMORY_SHARE = 0.75;

/** The cgroup v2 (or v1) memory limit in bytes, or undefined when there is none or it is unreadable. */
export function cgroupMemoryBytes(
    read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): number | undefined {
    for (const file of [
        '/sys/fs/cgroup/memory.max',
        '/sys/fs/cgroup/memory/memory.limit_in_bytes',
    ]) {
        try {
            const n = Number(read(file).trim());
            // Why the upper bound: v1 reports "no limit" as a huge number, v2 as "max" (NaN here).
            if (Number.isFinite(n) && n > 0 && n < 2 ** 60) return n;
        } catch {
            // Not there: try the next layout.
        }
    }
    return undefined;
}

/** The default limit in MiB: 3/4 of the smaller of the machine's memory and the cgroup's limit. */
export function defaultWorkerMemoryMb(
    totalBytes = os.totalmem(),
    cgroupBytes = cgroupMemoryBytes(),
): number {
    const bytes = Math.min(totalBytes, cgroupBytes ?? Infinity);
    return Math.max(256, Math.floor((bytes * DEFAULT_MEMORY_SHARE) / 2 ** 20));
}
