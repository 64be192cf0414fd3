// Messages between a host (extension, CLI) and the engine worker process: the one place they are
// declared. Versioned; both sides validate what they receive (workerValidate.ts).
// Layering: src/protocol imports from src/ only src/core/spec (plain data: specs, score options and
// results, self-test results), and src/core never imports src/protocol (test/unit/layering.test.ts).
import type { DeviceName, ScoreResult } from '../core/spec/scoreResult';
import type { ScoreOptions } from '../core/spec/scoreOptions';
import type { SelfTestResult } from '../core/spec/selfTestResult';
import type { ArchitectureSpec } from '../core/spec/spec';

// Why re-exported: the payloads are core's types, but a host reads the whole wire vocabulary here.
export type { DataSourceSpec, ScoreOptions } from '../core/spec/scoreOptions';
export type { DeviceName, ScoreResult, WindowUsed } from '../core/spec/scoreResult';
export type { SelfTestResult } from '../core/spec/selfTestResult';

export const WORKER_PROTOCOL_VERSION = 1;

/** The worker's exit code when the host speaks another protocol version: restarting cannot help. */
export const WORKER_EXIT_INCOMPATIBLE = 3;

export type DeviceChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';

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
          readonly maxWorkerMemoryMb?: number;
          /**
           * After this many sessions created, a score job pauses between items (`jobYield`) so the
           * host can swap in a fresh worker; absent = never. Why: glibc's allocator makes each new
           * onnxruntime session slower as sessions come and go (docs/engine.md).
           */
          readonly recycleAfterSessions?: number;
      }
    | {
          readonly type: 'score';
          readonly jobId: string;
          readonly specs: readonly ArchitectureSpec[];
          readonly options: ScoreOptions;
      }
    /** `checks` selects self-test checks by name; absent = all of them. */
    | { readonly type: 'selftest'; readonly jobId: string; readonly checks?: readonly string[] }
    | { readonly type: 'cancel'; readonly jobId: string }
    | { readonly type: 'shutdown' };

export type WorkerMessage =
    | { readonly type: 'ready'; readonly version: number; readonly device: DeviceReport }
    /**
     * `done` items of `total` are finished; `message` names the item starting now, `estimateMiB` the
     * memory the worker expects to reach while scoring it (so the host can explain a crash).
     */
    | {
          readonly type: 'progress';
          readonly jobId: string;
          readonly done: number;
          readonly total: number;
          readonly message?: string;
          readonly estimateMiB?: number;
      }
    | {
          readonly type: 'result';
          readonly jobId: string;
          readonly index: number;
          readonly result: ScoreResult;
      }
    // Sent after each check (one or more per job); the host concatenates them in order.
    | {
          readonly type: 'selftestResult';
          readonly jobId: string;
          readonly results: readonly SelfTestResult[];
          readonly device: DeviceName;
      }
    | {
          readonly type: 'jobDone';
          readonly jobId: string;
          readonly cancelled: boolean;
          readonly cache?: SessionCacheStats;
      }
    | { readonly type: 'jobFailed'; readonly jobId: string; readonly message: string }
    /**
     * The score job stopped before item `next` because this worker has created its share of
     * sessions (hello's recycleAfterSessions): the host replaces the worker and sends the rest.
     */
    | {
          readonly type: 'jobYield';
          readonly jobId: string;
          readonly next: number;
          readonly cache: SessionCacheStats;
      }
    | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
    | { readonly type: 'fatal'; readonly message: string; readonly stack?: string };
