// What the rankings panel shows: every cached score under the last run's options (the same cache the
// lenses and the tree read, so the open panel follows them), or one open file's cached scores. A view
// is built once per cache version, so the panel can tell changed scores from the ones it shows.
import * as vscode from 'vscode';
import { currentSettings } from './config';
import type { RankingsView } from './rankingsPanel';
import { type FileKey, type ScoreCache, optionsKey } from './scoreCache';
import type { ScoreRun } from './scoring';
import type { SpecReader } from './specReader';

const runViews = new WeakMap<ScoreRun, { readonly version: number; readonly view: RankingsView }>();

/**
 * The rankings view after `run`: the cached scores under its options (later rescores included), else
 * the run's own results (the engine gave up on every candidate, so nothing was cached).
 */
export function runView(run: ScoreRun | undefined, cache: ScoreCache): RankingsView | undefined {
    if (!run) return undefined;
    const known = runViews.get(run);
    if (known && known.version === cache.version) return known.view;
    const o = run.options;
    const cached = cache.all(optionsKey(o));
    const rows =
        cached.length > 0
            ? cached.map((c) => ({ file: c.file, result: c.result, spec: c.spec }))
            : run.results.map((r) => ({ file: r.file, result: r.result, spec: r.spec }));
    if (rows.length === 0) return undefined;
    const groups = new Set(cached.map((c) => c.group.key)).size;
    const inGroups = groups > 1 ? ` in ${groups} comparable groups` : '';
    const what = run.scope === 'workspace' ? 'workspace run' : 'file run';
    const heading =
        `L-SWAG rankings: ${rows.length} architectures${inGroups} (last: ${what}${run.cancelled ? ', cancelled' : ''}); ` +
        `data ${o.data.kind}, B=${o.batch}, N=${o.batches}, S=${o.psiSamples}`;
    const view = { heading, proxies: o.proxies, rows };
    runViews.set(run, { version: cache.version, view });
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
    const results = key ? deps.cache.results(file, key.options) : [];
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
