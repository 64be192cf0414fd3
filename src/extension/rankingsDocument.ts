// The interim rankings view until the webview panel lands: a read-only text document with a ranked
// table of the last run (or of one file's cached scores), opened on a clicked architecture's row.
import * as vscode from 'vscode';
import { formatResultsTable, ranksBy } from '../cli/resultsTable';
import type { ScoreResult } from '../protocol/worker';
import type { ArchitectureTarget } from './codeLens';
import { rankingProxy } from './scoreCache';

export const RANKINGS_SCHEME = 'lswag-rankings';

/** What the view shows: a heading and results with the file each came from. */
export interface RankingsView {
    readonly heading: string;
    readonly proxies: readonly string[];
    readonly rows: readonly { readonly file: string; readonly result: ScoreResult }[];
}

/** Lines above the table's first row: heading, blank line, column names. */
const ROWS_START = 3;

/** The table text, and the 0-based line of each `file\nname` row. */
export function renderRankings(
    view: RankingsView,
    relative: (file: string) => string,
): { text: string; lineOf: Map<string, number> } {
    const proxy = rankingProxy(view.proxies);
    // Why: the table ranks by its first proxy, so the ranking proxy goes first.
    const proxies = [proxy, ...view.proxies.filter((p) => p !== proxy)];
    const results = view.rows.map(({ file, result }) => ({
        ...result,
        source: relativeSource(result.source, file, relative),
    }));
    const ranks = ranksBy(results, proxy);
    const lineOf = new Map(
        view.rows.map((r, i) => [`${r.file}\n${r.result.name}`, ROWS_START - 1 + ranks[i]]),
    );
    return { text: `${view.heading}\n\n${formatResultsTable(results, proxies)}`, lineOf };
}

function relativeSource(source: string, file: string, relative: (file: string) => string): string {
    return source.startsWith(file) ? relative(file) + source.slice(file.length) : source;
}

export interface RankingsSource {
    /** The last run's view, if any. */
    readonly lastRun: () => RankingsView | undefined;
    /** The cached scores of a file's current text. */
    readonly fileView: (file: string) => Promise<RankingsView | undefined>;
}

export class RankingsDocument implements vscode.TextDocumentContentProvider, vscode.Disposable {
    static readonly uri = vscode.Uri.parse(`${RANKINGS_SCHEME}:/L-SWAG Rankings`);

    private view: RankingsView | undefined;
    private rendered: { text: string; lineOf: Map<string, number> } | undefined;
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    constructor(private readonly source: RankingsSource) {}

    provideTextDocumentContent(): string {
        return (
            this.rendered?.text ??
            'No scores yet: run "L-SWAG: Score Architecture" or "L-SWAG: Score All Architectures in Workspace".\n'
        );
    }

    /** Shows the last run (or the target's file when the last run lacks it) and selects the target's row. */
    async open(target?: ArchitectureTarget): Promise<void> {
        const run = this.source.lastRun();
        const inRun =
            target &&
            run?.rows.some((r) => r.file === target.file && r.result.name === target.name);
        const view = target && !inRun ? ((await this.source.fileView(target.file)) ?? run) : run;
        if (!view) {
            void vscode.window.showInformationMessage('L-SWAG: nothing scored yet.');
            return;
        }
        this.view = view;
        this.rendered = renderRankings(view, (f) => vscode.workspace.asRelativePath(f));
        this.changed.fire(RankingsDocument.uri);
        const document = await vscode.workspace.openTextDocument(RankingsDocument.uri);
        const editor = await vscode.window.showTextDocument(document, { preview: true });
        const line = target
            ? this.rendered.lineOf.get(`${target.file}\n${target.name}`)
            : undefined;
        if (line !== undefined) {
            editor.selection = new vscode.Selection(line, 0, line, 0);
            editor.revealRange(
                new vscode.Range(line, 0, line, 0),
                vscode.TextEditorRevealType.InCenter,
            );
        }
    }

    /** The view shown last (tests, and the panel that replaces this document). */
    get current(): RankingsView | undefined {
        return this.view;
    }

    dispose(): void {
        this.changed.dispose();
    }
}
