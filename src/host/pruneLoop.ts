// Drives a pruning search (core/search/pruning.ts) through the engine: scores the missing supernets
// of the current round, appends each result as it arrives, and replays the plan until it is done.
// Shared by the CLI; the run file makes it resumable after a kill at any point.
import { type PrunePlan, planPrune, pruneEvaluations } from '../core/search/pruning';
import type { PruneRun } from './pruneRun';
import type { SearchEngine } from './searchLoop';

export interface PruneHooks {
    readonly onProgress?: (scored: number, total: number, round: number) => void;
    readonly onMessage?: (text: string) => void;
    readonly signal?: AbortSignal;
}

export type PruneEnd =
    | { readonly end: 'complete'; readonly plan: Extract<PrunePlan, { done: true }> }
    | { readonly end: 'stopped' | 'incomplete' };

export async function runPrune(
    run: PruneRun,
    engine: SearchEngine,
    hooks: PruneHooks = {},
): Promise<PruneEnd> {
    const total = pruneEvaluations();
    for (;;) {
        const plan = planPrune(run.header.settings, run.results);
        if (plan.done) return { end: 'complete', plan };
        if (hooks.signal?.aborted) return { end: 'stopped' };
        const before = run.results.size;
        const todo = plan.missing;
        hooks.onProgress?.(run.results.size, total, plan.round);
        const job = engine.score(
            todo.map((c) => c.spec),
            run.header.score,
            {
                onResult: (result, i) => {
                    run.append(todo[i].key, plan.round, result);
                    hooks.onProgress?.(run.results.size, total, plan.round);
                },
            },
        );
        const abort = () => engine.cancel(job.jobId);
        hooks.signal?.addEventListener('abort', abort, { once: true });
        try {
            await job;
        } catch (e) {
            hooks.onMessage?.((e as Error).message);
        } finally {
            hooks.signal?.removeEventListener('abort', abort);
        }
        if (hooks.signal?.aborted) return { end: 'stopped' };
        // Why: a round that gained nothing (every candidate failed to score) would loop forever.
        if (run.results.size === before) return { end: 'incomplete' };
    }
}
