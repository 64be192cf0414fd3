// What the host says when the worker dies under a candidate: the likely cause, the memory the worker
// expected, and a batch that would fit (the result it then gets is core/spec's failedResult).
import type { ScoreOptions } from '../protocol/worker';
import type { WorkerExit } from './workerProcess';

/** How many times one candidate may take the worker down before it is given up (1 retry). */
export const CRASHES_PER_CANDIDATE = 2;

export interface CrashContext {
    /** "scoring 'resnet' (11.7 M params, ~1500 MiB at batch 64 x 2)": what the worker was doing. */
    readonly doing: string;
    readonly options: ScoreOptions;
    /** The worker's own estimate for this candidate, with its base memory (progress estimateMiB). */
    readonly estimateMiB?: number;
    readonly maxWorkerMemoryMb: number;
}

/** The likeliest reason for this exit, in words a person can act on. */
export function likelyCause(exit: WorkerExit): string {
    if (exit.residentMiB !== undefined) return 'it ran out of memory';
    if (exit.signal === 'SIGKILL')
        return "it was killed from outside, most likely by the kernel's out-of-memory killer";
    if (exit.signal === 'SIGSEGV' || exit.signal === 'SIGABRT' || exit.signal === 'SIGBUS')
        return 'onnxruntime crashed on this model';
    return exit.detail ? `it failed: ${exit.detail}` : 'it crashed';
}

/**
 * A smaller batch to try: the memory needed scales about linearly with the batch, so the batch is
 * scaled by limit / need (need = the larger of the estimate and what was measured), rounded down to
 * a power of two and at least halved (the estimate fitted, yet the worker died). Undefined at batch 1.
 */
export function smallerBatch(
    batch: number,
    needMiB: number | undefined,
    limitMb: number,
): number | undefined {
    if (batch <= 1) return undefined;
    const scaled = needMiB && needMiB > limitMb ? Math.floor((batch * limitMb) / needMiB) : batch;
    const target = Math.max(1, Math.min(scaled, Math.floor(batch / 2)));
    return 2 ** Math.floor(Math.log2(target));
}

/** The error of a candidate that took the worker down twice. */
export function repeatedCrashMessage(exit: WorkerExit, ctx: CrashContext): string {
    const need = Math.max(ctx.estimateMiB ?? 0, exit.residentMiB ?? 0) || undefined;
    const estimate =
        ctx.estimateMiB === undefined
            ? ''
            : `; estimated ~${ctx.estimateMiB} MiB with the worker, limit ${ctx.maxWorkerMemoryMb} MiB`;
    const measured =
        exit.residentMiB === undefined ? '' : `, measured ${Math.round(exit.residentMiB)} MiB`;
    const batch =
        ctx.options.gradientMode === 'perSample'
            ? undefined
            : smallerBatch(ctx.options.batch, need, ctx.maxWorkerMemoryMb);
    const advice = batch === undefined ? '' : `; try --batch ${batch} (lswag.batchSize)`;
    return (
        `the engine worker died twice while ${ctx.doing}: ${likelyCause(exit)} (${exit.summary}${measured}${estimate})` +
        advice
    );
}
