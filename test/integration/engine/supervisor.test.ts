// The supervisor against a stand-in worker that misbehaves on purpose (fakeWorker.cjs, ~50 ms to
// start): a wrong protocol version, malformed messages, a fatal error mid-job, a crash loop, and a
// worker that dies after a soft cancel.
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { EngineClient, type EngineState } from '../../../src/engine/engineClient';
import type { ScoreOptions } from '../../../src/protocol/worker';
import { until } from './processes';

const fakeWorker = path.join(__dirname, 'fakeWorker.cjs');
const TIMEOUT = { timeout: 20_000 };

function fakeClient(mode: string, extra: { maxRestarts?: number } = {}) {
    const states: EngineState[] = [];
    const logs: string[] = [];
    const client = new EngineClient({
        workerPath: fakeWorker,
        env: { ...process.env, FAKE_WORKER_MODE: mode },
        log: (level, message) => logs.push(`${level}: ${message}`),
        onStateChange: (s) => states.push(s),
        ...extra,
    });
    return { client, states, logs };
}

test('readyOfAnotherProtocolVersionStopsTheEngineWithoutRestarting', TIMEOUT, async (t) => {
    const { client, states } = fakeClient('badVersion');
    t.after(() => client.stop());
    await assert.rejects(
        client.start(),
        /protocol version mismatch: the engine worker speaks version 99, this build speaks 1/,
    );
    assert.equal(client.state.kind, 'stopped');
    assert.equal(states.filter((s) => s.kind === 'starting').length, 1);
});

test('malformedWorkerMessagesAreDroppedWithAWarningAndAFatalNamesTheJob', TIMEOUT, async (t) => {
    const { client, logs } = fakeClient('malformedThenReady', { maxRestarts: 0 });
    t.after(() => client.stop());
    await client.start();
    const dropped = logs.filter((l) =>
        l.startsWith('warn: dropped a malformed message from the engine worker'),
    );
    assert.equal(dropped.length, 2, logs.join('\n'));
    assert.match(dropped[1], /message\.jobId must be a non-empty string, not undefined/);
    await assert.rejects(
        client.selftest(),
        /^Error: the engine worker exited \(code 1\) while running the self-test: out of cheese$/,
    );
    assert.ok(logs.includes('error: engine worker fatal error: out of cheese'), logs.join('\n'));
});

test('crashLoopStopsAfterFourRestartsInThreeMinutesWithTheLastError', TIMEOUT, async (t) => {
    const { client, states } = fakeClient('crashAfterReady');
    t.after(() => client.stop());
    void client.start().catch(() => undefined);
    await until(() => client.state.kind === 'stopped');
    assert.equal(
        states.filter((s) => s.kind === 'starting').length,
        5,
        'the first start and four restarts',
    );
    assert.equal(states.filter((s) => s.kind === 'crashed').length, 5);
    const stopped = client.state;
    assert.equal(stopped.kind, 'stopped');
    assert.equal(
        stopped.kind === 'stopped' && stopped.reason,
        'the engine worker crashed again after 4 restarts in 3 minutes; last: the engine worker exited (code 1): boom',
    );
    await assert.rejects(
        client.selftest(),
        /^Error: the engine is not running: the engine worker crashed again after 4 restarts/,
    );
});

test('aWorkerThatDiesAfterASoftCancelEndsTheJobCancelledWithoutARetry', TIMEOUT, async (t) => {
    const { client, logs } = fakeClient('dieOnCancel');
    t.after(() => client.stop());
    await client.start();
    const firstPid = client.pid;
    const spec = (name: string) =>
        ({ family: 'layers', name, input: [4], classes: 2, layers: [] }) as const;
    const options: ScoreOptions = {
        proxies: ['params'],
        data: { kind: 'synthetic' },
        batch: 2,
        batches: 1,
        seed: 0,
        psiSamples: 1,
        gradientMode: 'batches',
    };
    const job = client.score([spec('a'), spec('b'), spec('c')], options, {
        onResult: () => client.cancel(job.jobId),
    });
    const outcome = await job;
    assert.equal(outcome.cancelled, true);
    assert.deepEqual(
        outcome.results.map((r) => r.name),
        ['a'],
        'the spec in flight is not retried on a fresh worker',
    );
    assert.ok(!logs.some((l) => l.includes('retrying it on a fresh worker')), logs.join('\n'));
    await until(() => client.state.kind === 'ready' && client.pid !== firstPid);
});
