// The worker process spoken to directly over IPC: malformed requests, queue order and cancel of a
// queued job, a host of another protocol version, and exit when its parent dies.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, fork } from 'node:child_process';
import path from 'node:path';
import test, { after, before } from 'node:test';
import { promisify } from 'node:util';
import { WORKER_EXIT_INCOMPATIBLE, type WorkerMessage } from '../../../src/protocol/worker';
import { isRunning, until } from './processes';
import { buildWorker, removeWorker } from './workerBundle';

/** Why: a failing test must end, not wait forever on a worker that will not answer. */
const TIMEOUT = { timeout: 20_000 };

let workerPath: string;
const children: ChildProcess[] = [];
before(async () => (workerPath = await buildWorker()));
after(() => {
    // Why: a test that fails half-way must not leave a worker that keeps this process alive.
    for (const child of children)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeWorker(workerPath);
});

/** A forked worker and every message it sent, with a way to wait for one. */
function startWorker(): {
    child: ChildProcess;
    messages: WorkerMessage[];
    next: (p: (m: WorkerMessage) => boolean) => Promise<WorkerMessage>;
} {
    const child = fork(workerPath, [], {
        execArgv: [],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    children.push(child);
    const messages: WorkerMessage[] = [];
    const waiters: { p: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] = [];
    child.on('message', (m: WorkerMessage) => {
        messages.push(m);
        for (const w of waiters.filter((w) => w.p(m))) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(m);
        }
    });
    const next = (p: (m: WorkerMessage) => boolean) => {
        const seen = messages.find(p);
        return seen
            ? Promise.resolve(seen)
            : new Promise<WorkerMessage>((resolve) => waiters.push({ p, resolve }));
    };
    return { child, messages, next };
}

const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

test('malformedRequestsAreAnsweredAndTheWorkerKeepsServingInOrder', TIMEOUT, async () => {
    const { child, messages, next } = startWorker();
    child.send({ type: 'hello', version: 1, device: 'cpu', threads: 1 });
    await next((m) => m.type === 'ready');
    child.send(42);
    child.send({ type: 'bogus' });
    child.send({ type: 'score', jobId: 'broken', specs: 'nope' });
    child.send({ type: 'selftest', jobId: 'first', checks: ['cnnPerSampleGradients'] });
    child.send({ type: 'selftest', jobId: 'second' });
    child.send({ type: 'cancel', jobId: 'second' });
    const failed = await next((m) => m.type === 'jobFailed');
    assert.deepEqual(failed, {
        type: 'jobFailed',
        jobId: 'broken',
        message: "malformed request: message.specs must be an array, not 'nope'",
    });
    const done = await next((m) => m.type === 'jobDone' && m.jobId === 'first');
    assert.equal(done.type === 'jobDone' && done.cancelled, false);
    const errors = messages
        .filter((m) => m.type === 'log' && m.level === 'error')
        .map((m) => (m.type === 'log' ? m.message : ''));
    assert.equal(errors.length, 3);
    assert.match(errors[0], /message must be an object, not 42/);
    assert.match(
        errors[1],
        /message\.type must be one of hello, score, selftest, cancel, shutdown, not 'bogus'/,
    );
    const order = messages
        .filter((m) => m.type === 'jobDone')
        .map((m) => (m.type === 'jobDone' ? `${m.jobId}:${m.cancelled}` : ''));
    assert.deepEqual(
        order,
        ['second:true', 'first:false'],
        'the queued job is dropped at once, before the running one ends',
    );
    const result = messages.find((m) => m.type === 'selftestResult');
    assert.ok(
        result?.type === 'selftestResult' && result.results[0].passed && result.device === 'cpu',
    );
    const exited = exitOf(child);
    child.send({ type: 'shutdown' });
    assert.equal(await exited, 0);
});

test('helloOfAnotherProtocolVersionEndsTheWorkerWithAClearFatal', TIMEOUT, async () => {
    const { child, next } = startWorker();
    const exited = exitOf(child);
    child.send({ type: 'hello', version: 99, device: 'cpu' });
    const fatal = await next((m) => m.type === 'fatal');
    assert.match(
        fatal.type === 'fatal' ? fatal.message : '',
        /protocol version mismatch: the host speaks version 99, this build speaks 1/,
    );
    assert.equal(await exited, WORKER_EXIT_INCOMPATIBLE);
});

test('workerExitsWhenItsParentDies', TIMEOUT, async () => {
    const parent = path.join(__dirname, 'parentThatDies.cjs');
    const { stdout } = await promisify(execFile)(process.execPath, [parent, workerPath]);
    const pid = Number(stdout.trim());
    assert.ok(pid > 0, `parent printed '${stdout}'`);
    await until(() => !isRunning(pid), 3000).catch(() => undefined);
    assert.equal(isRunning(pid), false, `worker ${pid} outlived its parent`);
});
