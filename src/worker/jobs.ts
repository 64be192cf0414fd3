// The bodies of the worker's two jobs, self-test and score: one item at a time, a progress event
// before and after each, the cancel flag checked between items (soft cancel never interrupts a run).
import { type SelfTestCheck, runSelfTest, selfTestChecks } from '../core/selftest/selfTest';
import type { CompileModel } from '../core/onnx/runnable';
import type { ArchitectureSpec } from '../core/spec/spec';
import { failedResult } from '../core/spec/scoreResult';
import type { DeviceName, ScoreOptions, ScoreResult, WorkerMessage } from '../protocol/worker';
import { describeEstimate, estimateScoreMemory, overLimit, withWorkerMiB } from './memoryEstimate';

/** What a job needs from the worker's engine (the session cache, in production). */
export interface JobEngine {
    readonly device: DeviceName;
    readonly compile: CompileModel;
    /** The worker's memory limit (hello's maxWorkerMemoryMb): models estimated over it are refused. */
    readonly maxWorkerMemoryMb?: number;
    /** Devices that ran something since the last call. */
    takeUsedDevices(): Set<DeviceName>;
    /** True once this worker should be replaced by a fresh one (hello's recycleAfterSessions). */
    readonly isWornOut?: () => boolean;
}

/** How a score job ended: all items done, stopped by a cancel, or paused before `next` for a fresh worker. */
export type ScoreJobEnd =
    | { readonly kind: 'done' }
    | { readonly kind: 'cancelled' }
    | { readonly kind: 'yield'; readonly next: number };

export interface JobContext {
    readonly jobId: string;
    readonly engine: JobEngine;
    readonly send: (message: WorkerMessage) => void;
    readonly isCancelled: () => boolean;
}

/**
 * What the worker passes to the scorer for one spec. The core's `scoreSpec(spec, ScoreContext)`
 * also wants `data`; `createScorer` (scorer.ts) adds the worker's data loader.
 */
export interface SpecJob {
    readonly compile: CompileModel;
    readonly options: ScoreOptions;
    readonly device: DeviceName;
    readonly isCancelled: () => boolean;
}

export type SpecScorer = (spec: ArchitectureSpec, job: SpecJob) => Promise<ScoreResult>;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The self-test checks named in `names` (all when absent); throws on an unknown name. */
export function selectChecks(
    names: readonly string[] | undefined,
    all: readonly SelfTestCheck[] = selfTestChecks,
): SelfTestCheck[] {
    if (names === undefined) return [...all];
    return names.map((name) => {
        const check = all.find((c) => c.name === name);
        if (!check)
            throw new Error(
                `unknown self-test check '${name}' (known: ${all.map((c) => c.name).join(', ')})`,
            );
        return check;
    });
}

/** Runs the checks one by one; returns true when it stopped early because of a cancel. */
export async function runSelftestJob(
    ctx: JobContext,
    checks: readonly SelfTestCheck[],
): Promise<boolean> {
    const { jobId, send } = ctx;
    const total = checks.length;
    for (let i = 0; i < total; i++) {
        if (ctx.isCancelled()) return true;
        send({ type: 'progress', jobId, done: i, total, message: `checking '${checks[i].name}'` });
        ctx.engine.takeUsedDevices();
        let results;
        try {
            results = await runSelfTest(ctx.engine.compile, undefined, [checks[i]]);
        } catch (e) {
            throw new Error(`self-test check '${checks[i].name}' failed to run: ${messageOf(e)}`);
        }
        send({ type: 'selftestResult', jobId, results, device: deviceUsed(ctx.engine) });
    }
    send({ type: 'progress', jobId, done: total, total });
    return false;
}

/** Scores the specs in order, checking between items for a cancel and for a worn-out worker. */
export async function runScoreJob(
    ctx: JobContext,
    specs: readonly ArchitectureSpec[],
    options: ScoreOptions,
    scorer: SpecScorer,
): Promise<ScoreJobEnd> {
    const { jobId, send, engine } = ctx;
    const total = specs.length;
    for (let i = 0; i < total; i++) {
        if (ctx.isCancelled()) return { kind: 'cancelled' };
        // Why not before a repeat of the item just scored: its sessions are in this worker's cache.
        if (engine.isWornOut?.() && !(i > 0 && sameArchitecture(specs[i], specs[i - 1])))
            return { kind: 'yield', next: i };
        const spec = specs[i];
        const memory =
            engine.maxWorkerMemoryMb === undefined
                ? undefined
                : preflight(spec, options, engine.maxWorkerMemoryMb);
        const detail = memory?.detail ? ` (${memory.detail})` : '';
        const estimateMiB = memory?.estimateMiB;
        send({
            type: 'progress',
            jobId,
            done: i,
            total,
            message: `scoring '${spec.name}'${detail}`,
            ...(estimateMiB !== undefined ? { estimateMiB } : {}),
        });
        engine.takeUsedDevices();
        const start = performance.now();
        let result: ScoreResult;
        try {
            if (memory?.refusal) throw new Error(memory.refusal);
            const job = {
                compile: engine.compile,
                options,
                device: engine.device,
                isCancelled: ctx.isCancelled,
            };
            result = await scorer(spec, job);
        } catch (e) {
            if (ctx.isCancelled()) return { kind: 'cancelled' };
            const seconds = (performance.now() - start) / 1000;
            result = failedResult(spec, options.proxies, messageOf(e), engine.device, seconds);
        }
        const device = deviceUsed(engine);
        send({
            type: 'result',
            jobId,
            index: i,
            result: device === result.device ? result : { ...result, device },
        });
    }
    send({ type: 'progress', jobId, done: total, total });
    return { kind: 'done' };
}

/** Same definition apart from name and source (so the same compiled models). */
function sameArchitecture(a: ArchitectureSpec, b: ArchitectureSpec): boolean {
    const key = ({ name: _n, source: _s, ...rest }: ArchitectureSpec) => JSON.stringify(rest);
    return key(a) === key(b);
}

/**
 * The memory estimate of one spec against the limit: a description for progress messages (so a
 * crash report can name batch and model size) and, when it does not fit, why it is refused.
 * A spec that cannot be built gets neither: scoring reports that error itself.
 */
function preflight(
    spec: ArchitectureSpec,
    options: ScoreOptions,
    limitMb: number,
): { detail?: string; refusal?: string; estimateMiB?: number } {
    try {
        const e = estimateScoreMemory(spec, options);
        return {
            detail: describeEstimate(e, options),
            refusal: overLimit(spec, e, options, limitMb),
            estimateMiB: Math.ceil(withWorkerMiB(e)),
        };
    } catch {
        return {};
    }
}

/** The engine's device, or cpu when any session had to fall back to it since the last check. */
function deviceUsed(engine: JobEngine): DeviceName {
    return engine.takeUsedDevices().has('cpu') ? 'cpu' : engine.device;
}
