// Fuzz targets of the message boundaries: host-to-worker and worker-to-host messages through their
// validators, random message sequences (malformed, out of order) through the worker's loop, and
// webview messages through webviewValidate. Validators never throw and give a reason; the loop
// never throws, sends only valid messages and ends every accepted job exactly once.
import { tensor } from '../../../src/core/ir/tensor';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import type { Rng } from '../../../src/core/util/rng';
import { validateWebviewMessage } from '../../../src/protocol/webviewValidate';
import {
    type HostMessage,
    type ScoreOptions,
    type WorkerMessage,
    WORKER_PROTOCOL_VERSION,
} from '../../../src/protocol/worker';
import {
    type Validated,
    validateHostMessage,
    validateWorkerMessage,
} from '../../../src/protocol/workerValidate';
import type { CreateSession } from '../../../src/worker/devices';
import { failedResult } from '../../../src/core/spec/scoreResult';
import { WorkerLoop } from '../../../src/worker/workerLoop';
import type { FuzzTarget } from '../harness';
import { mutateValue, pick } from '../mutators';

const OPTIONS: ScoreOptions = {
    proxies: ['params', 'lswag'],
    data: { kind: 'synthetic' },
    batch: 4,
    batches: 2,
    seed: 0,
    psiSamples: 2,
    gradientMode: 'batches',
    window: [0, 9],
};
const SPEC: ArchitectureSpec = {
    family: 'layers',
    name: 'n',
    input: [3],
    classes: 2,
    layers: [{ type: 'linear', out: 2 }],
};

export const HOST_SEEDS: HostMessage[] = [
    {
        type: 'hello',
        version: WORKER_PROTOCOL_VERSION,
        device: 'cpu',
        threads: 1,
        sessionCacheSize: 2,
    },
    { type: 'score', jobId: 'j1', specs: [SPEC, { ...SPEC, name: 'm' }], options: OPTIONS },
    { type: 'selftest', jobId: 'j2', checks: ['x'] },
    { type: 'cancel', jobId: 'j1' },
    { type: 'shutdown' },
];

const RESULT = {
    name: 'n',
    source: 'a.py:3',
    family: 'layers',
    params: 6,
    flops: 6,
    scores: { params: 6, lswag: null },
    errors: ['lswag: x'],
    device: 'cpu',
    seconds: 0.1,
    window: { lo: 0, hi: 9, source: 'option' },
} as const;
const WORKER_SEEDS: WorkerMessage[] = [
    {
        type: 'ready',
        version: 1,
        device: { device: 'cpu', skipped: [{ device: 'cuda', reason: 'absent' }], threads: 2 },
    },
    { type: 'progress', jobId: 'j', done: 1, total: 2, message: 'scoring' },
    { type: 'result', jobId: 'j', index: 0, result: RESULT },
    {
        type: 'selftestResult',
        jobId: 'j',
        results: [{ name: 'a', what: 'b', error: 0, tolerance: 1e-3, passed: true, seconds: 1 }],
        device: 'cpu',
    },
    {
        type: 'jobDone',
        jobId: 'j',
        cancelled: false,
        cache: { created: 1, hits: 0, evicted: 0, cpuFallbacks: 0, size: 1 },
    },
    { type: 'jobFailed', jobId: 'j', message: 'm' },
    { type: 'log', level: 'warn', message: 'w' },
    { type: 'fatal', message: 'f', stack: 's' },
];

/** A validator's answer must be a verdict: ok with the same message, or a short reason. */
function checkVerdict<T>(
    input: unknown,
    v: Validated<T> | { ok: boolean; reason?: string; message?: unknown },
): void {
    if (v.ok) {
        if (typeof v.message !== 'object' || v.message === null)
            throw new Error('ok without a message object');
        return;
    }
    const reason = (v as { reason?: unknown }).reason;
    if (typeof reason !== 'string' || reason.length === 0 || reason.length > 1000)
        throw new Error(`bad reason: ${String(reason).slice(0, 200)}`);
    void input;
}

export const hostMessageTarget: FuzzTarget<unknown> = {
    name: 'hostMessage',
    fixed: () => [
        ...HOST_SEEDS,
        undefined,
        null,
        'hello',
        42,
        [],
        {},
        { type: '__proto__' },
        { type: 'constructor' },
        { type: 'toString' },
    ],
    draw: (rng) => mutateValue(rng, pick(rng, HOST_SEEDS)),
    check: (m) => checkVerdict(m, validateHostMessage(m)),
};

export const workerMessageTarget: FuzzTarget<unknown> = {
    name: 'workerMessage',
    fixed: () => [...WORKER_SEEDS, undefined, null, { type: 'hasOwnProperty' }],
    draw: (rng) => mutateValue(rng, pick(rng, WORKER_SEEDS)),
    check: (m) => checkVerdict(m, validateWorkerMessage(m)),
};

const WEBVIEW_SEEDS = [
    { type: 'ready' },
    { type: 'openSource', source: '/w/a.py:3' },
    { type: 'exportCsv' },
    { type: 'exportJson' },
];
const WEBVIEW_FIELDS: Record<string, string[]> = {
    ready: ['type'],
    openSource: ['type', 'source'],
    exportCsv: ['type'],
    exportJson: ['type'],
};

export const webviewMessageTarget: FuzzTarget<unknown> = {
    name: 'webviewMessage',
    fixed: () => [
        ...WEBVIEW_SEEDS,
        { type: 'openSource', source: 'x'.repeat(5000) },
        { type: 'openSource', source: 'a\0b' },
        { type: '__proto__' },
        null,
        [],
        'ready',
    ],
    draw: (rng) => mutateValue(rng, pick(rng, WEBVIEW_SEEDS)),
    check: (m) => {
        const v = validateWebviewMessage(m);
        checkVerdict(m, v);
        if (!v.ok) return;
        // Accepted means exactly the declared fields, of the declared kinds.
        const fields = Object.keys(v.message).sort();
        if (fields.join() !== WEBVIEW_FIELDS[v.message.type].sort().join())
            throw new Error(`accepted fields ${fields}`);
        if (
            v.message.type === 'openSource' &&
            (typeof v.message.source !== 'string' || v.message.source.length === 0)
        )
            throw new Error('accepted a bad source');
    },
};

/** Sessions that always work: the loop's bookkeeping is under test, not onnxruntime. */
const fakeCreate: CreateSession = async () => ({
    inputNames: ['x'],
    outputNames: ['y'],
    run: async () => ({ y: tensor('float32', [2], [2, 0]) }),
    release: async () => undefined,
});

/** A run of raw messages: valid ones in any order, mutated ones, and job ids that repeat. */
function drawSequence(rng: Rng): unknown[] {
    const ids = ['a', 'b', 'c'];
    const valid = (): HostMessage => {
        const seed = pick(rng, HOST_SEEDS);
        return 'jobId' in seed ? ({ ...seed, jobId: pick(rng, ids) } as HostMessage) : seed;
    };
    return Array.from({ length: 1 + rng.int(12) }, () =>
        rng.int(3) === 0 ? mutateValue(rng, valid()) : valid(),
    );
}

const settle = async () => {
    for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
};

export const workerLoopTarget: FuzzTarget<unknown[]> = {
    name: 'workerLoop',
    fixed: () => [
        [HOST_SEEDS[1]],
        [HOST_SEEDS[0], HOST_SEEDS[0], HOST_SEEDS[1], HOST_SEEDS[1], HOST_SEEDS[3]],
        [HOST_SEEDS[4], HOST_SEEDS[0], HOST_SEEDS[1]],
    ],
    draw: drawSequence,
    check: async (sequence) => {
        const sent: WorkerMessage[] = [];
        let exited = false;
        const loop = new WorkerLoop({
            send: (m) => sent.push(m),
            exit: () => (exited = true),
            create: fakeCreate,
            scorer: async (spec, job) => failedResult(spec, job.options.proxies, 'fake', 'cpu', 0),
        });
        const idsSent = new Map<string, number>();
        const deliver = async (m: unknown, k: number) => {
            const id = (m as { jobId?: unknown } | null)?.jobId;
            if (typeof id === 'string') idsSent.set(id, (idsSent.get(id) ?? 0) + 1);
            loop.handle(m);
            // Why: some messages arrive while a job runs, some between jobs.
            if (k % 3 === 0) await settle();
        };
        for (const [k, m] of sequence.entries()) await deliver(m, k);
        await settle();
        if (!exited) {
            // Liveness: whatever came before, a fresh hello and job still get exactly one answer.
            await deliver(HOST_SEEDS[0], 0);
            await deliver({ ...HOST_SEEDS[1], jobId: 'final' }, 1);
            await settle();
            const ends = sent.filter(
                (m) => (m.type === 'jobDone' || m.type === 'jobFailed') && m.jobId === 'final',
            );
            const results = sent.filter((m) => m.type === 'result' && m.jobId === 'final');
            if (ends.length !== 1 || ends[0].type !== 'jobDone' || results.length !== 2)
                throw new Error(
                    `the loop is wedged: final job got ${ends.length} ends, ${results.length} results`,
                );
        }
        for (const m of sent) {
            const v = validateWorkerMessage(m);
            if (!v.ok) throw new Error(`the worker sent an invalid message: ${v.reason}`);
        }
        // Safety: no job ends more often than messages named it.
        const ends = new Map<string, number>();
        for (const m of sent)
            if (m.type === 'jobDone' || m.type === 'jobFailed')
                ends.set(m.jobId, (ends.get(m.jobId) ?? 0) + 1);
        for (const [id, n] of ends)
            if (n > (idsSent.get(id) ?? 0))
                throw new Error(
                    `job '${id}' ended ${n} times for ${idsSent.get(id) ?? 0} messages`,
                );
    },
    describe: (s) =>
        JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(0, 200) ?? '',
};
