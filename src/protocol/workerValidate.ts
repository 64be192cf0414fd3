// Runtime checks of every message that crosses the worker boundary (worker.ts declares them). Both
// sides validate what they receive: a malformed or unknown message is rejected with a reason, never cast.
import {
    DEVICE_CHOICES,
    DEVICE_NAMES,
    GRADIENT_MODES,
    OPTION_MINIMUMS as MIN,
} from './scoreLimits';
import type { HostMessage, WorkerMessage } from './worker';
import { VIT_ACTIVATIONS } from '../core/spec/scoreOptions';

/** A checked message, or why it was rejected (with its jobId when one could be read). */
export type Validated<T> =
    | { readonly ok: true; readonly message: T }
    | { readonly ok: false; readonly reason: string; readonly jobId?: string };

/** Returns why `value` (found at `path`) is wrong, or undefined when it is right. */
type Check = (value: unknown, path: string) => string | undefined;
type Shape = Readonly<Record<string, Check>>;

/** Names a wrong value in a reason: strings quoted (cut at 40), numbers as written, else the kind. */
function describe(v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return typeof v;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, p) =>
    typeof v === 'string' ? undefined : `${p} must be a string, not ${describe(v)}`;
const nonEmpty: Check = (v, p) =>
    typeof v === 'string' && v.length > 0
        ? undefined
        : `${p} must be a non-empty string, not ${describe(v)}`;
/** Any number, NaN and Infinity included (measured errors may be either). */
const num: Check = (v, p) =>
    typeof v === 'number' ? undefined : `${p} must be a number, not ${describe(v)}`;
const bool: Check = (v, p) =>
    typeof v === 'boolean' ? undefined : `${p} must be a boolean, not ${describe(v)}`;
const int =
    (min: number): Check =>
    (v, p) =>
        Number.isInteger(v) && (v as number) >= min
            ? undefined
            : `${p} must be an integer >= ${min}, not ${describe(v)}`;
const oneOf =
    (...values: readonly string[]): Check =>
    (v, p) =>
        typeof v === 'string' && values.includes(v)
            ? undefined
            : `${p} must be one of ${values.join(', ')}, not ${describe(v)}`;
const optional =
    (check: Check): Check =>
    (v, p) =>
        v === undefined ? undefined : check(v, p);
const nullable =
    (check: Check): Check =>
    (v, p) =>
        v === null ? undefined : check(v, p);
const arrayOf =
    (check: Check, length?: number): Check =>
    (v, p) => {
        if (!Array.isArray(v)) return `${p} must be an array, not ${describe(v)}`;
        if (length !== undefined && v.length !== length)
            return `${p} must have ${length} items, not ${v.length}`;
        for (let i = 0; i < v.length; i++) {
            const why = check(v[i], `${p}[${i}]`);
            if (why) return why;
        }
        return undefined;
    };
const recordOf =
    (check: Check): Check =>
    (v, p) => {
        if (!isRecord(v)) return `${p} must be an object, not ${describe(v)}`;
        for (const [k, item] of Object.entries(v)) {
            const why = check(item, `${p}.${k}`);
            if (why) return why;
        }
        return undefined;
    };
/** Checks the listed fields; other fields are ignored (a newer peer may add optional ones). */
const object =
    (shape: Shape): Check =>
    (v, p) => {
        if (!isRecord(v)) return `${p} must be an object, not ${describe(v)}`;
        for (const [k, check] of Object.entries(shape)) {
            const why = check(v[k], `${p}.${k}`);
            if (why) return why;
        }
        return undefined;
    };
/** A union discriminated by `key`; each variant lists its fields besides the key. */
const tagged =
    (key: string, variants: Readonly<Record<string, Shape>>): Check =>
    (v, p) => {
        if (!isRecord(v)) return `${p} must be an object, not ${describe(v)}`;
        const tag = v[key];
        if (typeof tag !== 'string' || !Object.hasOwn(variants, tag)) {
            return `${p}.${key} must be one of ${Object.keys(variants).join(', ')}, not ${describe(tag)}`;
        }
        return object(variants[tag])(v, p);
    };

const device = oneOf(...DEVICE_NAMES);
const family = oneOf(
    'nb201',
    'nb101',
    'darts',
    'darts-supernet',
    'autoformer',
    'layers',
    'onnx',
    'graph',
);
const jobId = nonEmpty;

const dataSource = tagged('kind', {
    synthetic: {},
    images: { path: nonEmpty },
    cifar: { path: nonEmpty },
    npy: { path: nonEmpty, labels: optional(nonEmpty) },
});

const scoreOptions = object({
    proxies: arrayOf(nonEmpty),
    data: dataSource,
    batch: int(MIN.batch),
    batches: int(MIN.batches),
    seed: int(MIN.seed),
    psiSamples: int(MIN.psiSamples),
    window: optional(arrayOf(int(MIN.windowBin), 2)),
    gradientMode: oneOf(...GRADIENT_MODES),
    vitActivations: optional(oneOf(...VIT_ACTIVATIONS)),
    calibratedWindows: optional(recordOf(arrayOf(int(MIN.windowBin), 2))),
    collectProfile: optional(bool),
});

/** Why only the family and name: a spec's other fields are checked by its space builder, per spec. */
const spec = object({ family, name: str });

const hostShapes: Readonly<Record<HostMessage['type'], Shape>> = {
    hello: {
        version: int(0),
        device: oneOf(...DEVICE_CHOICES),
        threads: optional(int(MIN.threads)),
        sessionCacheSize: optional(int(1)),
        maxWorkerMemoryMb: optional(int(MIN.maxWorkerMemoryMb)),
        recycleAfterSessions: optional(int(1)),
    },
    score: { jobId, specs: arrayOf(spec), options: scoreOptions },
    selftest: { jobId, checks: optional(arrayOf(nonEmpty)) },
    cancel: { jobId },
    shutdown: {},
};

const deviceReport = object({
    device,
    skipped: arrayOf(object({ device, reason: str })),
    threads: int(1),
});

const scoreResult = object({
    name: str,
    source: str,
    family,
    params: nullable(num),
    flops: nullable(num),
    scores: recordOf(nullable(num)),
    errors: arrayOf(str),
    device,
    seconds: num,
    window: optional(
        object({ lo: int(0), hi: int(0), source: oneOf('option', 'calibrated', 'all bins') }),
    ),
    layerProfile: optional(arrayOf(object({ bin: int(0), value: num }))),
    lswagParts: optional(object({ lambdaPerBin: arrayOf(num), psiUpTo: arrayOf(num) })),
});

const selfTestResult = object({
    name: str,
    what: str,
    error: num,
    tolerance: num,
    passed: bool,
    seconds: num,
});

const cacheStats = object({
    created: int(0),
    hits: int(0),
    evicted: int(0),
    cpuFallbacks: int(0),
    size: int(0),
});

const workerShapes: Readonly<Record<WorkerMessage['type'], Shape>> = {
    ready: { version: int(0), device: deviceReport },
    progress: {
        jobId,
        done: int(0),
        total: int(0),
        message: optional(str),
        estimateMiB: optional(num),
    },
    result: { jobId, index: int(0), result: scoreResult },
    selftestResult: { jobId, results: arrayOf(selfTestResult), device },
    jobDone: { jobId, cancelled: bool, cache: optional(cacheStats) },
    jobFailed: { jobId, message: str },
    jobYield: { jobId, next: int(0), cache: cacheStats },
    log: { level: oneOf('info', 'warn', 'error'), message: str },
    fatal: { message: str, stack: optional(str) },
};

function validate<T>(
    value: unknown,
    shapes: Readonly<Record<string, Shape>>,
    what: string,
): Validated<T> {
    const reason = tagged('type', shapes)(value, what);
    if (reason === undefined) return { ok: true, message: value as T };
    const id =
        isRecord(value) && typeof value.jobId === 'string' && value.jobId !== ''
            ? value.jobId
            : undefined;
    return id === undefined ? { ok: false, reason } : { ok: false, reason, jobId: id };
}

/** Checks a message the worker received from its host. */
export function validateHostMessage(value: unknown): Validated<HostMessage> {
    return validate<HostMessage>(value, hostShapes, 'message');
}

/** Checks a message the host received from the worker. */
export function validateWorkerMessage(value: unknown): Validated<WorkerMessage> {
    return validate<WorkerMessage>(value, workerShapes, 'message');
}

/** Why a peer's protocol version cannot be used, or undefined when it matches this build's. */
export function versionMismatch(peer: string, theirs: number, ours: number): string | undefined {
    if (theirs === ours) return undefined;
    return (
        `protocol version mismatch: the ${peer} speaks version ${theirs}, this build speaks ${ours} ` +
        '(the extension and its worker come from different builds; rebuild or reinstall)'
    );
}
