// Runtime validation of worker messages: every variant accepted when well formed, rejected with a
// reason that names the field when not, and the jobId of a rejected job request kept for the reply.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { HostMessage, ScoreResult, WorkerMessage } from '../../../src/protocol/worker';
import {
    validateHostMessage,
    validateWorkerMessage,
    versionMismatch,
} from '../../../src/protocol/workerValidate';

const options = {
    proxies: ['lswag'],
    data: { kind: 'npy', path: '/d/x.npy', labels: '/d/y.npy' },
    batch: 8,
    batches: 2,
    seed: 0,
    psiSamples: 4,
    window: [2, 7],
    gradientMode: 'perSample',
} as const;

const result: ScoreResult = {
    name: 'a',
    source: 'a.yaml:3',
    family: 'nb201',
    params: 10,
    flops: null,
    scores: { lswag: 1.5, zico: null },
    errors: [],
    device: 'cpu',
    seconds: 0.1,
};

const validHost: HostMessage[] = [
    { type: 'hello', version: 1, device: 'auto' },
    {
        type: 'hello',
        version: 1,
        device: 'webgpu',
        threads: 2,
        sessionCacheSize: 4,
        recycleAfterSessions: 200,
    },
    {
        type: 'score',
        jobId: 'j',
        specs: [{ family: 'layers', name: 'n', input: [3], classes: 2, layers: [] }],
        options,
    },
    { type: 'selftest', jobId: 'j' },
    { type: 'selftest', jobId: 'j', checks: ['cnnPerSampleGradients'] },
    { type: 'cancel', jobId: 'j' },
    { type: 'shutdown' },
];

const validWorker: WorkerMessage[] = [
    {
        type: 'ready',
        version: 1,
        device: { device: 'cpu', skipped: [{ device: 'cuda', reason: 'no library' }], threads: 2 },
    },
    { type: 'progress', jobId: 'j', done: 0, total: 3, message: "scoring 'a'" },
    { type: 'progress', jobId: 'j', done: 3, total: 3 },
    { type: 'result', jobId: 'j', index: 0, result },
    {
        type: 'selftestResult',
        jobId: 'j',
        results: [
            { name: 'c', what: 'w', error: Infinity, tolerance: 1e-3, passed: false, seconds: 0 },
        ],
        device: 'cpu',
    },
    { type: 'jobDone', jobId: 'j', cancelled: false },
    {
        type: 'jobDone',
        jobId: 'j',
        cancelled: true,
        cache: { created: 1, hits: 2, evicted: 0, cpuFallbacks: 0, size: 1 },
    },
    { type: 'jobFailed', jobId: 'j', message: 'm' },
    {
        type: 'jobYield',
        jobId: 'j',
        next: 3,
        cache: { created: 200, hits: 0, evicted: 192, cpuFallbacks: 0, size: 8 },
    },
    { type: 'log', level: 'warn', message: 'm' },
    { type: 'fatal', message: 'm', stack: 'Error: m\n    at x' },
];

test('everyWellFormedMessageIsAccepted', () => {
    for (const m of validHost) assert.deepEqual(validateHostMessage(m), { ok: true, message: m });
    for (const m of validWorker)
        assert.deepEqual(validateWorkerMessage(m), { ok: true, message: m });
});

test('extraFieldsAreIgnoredForwardCompatibly', () => {
    assert.equal(
        validateHostMessage({ type: 'shutdown', reason: 'later versions may say why' }).ok,
        true,
    );
});

test('malformedHostMessagesAreRejectedWithTheFieldAndWhy', () => {
    const cases: [unknown, string][] = [
        [null, 'message must be an object, not null'],
        [[1], 'message must be an object, not an array'],
        [
            { type: 'launch' },
            "message.type must be one of hello, score, selftest, cancel, shutdown, not 'launch'",
        ],
        [
            { version: 1 },
            'message.type must be one of hello, score, selftest, cancel, shutdown, not undefined',
        ],
        [
            { type: 'hello', version: 1, device: 'tpu' },
            "message.device must be one of auto, cpu, cuda, webgpu, not 'tpu'",
        ],
        [
            { type: 'hello', version: 1, device: 'cpu', threads: 0 },
            'message.threads must be an integer >= 1, not 0',
        ],
        [{ type: 'selftest', jobId: '' }, "message.jobId must be a non-empty string, not ''"],
        [
            { type: 'score', jobId: 'j', specs: [{ family: 'resnet', name: 'r' }], options },
            "message.specs[0].family must be one of nb201, nb101, darts, darts-supernet, autoformer, layers, onnx, graph, not 'resnet'",
        ],
        [
            { type: 'score', jobId: 'j', specs: [], options: { ...options, batch: 1.5 } },
            'message.options.batch must be an integer >= 1, not 1.5',
        ],
        [
            { type: 'score', jobId: 'j', specs: [], options: { ...options, psiSamples: 0 } },
            'message.options.psiSamples must be an integer >= 1, not 0',
        ],
        [
            {
                type: 'score',
                jobId: 'j',
                specs: [],
                options: { ...options, gradientMode: 'perBatch' },
            },
            "message.options.gradientMode must be one of batches, perSample, not 'perBatch'",
        ],
        [
            { type: 'score', jobId: 'j', specs: [], options: { ...options, window: [1] } },
            'message.options.window must have 2 items, not 1',
        ],
        [
            {
                type: 'score',
                jobId: 'j',
                specs: [],
                options: { ...options, data: { kind: 'images' } },
            },
            'message.options.data.path must be a non-empty string, not undefined',
        ],
        [
            {
                type: 'score',
                jobId: 'j',
                specs: [],
                options: { ...options, data: { kind: 'ftp' } },
            },
            "message.options.data.kind must be one of synthetic, images, cifar, npy, not 'ftp'",
        ],
    ];
    for (const [value, reason] of cases) {
        const v = validateHostMessage(value);
        assert.equal(v.ok, false, JSON.stringify(value));
        assert.equal(!v.ok && v.reason, reason);
    }
});

test('aRejectedJobRequestKeepsItsJobIdForTheReply', () => {
    const v = validateHostMessage({ type: 'score', jobId: 'job-7', specs: 'x', options });
    assert.deepEqual(v, {
        ok: false,
        reason: "message.specs must be an array, not 'x'",
        jobId: 'job-7',
    });
    const noId = validateHostMessage({ type: 'score', specs: [] });
    assert.equal('jobId' in noId, false);
});

test('malformedWorkerMessagesAreRejectedWithTheFieldAndWhy', () => {
    const cases: [unknown, string][] = [
        [
            { type: 'ready', version: 1, device: { device: 'tpu', skipped: [], threads: 1 } },
            "message.device.device must be one of cpu, cuda, webgpu, not 'tpu'",
        ],
        [
            { type: 'result', jobId: 'j', index: -1, result },
            'message.index must be an integer >= 0, not -1',
        ],
        [
            { type: 'result', jobId: 'j', index: 0, result: { ...result, scores: { a: '1' } } },
            "message.result.scores.a must be a number, not '1'",
        ],
        [
            { type: 'jobDone', jobId: 'j', cancelled: 'no' },
            "message.cancelled must be a boolean, not 'no'",
        ],
        [
            { type: 'jobYield', jobId: 'j', next: 2 },
            'message.cache must be an object, not undefined',
        ],
        [
            { type: 'log', level: 'debug', message: 'm' },
            "message.level must be one of info, warn, error, not 'debug'",
        ],
        [
            { type: 'hello', version: 1, device: 'cpu' },
            "message.type must be one of ready, progress, result, selftestResult, jobDone, jobFailed, jobYield, log, fatal, not 'hello'",
        ],
    ];
    for (const [value, reason] of cases) {
        const v = validateWorkerMessage(value);
        assert.equal(!v.ok && v.reason, reason, JSON.stringify(value));
    }
});

test('versionMismatchNamesBothVersionsAndTheFix', () => {
    assert.equal(versionMismatch('host', 1, 1), undefined);
    assert.match(
        versionMismatch('host', 2, 1)!,
        /^protocol version mismatch: the host speaks version 2, this build speaks 1 \(.*rebuild or reinstall\)$/,
    );
});
