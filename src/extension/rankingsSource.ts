// What the rankings panel shows: the last run's view, or one open file's cached scores. Each run's
// view is built once, so the panel can tell a new run from the one it shows.
import * as vscode from 'vscode';
import { currentSettings } from './config';
import type { RankingsView } from './rankingsPanel';
import type { FileKey, ScoreCache } from './scoreCache';
import type { ScoreRun } from './scoring';
import type { SpecReader } from './specReader';

const runViews = new WeakMap<ScoreRun, RankingsView>();

/** The rankings view of a run. */
export function runView(run: ScoreRun | undefined): RankingsView | undefined {
    if (!run || run.results.length === 0) return undefined;
    const known = runViews.get(run);
    if (known) return known;
    const o = run.options;
    const what = run.scope === 'workspace' ? 'workspace run' : 'file run';
    const heading =
        `L-SWAG rankings: ${what}, ${run.results.length} architectures${run.cancelled ? ' (cancelled)' : ''}; ` +
        `data ${o.data.kind}, B=${o.batch}, N=${o.batches}, S=${o.psiSamples}`;
    const view = {
        heading,
        proxies: o.proxies,
        rows: run.results.map((r) => ({ file: r.file, result: r.result, spec: r.spec })),
    };
    runViews.set(run, view);
    return view;
}

export interface FileViewDeps {
    readonly cache: ScoreCache;
    readonly reader: SpecReader;
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
}

/** The cached scores of an open file under the current options, as a rankings view. */
export async function fileView(
    file: string,
    deps: FileViewDeps,
): Promise<RankingsView | undefined> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    const key = document && (await deps.fileKey(file, document.getText()));
    const results = key ? deps.cache.results(key) : [];
    if (results.length === 0) return undefined;
    // Why the specs: they carry the known accuracies and tell the search space.
    const read = document && (await deps.reader.read(document));
    const specs = new Map((read?.specs ?? []).map((s) => [s.name, s]));
    const heading = `L-SWAG scores in ${vscode.workspace.asRelativePath(file)} (${results.length} architectures)`;
    return {
        heading,
        proxies: currentSettings().proxies,
        rows: results.map((result) => ({ file, result, spec: specs.get(result.name) })),
    };
}
