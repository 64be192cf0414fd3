// The worker's message loop in-process, with fake sessions and a fake scorer: hello and devices,
// job order, progress and results per spec, soft cancel, malformed requests, version, shutdown.
import assert from 'node:assert/strict';
import test from 'node:test';
import { tensor } from '../../../src/core/ir/tensor';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import {
    type DeviceName,
    type ScoreOptions,
    type WorkerMessage,
    WORKER_EXIT_INCOMPATIBLE,
} from '../../../src/protocol/worker';
import type { CreateSession } from '../../../src/worker/devices';
import type { SpecScorer } from '../../../src/worker/jobs';
import { SCORING_UNAVAILABLE, WorkerLoop } from '../../../src/worker/workerLoop';

const OPTIONS: ScoreOptions = {
    proxies: ['p', 'q'],
    data: { kind: 'synthetic' },
    batch: 2,
    batches: 1,
    seed: 0,
    psiSamples: 1,
    gradientMode: 'batches',
};
/** A spec whose architecture (its `classes`) follows its name's first letter, so 'b' and 'b again' are one model. */
const spec = (name: string): ArchitectureSpec => ({
    family: 'layers',
    name,
    input: [3],
    classes: 2 + name.charCodeAt(0),
    layers: [],
});

/** Sessions that work on `working` devices; on others creation throws. Runs of `failsOn` throw. */
function fakeCreate(
    working: readonly DeviceName[],
    failsOn: DeviceName | undefined = undefined,
): CreateSession {
    return async (model, device) => {
        if (!working.includes(device)) throw new Error(`${device} is not here`);
        const isProbe = model.length > 16;
        return {
            inputNames: ['x'],
            outputNames: ['y'],
            run: async () => {
                if (!isProbe && device === failsOn) throw new Error('device lost');
                return { y: tensor('float32', [2], [2, 0]) };
            },
            release: async () => undefined,
        };
    };
}

function harness(opts: { scorer?: SpecScorer; create?: CreateSession } = {}) {
    const sent: WorkerMessage[] = [];
    const exits: number[] = [];
    const loop = new WorkerLoop({
        send: (m) => sent.push(m),
        exit: (c) => exits.push(c),
        create: fakeCreate(['cpu']),
        ...opts,
    });
    const waitFor = async (p: (m: WorkerMessage) => boolean): Promise<WorkerMessage> => {
        for (let i = 0; i < 1000; i++) {
            const found = sent.find(p);
            if (found) return found;
            await new Promise((r) => setImmediate(r));
        }
        throw new Error(`never sent; sent: ${JSON.stringify(sent)}`);
    };
    const ofJob = (jobId: string) => sent.filter((m) => 'jobId' in m && m.jobId === jobId);
    return { loop, sent, exits, waitFor, ofJob };
}

/**
 * A scorer that answers each spec by name; 'broken' throws; `gate` holds every call until opened.
 * Every spec compiles the same model unless `modelPerArchitecture` (then each architecture has its own).
 */
function fakeScorer(
    calls: string[],
    gate?: Promise<void>,
    modelPerArchitecture = false,
): SpecScorer {
    return async (s, job) => {
        calls.push(s.name);
        await gate;
        if (s.name === 'broken') throw new Error('unsupported layer');
        const model = modelPerArchitecture
            ? new TextEncoder().encode(JSON.stringify({ ...s, name: '' }))
            : new Uint8Array([1, 2, 3]);
        const session = await job.compile(model);
        await session.run({});
        await session.release();
        return {
            name: s.name,
            source: s.name,
            family: s.family,
            params: 1,
            flops: 2,
            scores: { p: 1, q: 2 },
            errors: [],
            device: job.device,
            seconds: 0,
        };
    };
}

const summary = (m: WorkerMessage): string => {
    switch (m.type) {
        case 'progress':
            return `progress ${m.done}/${m.total}${m.message ? ` ${m.message}` : ''}`;
        case 'result':
            return `result ${m.index} ${m.result.name} ${m.result.device} ${m.result.errors.join(';')}`.trim();
        case 'jobDone':
            return `done cancelled=${m.cancelled}`;
        case 'jobFailed':
            return `failed ${m.message}`;
        case 'jobYield':
            return `yield next=${m.next} created=${m.cache.created}`;
        default:
            return m.type;
    }
};

test('jobsBeforeHelloFailAndHelloAnswersReadyWithTheProbedDevice', async () => {
    const h = harness();
    h.loop.handle({ type: 'selftest', jobId: 'early' });
    assert.deepEqual(h.sent.shift(), {
        type: 'jobFailed',
        jobId: 'early',
        message: 'the worker got a job before hello',
    });
    h.loop.handle({ type: 'hello', version: 1, device: 'auto', threads: 2 });
    const ready = await h.waitFor((m) => m.type === 'ready');
    assert.deepEqual(ready, {
        type: 'ready',
        version: 1,
        device: {
            device: 'cpu',
            skipped: [
                { device: 'cuda', reason: 'cuda is not here' },
                { device: 'webgpu', reason: 'webgpu is not here' },
            ],
            threads: 2,
        },
    });
    assert.ok(
        h.sent.some(
            (m) =>
                m.type === 'log' &&
                m.message ===
                    'using cpu with 2 threads (skipped cuda: cuda is not here; webgpu: webgpu is not here)',
        ),
    );
    h.loop.handle({ type: 'hello', version: 1, device: 'cuda' });
    await h.waitFor((m) => m.type === 'log' && m.level === 'warn');
    assert.equal(
        h.sent.filter((m) => m.type === 'ready').length,
        2,
        'a second hello is answered with the first report',
    );
});

test('scoreJobSendsProgressAndOneResultPerSpecAndAThrowingSpecBecomesAnErrorResult', async () => {
    const calls: string[] = [];
    const h = harness({ scorer: fakeScorer(calls) });
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu' });
    h.loop.handle({
        type: 'score',
        jobId: 'j',
        specs: [spec('a'), spec('broken'), spec('c')],
        options: OPTIONS,
    });
    await h.waitFor((m) => m.type === 'jobDone');
    assert.deepEqual(h.ofJob('j').map(summary), [
        "progress 0/3 scoring 'a'",
        'result 0 a cpu',
        "progress 1/3 scoring 'broken'",
        'result 1 broken cpu unsupported layer',
        "progress 2/3 scoring 'c'",
        'result 2 c cpu',
        'progress 3/3',
        'done cancelled=false',
    ]);
    const broken = h.sent.find((m) => m.type === 'result' && m.index === 1);
    assert.deepEqual(broken?.type === 'result' && broken.result.scores, { p: null, q: null });
    const done = h.sent.find((m) => m.type === 'jobDone');
    assert.deepEqual(done?.type === 'jobDone' && done.cache, {
        created: 1,
        hits: 1,
        evicted: 0,
        cpuFallbacks: 0,
        size: 1,
    });
});

test('softCancelStopsBetweenSpecsAndAQueuedJobIsDroppedAtOnce', async () => {
    const calls: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const h = harness({ scorer: fakeScorer(calls, gate) });
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu' });
    h.loop.handle({
        type: 'score',
        jobId: 'first',
        specs: [spec('a'), spec('b'), spec('c')],
        options: OPTIONS,
    });
    h.loop.handle({ type: 'score', jobId: 'second', specs: [spec('z')], options: OPTIONS });
    await h.waitFor((m) => m.type === 'progress' && m.jobId === 'first');
    h.loop.handle({ type: 'cancel', jobId: 'second' });
    assert.deepEqual(h.ofJob('second').map(summary), ['done cancelled=true']);
    h.loop.handle({ type: 'cancel', jobId: 'first' });
    h.loop.handle({ type: 'cancel', jobId: 'unknown' });
    open();
    await h.waitFor((m) => m.type === 'jobDone' && m.jobId === 'first');
    assert.deepEqual(h.ofJob('first').map(summary), [
        "progress 0/3 scoring 'a'",
        'result 0 a cpu',
        'done cancelled=true',
    ]);
    assert.deepEqual(calls, ['a'], 'the queued job never ran');
});

test('scoreJobsFailClearlyWithoutAScorer', async () => {
    const h = harness();
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu' });
    h.loop.handle({ type: 'score', jobId: 'j', specs: [spec('a')], options: OPTIONS });
    assert.deepEqual(await h.waitFor((m) => m.type === 'jobFailed'), {
        type: 'jobFailed',
        jobId: 'j',
        message: SCORING_UNAVAILABLE,
    });
});

test('aResultSaysCpuWhenItsGpuSessionFellBack', async () => {
    const h = harness({ scorer: fakeScorer([]), create: fakeCreate(['webgpu', 'cpu'], 'webgpu') });
    h.loop.handle({ type: 'hello', version: 1, device: 'webgpu' });
    const ready = await h.waitFor((m) => m.type === 'ready');
    assert.equal(ready.type === 'ready' && ready.device.device, 'webgpu');
    h.loop.handle({ type: 'score', jobId: 'j', specs: [spec('a')], options: OPTIONS });
    await h.waitFor((m) => m.type === 'jobDone');
    assert.deepEqual(h.ofJob('j').map(summary).slice(1, 2), ['result 0 a cpu']);
    assert.ok(
        h.sent.some(
            (m) =>
                m.type === 'log' &&
                m.message === 'a session failed to run on webgpu (device lost); retrying on cpu',
        ),
    );
});

test('malformedRequestsAreAnsweredAndTheLoopKeepsGoing', async () => {
    const h = harness({ scorer: fakeScorer([]) });
    h.loop.handle(undefined);
    h.loop.handle({ type: 'score', jobId: 'bad', specs: [] });
    assert.deepEqual(h.sent.map(summary), [
        'log',
        'log',
        'failed malformed request: message.options must be an object, not undefined',
    ]);
    assert.match(
        h.sent[0].type === 'log' ? h.sent[0].message : '',
        /^ignored a malformed message from the host: message must be an object, not undefined$/,
    );
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu' });
    h.loop.handle({ type: 'selftest', jobId: 's', checks: ['nope'] });
    const failed = await h.waitFor((m) => m.type === 'jobFailed' && m.jobId === 's');
    assert.match(
        failed.type === 'jobFailed' ? failed.message : '',
        /^unknown self-test check 'nope' \(known: cnnTrainingBatchNormGradients, /,
    );
});

test('helloOfAnotherVersionIsFatalWithTheIncompatibleExitCode', () => {
    const h = harness();
    h.loop.handle({ type: 'hello', version: 2, device: 'cpu' });
    assert.equal(h.sent[0].type, 'fatal');
    assert.deepEqual(h.exits, [WORKER_EXIT_INCOMPATIBLE]);
});

test('shutdownExitsCleanlyAndDropsQueuedJobs', async () => {
    let open!: () => void;
    const h = harness({ scorer: fakeScorer([], new Promise<void>((r) => (open = r))) });
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu' });
    h.loop.handle({ type: 'score', jobId: 'a', specs: [spec('a')], options: OPTIONS });
    h.loop.handle({ type: 'score', jobId: 'b', specs: [spec('b')], options: OPTIONS });
    await h.waitFor((m) => m.type === 'progress');
    h.loop.handle({ type: 'shutdown' });
    assert.deepEqual(h.exits, [0]);
    open();
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(h.ofJob('b'), []);
});

test('aWorkerThatHasCreatedItsShareOfSessionsYieldsTheRestOfTheJobBetweenItems', async () => {
    const calls: string[] = [];
    const h = harness({ scorer: fakeScorer(calls, undefined, true) });
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu', recycleAfterSessions: 2 });
    const specs = ['a', 'a', 'b', 'c', 'd'].map(spec);
    h.loop.handle({ type: 'score', jobId: 'j', specs, options: OPTIONS });
    h.loop.handle({ type: 'score', jobId: 'behind', specs: [spec('z')], options: OPTIONS });
    await h.waitFor((m) => m.type === 'jobYield');
    await new Promise((r) => setTimeout(r, 5));
    // 'a' again is a cache hit, not a session: the worker yields after the second one created.
    assert.deepEqual(h.ofJob('j').map(summary), [
        "progress 0/5 scoring 'a'",
        'result 0 a cpu',
        "progress 1/5 scoring 'a'",
        'result 1 a cpu',
        "progress 2/5 scoring 'b'",
        'result 2 b cpu',
        'yield next=3 created=2',
    ]);
    assert.deepEqual(h.ofJob('behind').map(summary), [
        'failed the worker is being replaced by a fresh one',
    ]);
    assert.deepEqual(calls, ['a', 'a', 'b']);
});

test('aWornOutWorkerStillScoresARepeatOfTheItemItJustScored', async () => {
    const h = harness({ scorer: fakeScorer([], undefined, true) });
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu', recycleAfterSessions: 2 });
    const again = { ...spec('b'), name: 'b again' };
    h.loop.handle({
        type: 'score',
        jobId: 'j',
        specs: [spec('a'), spec('b'), again, spec('c')],
        options: OPTIONS,
    });
    await h.waitFor((m) => m.type === 'jobYield');
    assert.deepEqual(
        h
            .ofJob('j')
            .filter((m) => m.type !== 'progress')
            .map(summary),
        ['result 0 a cpu', 'result 1 b cpu', 'result 2 b again cpu', 'yield next=3 created=2'],
    );
});

test('aGpuWorkerIsNotSwapped', async () => {
    const h = harness({
        scorer: fakeScorer([], undefined, true),
        create: fakeCreate(['webgpu', 'cpu']),
    });
    h.loop.handle({ type: 'hello', version: 1, device: 'webgpu', recycleAfterSessions: 1 });
    h.loop.handle({
        type: 'score',
        jobId: 'j',
        specs: ['a', 'b', 'c'].map(spec),
        options: OPTIONS,
    });
    await h.waitFor((m) => m.type === 'jobDone');
    assert.equal(h.sent.filter((m) => m.type === 'jobYield').length, 0);
    assert.equal(h.ofJob('j').filter((m) => m.type === 'result').length, 3);
});

test('withoutRecycleAfterSessionsAWorkerNeverYields', async () => {
    const h = harness({ scorer: fakeScorer([], undefined, true) });
    h.loop.handle({ type: 'hello', version: 1, device: 'cpu' });
    h.loop.handle({
        type: 'score',
        jobId: 'j',
        specs: ['a', 'b', 'c'].map(spec),
        options: OPTIONS,
    });
    await h.waitFor((m) => m.type === 'jobDone');
    assert.equal(h.sent.filter((m) => m.type === 'jobYield').length, 0);
    assert.equal(h.ofJob('j').filter((m) => m.type === 'result').length, 3);
});
