// Messages between a host (extension, CLI) and the engine worker process: the one place they are
// declared. Versioned; both sides validate what they receive (workerValidate.ts).
import type { SelfTestResult } from '../core/selftest/selfTest';
import type { ArchitectureSpec } from '../core/spec/spec';

export const WORKER_PROTOCOL_VERSION = 1;

/** The worker's exit code when the host speaks another protocol version: restarting cannot help. */
export const WORKER_EXIT_INCOMPATIBLE = 3;

export type DeviceChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export type DeviceName = 'cpu' | 'cuda' | 'webgpu';

/** Where the data batches come from. Paths are absolute. */
export type DataSourceSpec =
    | { readonly kind: 'synthetic' }
    | { readonly kind: 'images'; readonly path: string }
    | { readonly kind: 'cifar'; readonly path: string }
    | { readonly kind: 'npy'; readonly path: string; readonly labels?: string };

export interface ScoreOptions {
    /** Proxy ids (names as docs/proxies.md spells them). */
    readonly proxies: readonly string[];
    readonly data: DataSourceSpec;
    /** Rows per mini-batch (B). */
    readonly batch: number;
    /** Mini-batches (N) for gradient statistics. */
    readonly batches: number;
    readonly seed: number;
    /** Samples S of batch 1 used for sign patterns (swap, lswag's Psi). */
    readonly psiSamples: number;
    /** L-SWAG depth-bin window [lo, hi]; absent = the calibrated window of the space, else all bins. */
    readonly window?: readonly [number, number];
    /** 'batches' (N mini-batches, the default) or 'perSample' (N = B single samples). */
    readonly gradientMode: 'batches' | 'perSample';
    /** Calibrated windows by search space (`lswag calibrate`); used when `window` is absent. */
    readonly calibratedWindows?: Readonly<Record<string, readonly [number, number]>>;
    /** Return each architecture's per-layer mean log std of |g| (window calibration). */
    readonly collectProfile?: boolean;
}

/** The L-SWAG window a result used, and where it came from. */
export interface WindowUsed {
    readonly lo: number;
    readonly hi: number;
    readonly source: 'option' | 'calibrated' | 'all bins';
}

/** What the worker found about execution providers (probed once per worker). */
export interface DeviceReport {
    readonly device: DeviceName;
    /** Why each provider before the chosen one was skipped. */
    readonly skipped: readonly { readonly device: DeviceName; readonly reason: string }[];
    readonly threads: number;
}

/** Compiled-session cache counters of one worker (cumulative since it started). */
export interface SessionCacheStats {
    /** Sessions created (a GPU-to-CPU retry counts again). */
    readonly created: number;
    /** Compiles answered from the cache. */
    readonly hits: number;
    /** Sessions evicted by the LRU bound. */
    readonly evicted: number;
    /** Sessions that failed on the GPU and were recreated on the CPU. */
    readonly cpuFallbacks: number;
    /** Sessions held now. */
    readonly size: number;
}

export interface ScoreResult {
    readonly name: string;
    /** `file:line` (1-based line), or the spec name when it has no source. */
    readonly source: string;
    readonly family: ArchitectureSpec['family'];
    readonly params: number | null;
    readonly flops: number | null;
    /** null where a proxy could not be computed (NaN/Inf or an error); `errors` says why. */
    readonly scores: Readonly<Record<string, number | null>>;
    readonly errors: readonly string[];
    readonly device: DeviceName;
    readonly seconds: number;
    readonly window?: WindowUsed;
    /** Per weight layer: depth bin and mean over weights of log sqrt(Var_i(|g|)), when asked. */
    readonly layerProfile?: readonly { readonly bin: number; readonly value: number }[];
    /** With collectProfile and lswag: Lambda per bin and Psi up to each bin (any window offline). */
    readonly lswagParts?: { readonly lambdaPerBin: readonly number[]; readonly psiUpTo: readonly number[] };
}

export type HostMessage =
    | {
          readonly type: 'hello';
          readonly version: number;
          readonly device: DeviceChoice;
          /** onnxruntime intra-op threads; absent = min(4, CPU count). */
          readonly threads?: number;
          /** Compiled sessions kept (LRU); absent = 8. */
          readonly sessionCacheSize?: number;
          /** The host kills the worker above this resident memory: models estimated over it are refused. */
          readonly memoryLimitMb?: number;
          /**
           * After this many sessions created, a score job pauses between items (`jobYield`) so the
           * host can swap in a fresh worker; absent = never. Why: glibc's allocator makes each new
           * onnxruntime session slower as sessions come and go (docs/engine.md).
           */
          readonly recycleAfterSessions?: number;
      }
    | { readonly type: 'score'; readonly jobId: string; readonly specs: readonly ArchitectureSpec[]; readonly options: ScoreOptions }
    /** `checks` selects self-test checks by name; absent = all of them. */
    | { readonly type: 'selftest'; readonly jobId: string; readonly checks?: readonly string[] }
    | { readonly type: 'cancel'; readonly jobId: string }
    | { readonly type: 'shutdown' };

export type WorkerMessage =
    | { readonly type: 'ready'; readonly version: number; readonly device: DeviceReport }
    /** `done` items of `total` are finished; `message` names the item starting now. */
    | { readonly type: 'progress'; readonly jobId: string; readonly done: number; readonly total: number; readonly message?: string }
    | { readonly type: 'result'; readonly jobId: string; readonly index: number; readonly result: ScoreResult }
    // Sent after each check (one or more per job); the host concatenates them in order.
    | { readonly type: 'selftestResult'; readonly jobId: string; readonly results: readonly SelfTestResult[]; readonly device: DeviceName }
    | { readonly type: 'jobDone'; readonly jobId: string; readonly cancelled: boolean; readonly cache?: SessionCacheStats }
    | { readonly type: 'jobFailed'; readonly jobId: string; readonly message: string }
    /**
     * The score job stopped before item `next` because this worker has created its share of
     * sessions (hello's recycleAfterSessions): the host replaces the worker and sends the rest.
     */
    | { readonly type: 'jobYield'; readonly jobId: string; readonly next: number; readonly cache: SessionCacheStats }
    | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
    | { readonly type: 'fatal'; readonly message: string; readonly stack?: string };
