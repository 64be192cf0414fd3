// What an engine job takes and gives back on the host side: callbacks, outcomes, the job's promise.
import type {
    DeviceName,
    ScoreResult,
    SelfTestResult,
    SessionCacheStats,
} from '../protocol/worker';

export interface JobProgress {
    readonly done: number;
    readonly total: number;
    readonly message?: string;
}

export interface ScoreHandlers {
    readonly onProgress?: (progress: JobProgress) => void;
    readonly onResult?: (result: ScoreResult, index: number) => void;
}

/** Which checks to run (all when `checks` is absent) and what to tell the caller on the way. */
export interface SelftestRequest {
    readonly checks?: readonly string[];
    readonly onProgress?: (progress: JobProgress) => void;
    /** One check's result and the device that ran it (cpu when a GPU session fell back). */
    readonly onResult?: (result: SelfTestResult, device: DeviceName) => void;
}

export interface ScoreOutcome {
    /**
     * In spec order, one per spec; on a cancel, the results received before it. A candidate the
     * engine could not score (it took the worker down twice, or the engine gave up) carries the
     * reason in `errors`.
     */
    readonly results: ScoreResult[];
    readonly cancelled: boolean;
    /** Counters summed over the workers this client recycled, plus the current one's. */
    readonly cache?: SessionCacheStats;
}

export interface SelftestOutcome {
    readonly results: SelfTestResult[];
    readonly cancelled: boolean;
    /** The device of the last check (cpu when a GPU session fell back). */
    readonly device?: DeviceName;
    readonly cache?: SessionCacheStats;
}

/** A job's promise, carrying the id that `cancel` takes. */
export type JobPromise<T> = Promise<T> & { readonly jobId: string };
