// The real worker process under a seeded stream of malformed and out-of-order host messages (jobs
// before hello, unknown types, wrong fields, repeated ids, cancels of unknown jobs): it neither dies
// nor sends anything malformed, and a valid job afterwards is answered in full.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import test, { after, before } from 'node:test';
import { Rng } from '../../../src/core/util/rng';
import {
    type HostMessage,
    type WorkerMessage,
    WORKER_PROTOCOL_VERSION,
} from '../../../src/protocol/worker';
import { validateHostMessage, validateWorkerMessage } from '../../../src/protocol/workerValidate';
import { mutateValue, pick } from '../../fuzz/mutators';
import { HOST_SEEDS } from '../../fuzz/targets/protocol';
import { isRunning, until } from '../engine/processes';
import { buildWorker, removeWorker } from '../engine/workerBundle';

const MESSAGES = 150;
let workerPath: string;
before(async () => {
    workerPath = await buildWorker();
});
after(() => removeWorker(workerPath));

/** Messages a well-behaved worker answers by exiting: a shutdown, or a hello of another version. */
function endsTheWorker(m: unknown): boolean {
    const v = validateHostMessage(m);
    return (
        v.ok &&
        (v.message.type === 'shutdown' ||
            (v.message.type === 'hello' && v.message.version !== WORKER_PROTOCOL_VERSION))
    );
}

test('theRealWorkerSurvivesMalformedAndOutOfOrderMessages', { timeout: 180_000 }, async (t) => {
    const child = fork(workerPath, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const received: WorkerMessage[] = [];
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('message', (m) => received.push(m as WorkerMessage));
    const send = (m: unknown) =>
        new Promise<void>((resolve) => child.send(m as HostMessage, () => resolve()));
    try {
        const rng = new Rng(0x51f7);
        const stream: unknown[] = [];
        while (stream.length < MESSAGES) {
            const seed = pick(rng, HOST_SEEDS);
            const m = rng.int(4) === 0 ? seed : mutateValue(rng, seed);
            // Why null for undefined: IPC cannot carry a missing message at all.
            if (!endsTheWorker(m)) stream.push(m === undefined ? null : m);
        }
        // Jobs before hello first, then hello, then the rest: the order a confused host might use.
        for (const m of stream.slice(0, 20)) await send(m);
        await send(HOST_SEEDS[0]);
        for (const m of stream.slice(20)) await send(m);
        const final: HostMessage = {
            ...(HOST_SEEDS[1] as Extract<HostMessage, { type: 'score' }>),
            jobId: 'final-check',
        };
        await send(final);
        await until(
            () =>
                received.some(
                    (m) =>
                        (m.type === 'jobDone' || m.type === 'jobFailed') &&
                        m.jobId === 'final-check',
                ),
            150_000,
        );
        const done = received.find((m) => m.type === 'jobDone' && m.jobId === 'final-check');
        assert.ok(
            done,
            `the final job was answered: ${JSON.stringify(received.filter((m) => 'jobId' in m && m.jobId === 'final-check'))}`,
        );
        const results = received.filter((m) => m.type === 'result' && m.jobId === 'final-check');
        assert.equal(results.length, 2, 'one result per spec of the final job');
        assert.ok(isRunning(child.pid!), 'the worker is alive');
        assert.deepEqual(
            received.filter((m) => m.type === 'fatal'),
            [],
            'no fatal error',
        );
        for (const m of received)
            assert.ok(
                validateWorkerMessage(m).ok,
                `a malformed message from the worker: ${JSON.stringify(m).slice(0, 200)}`,
            );
        const rejected = received.filter(
            (m) => m.type === 'log' && m.level === 'error' && /malformed/.test(m.message),
        ).length;
        t.diagnostic(
            `${stream.length} messages sent, ${rejected} rejected as malformed, ${received.length} received; stderr ${stderr.length} bytes`,
        );
        assert.ok(
            rejected > stream.length / 3,
            'most mutated messages were rejected (the stream is not vacuous)',
        );
    } finally {
        child.kill('SIGKILL');
    }
});
