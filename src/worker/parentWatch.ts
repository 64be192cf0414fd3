// Ends the worker when its parent dies, even while onnxruntime blocks the main thread: the IPC
// 'disconnect' event cannot fire until a long session.run returns (a 9 GB model went on computing
// for minutes as an orphan), so a separate thread watches the parent pid and SIGKILLs this process.
import { Worker } from 'node:worker_threads';

/** How often the watching thread checks its parent: the worker exits within about this long. */
export const PARENT_POLL_MS = 200;

/**
 * Starts the watching thread (unref'd: it never keeps the worker alive). Why a pid comparison: when
 * the parent dies the worker is reparented (to init or a subreaper), so its ppid changes.
 */
export function exitWhenParentDies(pollMs = PARENT_POLL_MS): void {
    const parent = process.ppid;
    // Why eval'd source: the worker is one bundled file, so the thread cannot load a module of its own.
    const source = `setInterval(() => { if (process.ppid !== ${parent}) process.kill(process.pid, 'SIGKILL'); }, ${pollMs});`;
    const thread = new Worker(source, { eval: true, stdout: false, stderr: false });
    thread.unref();
}
