// Runs one scoring job for the extension: filters what the workspace's trust forbids, starts the
// engine, reports progress (cancellable), puts each result in the score cache as it arrives, and
// keeps the last run for the rankings view.
import path from 'node:path';
import * as vscode from 'vscode';
import { comparableGroup } from '../core/rankings/comparableGroup';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { ScoreOptions, ScoreResult } from '../protocol/worker';
import type { Engine, EngineHandle } from './engineHandle';
import type { ModelStamps } from './modelStamps';
import {
    type CandidateKey,
    type FileKey,
    type ScoreCache,
    candidateKey,
    formatScore,
    rankingProxy,
    textHash,
} from './scoreCache';
import type { EngineStatus } from './statusBar';
import { showNotice } from './notices';
import { showNothingFound } from './whatCanBeScored';

/** One file's definitions to score; `text` is what they were read from (absent for ONNX files). */
export interface ScoreTarget {
    readonly file: string;
    readonly text: string | undefined;
    readonly specs: readonly ArchitectureSpec[];
}

/** Score options with their cache key, or why the settings give none. */
export type ResolvedOptions =
    { readonly options: ScoreOptions; readonly key: string } | { readonly error: string };

export interface ScoreRun {
    readonly scope: 'file' | 'workspace';
    readonly options: ScoreOptions;
    readonly results: {
        readonly file: string;
        readonly spec: ArchitectureSpec;
        readonly result: ScoreResult;
    }[];
    readonly cancelled: boolean;
}

/** One definition of a job, with its cache key (from the text it was read from). */
interface ScoreItem {
    readonly file: string;
    readonly spec: ArchitectureSpec;
    readonly key: CandidateKey;
}

export interface ScorerDeps {
    readonly engine: EngineHandle;
    readonly cache: ScoreCache;
    /** The model files each scored file reads (their changes move its cache key). */
    readonly models: ModelStamps;
    readonly status: EngineStatus;
    readonly output: vscode.LogOutputChannel;
    readonly options: () => Promise<ResolvedOptions>;
    readonly isTrusted: () => boolean;
    /** Called after each result and at the end (lenses, diagnostics). */
    readonly onResults: () => void;
    /** The queue (`lswag.queue`) to enqueue on instead of the local engine; undefined = local. */
    readonly queue?: () => Promise<Pick<Engine, 'score' | 'cancel'> | undefined>;
}

/** The cache key of a file's text (undefined for a model file) at a model epoch (ModelStamps). */
export const keyOf = (
    file: string,
    text: string | undefined,
    options: string,
    modelEpoch = 0,
): FileKey => ({
    file,
    hash: `${text === undefined ? 'model-file' : textHash(text)}${modelEpoch > 0 ? `#${modelEpoch}` : ''}`,
    options,
});

export class Scorer {
    /** The latest finished run (the rankings view shows it). */
    lastRun: ScoreRun | undefined;

    constructor(private readonly deps: ScorerDeps) {}

    async run(
        targets: readonly ScoreTarget[],
        how: { scope: 'file' | 'workspace'; title: string; isQuiet?: boolean },
    ): Promise<ScoreRun | undefined> {
        const resolved = await this.deps.options();
        if ('error' in resolved) {
            void vscode.window.showErrorMessage(`L-SWAG: ${resolved.error}`);
            return undefined;
        }
        const items = this.scorable(targets, resolved.key);
        if (items.length === 0) {
            if (!how.isQuiet) void showNothingFound('L-SWAG: no architectures to score.');
            return undefined;
        }
        const location = how.isQuiet
            ? vscode.ProgressLocation.Window
            : vscode.ProgressLocation.Notification;
        try {
            const run = await vscode.window.withProgress(
                { location, title: how.title, cancellable: true },
                (progress, token) =>
                    this.score(items, resolved.options, how.scope, progress, token),
            );
            this.lastRun = run;
            // Why every run, not only the workspace's: one file or one cell also ends with one
            // message (with Open Rankings), never one per file.
            if (!how.isQuiet) void this.summarise(run);
            return run;
        } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            this.deps.output.error(`scoring failed: ${message}`);
            void vscode.window.showErrorMessage(`L-SWAG: ${message}`, 'Open Output').then((a) => {
                if (a) this.deps.output.show(true);
            });
            return undefined;
        } finally {
            this.deps.status.setProgress(undefined);
            this.deps.onResults();
        }
    }

    /** Drops ONNX models in untrusted workspaces (their files are not read) and says so. */
    private scorable(targets: readonly ScoreTarget[], options: string): ScoreItem[] {
        const all = targets.flatMap((t) => {
            const models = t.specs.flatMap((s) => (s.family === 'onnx' ? [s.path] : []));
            this.deps.models.record(t.file, t.text === undefined ? [t.file, ...models] : models);
            const key = keyOf(t.file, t.text, options, this.deps.models.epoch(t.file));
            return t.specs.map((spec) => ({ file: t.file, spec, key: candidateKey(key, spec) }));
        });
        if (this.deps.isTrusted()) return all;
        const kept = all.filter((i) => i.spec.family !== 'onnx');
        const skipped = all.length - kept.length;
        if (skipped > 0) {
            void vscode.window
                .showWarningMessage(
                    `L-SWAG: skipped ${skipped} ONNX model(s); trust the workspace to score them.`,
                    'Manage Trust',
                )
                .then((a) => a && vscode.commands.executeCommand('workbench.trust.manage'));
        }
        return kept;
    }

    private async startedEngine(): Promise<Engine> {
        const engine = await this.deps.engine.get();
        await engine.start();
        return engine;
    }

    private async score(
        items: readonly ScoreItem[],
        options: ScoreOptions,
        scope: ScoreRun['scope'],
        progress: vscode.Progress<{ message?: string; increment?: number }>,
        token: vscode.CancellationToken,
    ): Promise<ScoreRun> {
        const engine = (await this.deps.queue?.()) ?? (await this.startedEngine());
        const results: ScoreRun['results'] = [];
        const delivered = new Set<number>();
        const job = engine.score(
            items.map((i) => i.spec),
            options,
            {
                onProgress: (p) => {
                    this.deps.status.setProgress(`${p.done}/${p.total}`);
                    progress.report({
                        message: `${p.done}/${p.total}${p.message ? ` ${p.message}` : ''}`,
                    });
                },
                onResult: (result, index) => {
                    const item = items[index];
                    delivered.add(index);
                    this.deps.cache.put(item.key, result, comparableGroup(item.spec), item.spec);
                    results.push({ file: item.file, spec: item.spec, result });
                    for (const e of result.errors) this.deps.output.warn(`${result.source}: ${e}`);
                    progress.report({ increment: 100 / items.length });
                    this.deps.onResults();
                },
            },
        );
        const cancel = token.onCancellationRequested(() => engine.cancel(job.jobId));
        try {
            const outcome = await job;
            // Why: candidates the engine gave up on (its worker kept dying) are listed with their
            // reason like any failure, but not cached, so the next run tries them again.
            outcome.results.forEach((result, index) => {
                if (delivered.has(index)) return;
                results.push({ file: items[index].file, spec: items[index].spec, result });
                for (const e of result.errors) this.deps.output.warn(`${result.source}: ${e}`);
            });
            // Why: a whole-workspace run is the truth of what exists; renamed or deleted candidates go.
            if (scope === 'workspace' && !outcome.cancelled && items.length > 0)
                this.deps.cache.retainOnly(
                    items[0].key.options,
                    items.map((i) => i.key),
                );
            return { scope, options, results, cancelled: outcome.cancelled };
        } finally {
            cancel.dispose();
        }
    }

    private async summarise(run: ScoreRun): Promise<void> {
        const action = await showNotice(completionMessage(run), 'Open Rankings');
        if (action) await vscode.commands.executeCommand('lswag.openRankings');
    }
}

/** The one message a finished run ends with: how many, the best (or the one) and failures. */
export function completionMessage(
    run: Pick<ScoreRun, 'options' | 'results' | 'cancelled'>,
): string {
    const proxy = rankingProxy(run.options.proxies);
    const best = [...run.results].sort(
        (a, b) => (b.result.scores[proxy] ?? -Infinity) - (a.result.scores[proxy] ?? -Infinity),
    )[0];
    const files = new Set(run.results.map((r) => r.file)).size;
    const failed = run.results.filter((r) => r.result.errors.length > 0).length;
    const failures = failed > 0 ? `, ${failed} with errors (see Output)` : '';
    const cancelled = run.cancelled ? ' (cancelled)' : '';
    if (run.results.length === 1 && best) {
        const value = formatScore(best.result.scores[proxy] ?? null);
        return `L-SWAG: scored ${best.spec.name} in ${path.basename(best.file)}: ${proxy} ${value}${failures}${cancelled}.`;
    }
    const head = `L-SWAG: scored ${run.results.length} architecture(s) in ${files} file(s)${failures}${cancelled}`;
    const tail = best
        ? `; best ${best.spec.name} in ${path.basename(best.file)} (${proxy} ${formatScore(best.result.scores[proxy] ?? null)})`
        : '';
    return `${head}${tail}.`;
}
