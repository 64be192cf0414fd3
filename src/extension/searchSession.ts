// One search at a time for the side panel: opens (or creates) the run file, drives the shared loop
// (src/host/searchLoop.ts) through the extension's engine and reports progress, ETA and the chart's
// points. Stopping aborts softly: the architecture in flight finishes and everything stays in the
// file, which the panel or `lswag search --resume` continues. Async all the way: scoring happens in
// the worker process, so the extension host only appends lines and plans generations.
import path from 'node:path';
import { objectiveLabel } from '../core/search/objective';
import { generationCount } from '../core/search/planner';
import {
    RunFile,
    type SearchHeader,
    readRunHeader,
    summarizeGeneration,
} from '../core/search/runFile';
import { RunLock } from '../core/search/runLock';
import { UserInputError } from '../host/errors';
import { readSearchBenchmark } from '../host/searchBenchmark';
import {
    type SearchEngine,
    type SearchEnd,
    expectedEvaluations,
    runSearch,
} from '../host/searchLoop';
import type { PruneHeader } from '../host/pruneRun';
import type { GenerationPoint, SessionState } from '../protocol/searchView';
import { runPruneSession } from './pruneSession';
import { EtaEstimator } from './searchEta';
import { algorithmLabel } from './searchHistory';
import { type Measured, Pace, type SessionRun, type SessionSnapshot } from './sessionRun';

export type { SessionSnapshot } from './sessionRun';

export interface SearchSessionDeps {
    /** The engine to score with (the extension's, created on first use). */
    readonly engine: () => Promise<SearchEngine>;
    /** Called on every change: a result, a finished generation, a message, the end. */
    readonly onChange: (snapshot: SessionSnapshot) => void;
    /** How a run file is shown (relative to the workspace). */
    readonly label?: (file: string) => string;
    readonly now?: () => number;
    /**
     * The wall seconds per architecture this run took on this machine (the first result, which
     * pays for the worker's start, left out), when at least two more arrived.
     */
    readonly onMeasured?: (m: Measured) => void;
}

interface Current {
    readonly file: string;
    readonly controller: AbortController;
}

/** Keeps at most this many messages (the newest). */
const MAX_MESSAGES = 20;

export class SearchSession {
    private current: Current | undefined;
    private last: SessionSnapshot | undefined;

    constructor(private readonly deps: SearchSessionDeps) {}

    /** The file of the run in progress, if any. */
    get runningFile(): string | undefined {
        return this.current?.file;
    }

    /** The run in progress, or the last one this session ran. */
    get snapshot(): SessionSnapshot | undefined {
        return this.last;
    }

    /** Starts a new run in `file` (an existing file with the same header continues). */
    start(file: string, header: SearchHeader): Promise<SearchEnd | 'failed'> {
        return this.run(file, (r) => this.search(file, () => RunFile.open(file, header), r));
    }

    /** Continues the run in `file` with the settings its header records. */
    resume(file: string): Promise<SearchEnd | 'failed'> {
        return this.run(file, (r) =>
            this.search(file, () => RunFile.open(file, readRunHeader(file)), r),
        );
    }

    /** Starts a pruning search in `file` (an existing file with the same header continues). */
    startPrune(file: string, header: PruneHeader): Promise<SearchEnd | 'failed'> {
        return this.run(file, (r) => runPruneSession(file, header, r));
    }

    /** Continues the pruning search in `file` with the settings its header records. */
    resumePrune(file: string): Promise<SearchEnd | 'failed'> {
        return this.run(file, (r) => runPruneSession(file, undefined, r));
    }

    /** Stops the run after the architecture in flight; a no-op when none runs. */
    stop(): void {
        if (!this.current || this.current.controller.signal.aborted) return;
        this.current.controller.abort();
        if (this.last) this.update({ state: 'stopping' });
    }

    dispose(): void {
        this.stop();
    }

    /** One run at a time: the snapshot, the run file's lock and the end state around `loop`. */
    private async run(
        file: string,
        loop: (r: SessionRun) => Promise<SearchEnd>,
    ): Promise<SearchEnd | 'failed'> {
        if (this.current)
            throw new UserInputError(
                `A search is running (${path.basename(this.current.file)}); stop it first.`,
            );
        const current: Current = { file, controller: new AbortController() };
        this.current = current;
        const id = path.basename(file).replace(/\.jsonl$/, '');
        const label = (this.deps.label ?? ((f: string) => f))(file);
        this.last = {
            id,
            label,
            state: 'starting',
            space: '',
            objective: '',
            algorithm: '',
            evaluated: 0,
            expected: 0,
            generation: 0,
            generations: 0,
            etaSeconds: null,
            chart: [],
            messages: [],
        };
        this.emit();
        let end: SearchEnd | 'failed' = 'failed';
        let lock: RunLock | undefined;
        try {
            // Why: another window or `lswag search` on this run would score every architecture twice.
            lock = RunLock.acquire(file);
            end = await loop({
                signal: current.controller.signal,
                now: this.deps.now ?? Date.now,
                engine: this.deps.engine,
                update: (change) => this.update(change),
                message: (text) => this.message(text),
                snapshot: () => this.last!,
                ...(this.deps.onMeasured ? { onMeasured: this.deps.onMeasured } : {}),
            });
        } catch (e) {
            this.update({ state: 'failed', etaSeconds: null });
            this.message(e instanceof Error ? e.message : String(e));
        } finally {
            lock?.release();
            this.current = undefined;
            this.emit();
        }
        return end;
    }

    /** An evolution or random search through the shared loop (src/host/searchLoop.ts). */
    private async search(file: string, open: () => RunFile, r: SessionRun): Promise<SearchEnd> {
        const eta = new EtaEstimator();
        const now = r.now;
        const run = open();
        const { settings } = readRunHeader(file);
        const expected = expectedEvaluations(settings);
        r.update({
            space: settings.space,
            objective: objectiveLabel(settings.objective),
            algorithm: algorithmLabel(settings),
            evaluated: run.records.length,
            expected,
            generations: generationCount(settings),
            chart: chartPoints(run, settings.objective, 0, false),
        });
        const pool =
            settings.within === undefined ? undefined : readSearchBenchmark(settings.within).pool;
        const engine = await r.engine();
        if (!r.signal.aborted) r.update({ state: 'running' });
        eta.record(now(), run.records.length);
        const pace = new Pace(run.records.length);
        const end = await runSearch(run, engine, {
            signal: r.signal,
            ...(pool ? { pool } : {}),
            onProgress: (p) => {
                eta.record(now(), p.evaluated);
                pace.record(now(), p.evaluated);
                r.update({
                    evaluated: p.evaluated,
                    generation: p.generation,
                    etaSeconds: eta.secondsLeft(p.expected),
                    chart: chartPoints(run, settings.objective, p.generation, true),
                });
            },
            onGeneration: () =>
                r.update({
                    chart: chartPoints(run, settings.objective, r.snapshot().generation, false),
                }),
            onMessage: r.message,
        });
        const measured = pace.secondsPerArchitecture();
        if (measured)
            r.onMeasured?.({
                space: settings.space,
                objective: objectiveLabel(settings.objective),
                ...measured,
            });
        r.update({
            state: end,
            etaSeconds: null,
            // Why: a complete run may hold fewer than planned (slots no new architecture
            // filled); it is done, so its count is its total and the bar is full.
            ...(end === 'complete' ? { expected: run.records.length } : {}),
            chart: chartPoints(
                run,
                settings.objective,
                r.snapshot().generation,
                end !== 'complete',
            ),
        });
        r.message(endMessage(end, run.records.length, expected, file));
        if (end === 'complete' && run.records.length < expected)
            r.message(
                `Complete with ${run.records.length} of the ${expected} planned architectures: the other slots found no new architecture.`,
            );
        return end;
    }

    private update(change: Partial<SessionSnapshot> & { state?: SessionState }): void {
        if (!this.last) return;
        this.last = { ...this.last, ...change };
        this.emit();
    }

    private message(text: string): void {
        if (!this.last || text === '') return;
        this.update({ messages: [...this.last.messages, text].slice(-MAX_MESSAGES) });
    }

    private emit(): void {
        if (this.last) this.deps.onChange(this.last);
    }
}

/** Why a run ended, in words (empty for a complete run: the state says it). */
function endMessage(end: SearchEnd, evaluated: number, expected: number, file: string): string {
    if (end === 'stopped')
        return `Stopped with ${evaluated} of ${expected} architectures scored; Resume continues (or lswag search --resume ${file}).`;
    if (end === 'incomplete')
        return `Some architectures could not be scored (${evaluated} of ${expected}); Resume retries them.`;
    return '';
}

/**
 * Best and mean objective per generation: the written summaries, then (while `partial`) generation
 * `current` computed from the records so far, marked partial.
 */
export function chartPoints(
    run: RunFile,
    objective: SearchHeader['settings']['objective'],
    current: number,
    partial: boolean,
): GenerationPoint[] {
    const points: GenerationPoint[] = [];
    const last = Math.max(current, ...run.generations.keys());
    for (let g = 0; g <= last; g++) {
        const written = run.generations.get(g);
        if (written) {
            points.push({
                generation: g,
                best: written.best?.value ?? null,
                mean: written.mean,
                isPartial: false,
            });
        } else if (partial && g === current && run.records.some((r) => r.generation === g)) {
            const live = summarizeGeneration(objective, run.records, g);
            points.push({
                generation: g,
                best: live.best?.value ?? null,
                mean: live.mean,
                isPartial: true,
            });
        }
    }
    return points;
}
