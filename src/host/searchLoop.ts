// The loop that drives a search run: plans each generation (a pure function of the run file), scores
// what is new through the engine, appends every result at once, and summarises finished generations.
// The CLI and the extension's search panel share it, so a run started in one resumes in the other.
import { BudgetChecker } from '../core/search/constraints';
import { type SearchSettings, generationCount, planGeneration } from '../core/search/planner';
import { type RunFile, readRunHeader, summarizeGeneration } from '../core/search/runFile';
import { type Genome, genomeKey, genomeToSpec } from '../core/search/spaces';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { JobPromise } from '../engine/jobTypes';
import type { ScoreOptions, ScoreResult } from '../protocol/worker';

/** The part of the engine client a search needs (the real EngineClient, or a test double). */
export interface SearchEngine {
    score(
        specs: readonly ArchitectureSpec[],
        options: ScoreOptions,
        handlers: { onResult?: (result: ScoreResult, index: number) => void },
    ): JobPromise<unknown>;
    cancel(jobId: string, how?: { readonly hard?: boolean }): void;
}

export interface SearchProgress {
    readonly generation: number;
    readonly generations: number;
    /** Architectures in the run file (scored in this session or before). */
    readonly evaluated: number;
    /** Evaluations the finished run will hold. */
    readonly expected: number;
}

export interface SearchHooks {
    readonly onProgress?: (p: SearchProgress) => void;
    /** A finished generation's summary (also appended to the run file). */
    readonly onGeneration?: (g: ReturnType<typeof summarizeGeneration>) => void;
    /** Warnings a user should read: unfilled slots, a crashed worker being retried. */
    readonly onMessage?: (text: string) => void;
    /** Aborting stops the engine job after the architecture in flight; what was scored stays in the run file. */
    readonly signal?: AbortSignal;
    /** The only genomes the run may visit (the `within` benchmark's cells); undefined = the whole space. */
    readonly pool?: readonly Genome[];
}

export type SearchEnd = 'complete' | 'stopped' | 'incomplete';

/** Evaluations a finished run of these settings holds. */
export function expectedEvaluations(s: SearchSettings): number {
    return s.algorithm.kind === 'random'
        ? s.algorithm.options.samples
        : s.algorithm.options.population * generationCount(s);
}

/**
 * Why slots stayed empty, naming only the limits the run has: the params budget, the benchmark's
 * cells, or (with neither) that every draw repeated an architecture already scored or proposed.
 */
export function unfilledMessage(g: number, unfilled: number, s: SearchSettings): string {
    const limits = [
        s.budget.min !== undefined || s.budget.max !== undefined ? 'the params budget' : '',
        s.within !== undefined ? "the benchmark's cells" : '',
    ].filter((l) => l !== '');
    const children = unfilled === 1 ? '1 child' : `${unfilled} children`;
    return limits.length > 0
        ? `generation ${g}: ${children} found no new architecture within ${limits.join(' and ')}`
        : `generation ${g}: ${children} found no new architecture (every one drawn was already scored or proposed)`;
}

/** Runs (or resumes) the search recorded in `run` until it is complete, stopped or cannot go on. */
export async function runSearch(
    run: RunFile,
    engine: SearchEngine,
    hooks: SearchHooks = {},
): Promise<SearchEnd> {
    const { settings, score } = readRunHeader(run.file);
    const checker = new BudgetChecker(
        settings.budget,
        settings.dataset,
        hooks.pool,
        settings.width,
    );
    const generations = generationCount(settings);
    const expected = expectedEvaluations(settings);
    const progress = (g: number) =>
        hooks.onProgress?.({ generation: g, generations, evaluated: run.records.length, expected });
    const stopped = () => hooks.signal?.aborted === true;

    for (let g = 0; g < generations; g++) {
        const proposal = planGeneration(settings, g, run.records, checker);
        if (proposal.unfilled > 0)
            hooks.onMessage?.(unfilledMessage(g, proposal.unfilled, settings));
        progress(g);
        for (let attempt = 0; attempt < 2 && !stopped(); attempt++) {
            const todo = proposal.genomes.filter((genome) => !run.has(genomeKey(genome)));
            if (todo.length === 0) break;
            const job = engine.score(
                todo.map((genome) => genomeToSpec(genome, settings.dataset, settings.width)),
                score,
                {
                    onResult: (result, i) => {
                        run.appendEval({
                            kind: 'eval',
                            key: genomeKey(todo[i]),
                            genome: todo[i],
                            generation: g,
                            result,
                        });
                        progress(g);
                    },
                },
            );
            // Why soft: the architecture in flight finishes (seconds) and is kept; a hard cancel restarts the worker.
            const abort = () => engine.cancel(job.jobId);
            hooks.signal?.addEventListener('abort', abort, { once: true });
            try {
                await job;
            } catch (e) {
                // Why: a crashed worker is restarted by the engine; what it missed is retried once.
                hooks.onMessage?.((e as Error).message);
            } finally {
                hooks.signal?.removeEventListener('abort', abort);
            }
        }
        if (stopped()) return 'stopped';
        if (proposal.genomes.some((genome) => !run.has(genomeKey(genome)))) return 'incomplete';
        if (!run.generations.has(g)) {
            const summary = summarizeGeneration(settings.objective, run.records, g);
            run.appendGeneration(summary);
            hooks.onGeneration?.(summary);
        }
    }
    return 'complete';
}
