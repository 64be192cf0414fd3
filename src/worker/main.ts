// Entry of the engine worker process (child_process.fork over IPC): wires the message loop to the
// process. Exits when the parent goes away; any uncaught error is sent as `fatal` before exiting.
import type { WorkerMessage } from '../protocol/worker';
import { exitWhenParentDies } from './parentWatch';
/** IPC sends not yet handed to the OS: exit waits for them so a `fatal` is not lost. */
let unflushed = 0;
let isExiting = false;

function send(message: WorkerMessage): void {
    if (!process.send || !process.connected) return;
    unflushed++;
    try {
        process.send(message, undefined, {}, () => unflushed--);
    } catch {
        unflushed--;
    }
}

function exit(code: number): void {
    if (isExiting) return;
    isExiting = true;
    const deadline = Date.now() + 1000;
    const poll = (): void => {
        if (unflushed === 0 || !process.connected || Date.now() > deadline) process.exit(code);
        else setTimeout(poll, 5);
    };
    poll();
}

function fatal(error: unknown): void {
    const e = error instanceof Error ? error : new Error(String(error));
    send({ type: 'fatal', message: e.message, stack: e.stack });
    exit(1);
}

if (!process.send) {
    console.error('the engine worker talks over IPC: start it with child_process.fork');
    process.exit(2);
}
// Why: the parent died or closed the channel; a worker nobody listens to must not linger. The
// thread covers the case where a long onnxruntime run keeps this event from firing.
process.on('disconnect', () => process.exit(0));
exitWhenParentDies();
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

// Why: onnxruntime loads with these modules (hundreds of ms); messages that arrive meanwhile wait
// here, and a failure to load it (a missing native library) is reported as `fatal`, not lost on stderr.
const early: unknown[] = [];
let deliver = (message: unknown): void => void early.push(message);
process.on('message', (message) => deliver(message));

Promise.all([import('./workerLoop'), import('./scorer')]).then(
    ([{ WorkerLoop }, { createScorer }]) => {
        const scorer = createScorer((level, message) => send({ type: 'log', level, message }));
        const loop = new WorkerLoop({ send, exit, scorer });
        deliver = (message) => loop.handle(message);
        early.splice(0).forEach(deliver);
    },
    fatal,
);
