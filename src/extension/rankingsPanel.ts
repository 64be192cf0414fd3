// The rankings webview panel: one panel (revealed when open) showing the last run or a file's cached
// scores; it opens sources inside the workspace folders only and exports the table as CSV or JSON.
import path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebviewMessage, RankingRow } from '../protocol/webview';
import { validateWebviewMessage } from '../protocol/webviewValidate';
import type { ScoreResult } from '../protocol/worker';
import { toCsv, toJson } from '../../webview/rankings/table';
import type { ArchitectureTarget } from './codeLens';
import { rankingProxy } from './scoreCache';
import { makeNonce, webviewHtml } from './webviewHtml';

/** What the panel shows: a heading and results with the file each came from. */
export interface RankingsView {
    readonly heading: string;
    readonly proxies: readonly string[];
    readonly rows: readonly { readonly file: string; readonly result: ScoreResult }[];
}

export interface RankingsSource {
    /** The last run's view, if any. */
    readonly lastRun: () => RankingsView | undefined;
    /** The cached scores of a file's current text. */
    readonly fileView: (file: string) => Promise<RankingsView | undefined>;
}

export interface RankingsPanelDeps {
    /** The extension's dist/ folder: the bundle's home and the panel's only local resource root. */
    readonly distDir: string;
    readonly source: RankingsSource;
    readonly log: (message: string) => void;
}

const EMPTY_HEADING =
    'No scores yet: run "L-SWAG: Score Architecture" or "L-SWAG: Score All Architectures in Workspace".';

/** The row key of an architecture: its file and name. */
export const rowKey = (file: string, name: string): string => `${file}\n${name}`;

/** The rankings message of a view (rows with workspace-relative labels, ranking proxy first). */
export function rankingsMessage(
    view: RankingsView | undefined,
    relative: (file: string) => string,
    selected?: string,
): HostToWebviewMessage {
    const proxies = view?.proxies ?? [];
    const rankBy = rankingProxy(proxies);
    const rows: RankingRow[] = (view?.rows ?? []).map(({ file, result: r }) => ({
        key: rowKey(file, r.name),
        name: r.name,
        source: r.source,
        label: r.source.startsWith(file) ? relative(file) + r.source.slice(file.length) : r.source,
        family: r.family,
        params: r.params,
        flops: r.flops,
        scores: r.scores,
        errors: r.errors,
    }));
    const scored = proxies.filter((p) => p !== 'params' && p !== 'flops');
    return {
        type: 'rankings',
        heading: view?.heading ?? EMPTY_HEADING,
        rows,
        // Why: the table ranks by this proxy, so its column comes first.
        proxies: scored.includes(rankBy) ? [rankBy, ...scored.filter((p) => p !== rankBy)] : scored,
        rankBy,
        selected: rows.some((r) => r.key === selected) ? selected : undefined,
    };
}

/** `file:line` (1-based line) or a bare file, as ScoreResult.source writes it. */
export function parseSource(source: string): { file: string; line: number } {
    const m = /^(.*):(\d+)$/.exec(source);
    return m ? { file: m[1], line: Math.max(1, Number(m[2])) } : { file: source, line: 1 };
}

/** Whether `file` (absolute) lies inside one of `folders`. */
export function isInsideFolders(file: string, folders: readonly string[]): boolean {
    if (!path.isAbsolute(file)) return false;
    const resolved = path.resolve(file);
    return folders.some((folder) => {
        const rel = path.relative(path.resolve(folder), resolved);
        return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    });
}

export class RankingsPanel implements vscode.Disposable {
    static readonly viewType = 'lswag.rankingsPanel';

    private panel: vscode.WebviewPanel | undefined;
    private panelDisposables: vscode.Disposable[] = [];
    private view: RankingsView | undefined;
    private shownRun: RankingsView | undefined;
    private selected: string | undefined;
    private isReady = false;

    constructor(private readonly deps: RankingsPanelDeps) {}

    /** Shows the last run (or the target's file when the last run lacks it), selecting the target. */
    async open(target?: ArchitectureTarget): Promise<void> {
        const run = this.deps.source.lastRun();
        const inRun =
            target &&
            run?.rows.some((r) => r.file === target.file && r.result.name === target.name);
        this.view =
            target && !inRun ? ((await this.deps.source.fileView(target.file)) ?? run) : run;
        this.shownRun = run;
        this.selected = target && rowKey(target.file, target.name);
        if (this.panel) this.panel.reveal();
        else this.create();
        this.postRankings();
    }

    /** Results changed: once the last run differs from the one shown, the open panel shows it. */
    runFinished(): void {
        const run = this.deps.source.lastRun();
        if (!this.panel || !run || run === this.shownRun) return;
        this.view = this.shownRun = run;
        this.postRankings();
    }

    /** The view shown last (tests). */
    get current(): RankingsView | undefined {
        return this.view;
    }

    dispose(): void {
        this.panel?.dispose();
        this.disposePanelParts();
    }

    private create(): void {
        const distUri = vscode.Uri.file(this.deps.distDir);
        const panel = vscode.window.createWebviewPanel(
            RankingsPanel.viewType,
            'L-SWAG Rankings',
            vscode.ViewColumn.Active,
            { enableScripts: true, localResourceRoots: [distUri] },
        );
        const script = vscode.Uri.file(path.join(this.deps.distDir, 'rankings.js'));
        panel.webview.html = webviewHtml({
            webview: panel.webview,
            scriptUri: panel.webview.asWebviewUri(script).toString(),
            nonce: makeNonce(),
            title: 'L-SWAG Rankings',
        });
        this.panel = panel;
        this.isReady = false;
        this.panelDisposables.push(
            panel.webview.onDidReceiveMessage((m: unknown) => void this.received(m)),
            panel.onDidDispose(() => {
                this.panel = undefined;
                this.disposePanelParts();
            }),
        );
    }

    private disposePanelParts(): void {
        for (const d of this.panelDisposables.splice(0)) d.dispose();
        this.isReady = false;
    }

    /** Posts the view once the page said it is ready (it drops messages before that). */
    private postRankings(): void {
        if (!this.panel || !this.isReady) return;
        const relative = (f: string) => vscode.workspace.asRelativePath(f);
        void this.panel.webview.postMessage(rankingsMessage(this.view, relative, this.selected));
    }

    private async received(raw: unknown): Promise<void> {
        const checked = validateWebviewMessage(raw);
        if (!checked.ok) {
            this.deps.log(`rankings panel: ignored a message: ${checked.reason}`);
            return;
        }
        const m = checked.message;
        switch (m.type) {
            case 'ready':
                this.isReady = true;
                this.postRankings();
                return;
            case 'openSource':
                await this.openSource(m.source);
                return;
            case 'exportCsv':
            case 'exportJson':
                await this.export(m.type === 'exportCsv' ? 'csv' : 'json');
                return;
        }
    }

    /** Opens a source at its line; files outside the workspace folders are refused. */
    async openSource(source: string): Promise<boolean> {
        const { file, line } = parseSource(source);
        const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
        if (!isInsideFolders(file, folders)) {
            this.deps.log(`rankings panel: refused to open ${file}: outside the workspace folders`);
            void vscode.window.showWarningMessage(
                `L-SWAG: not opening ${path.basename(file)}: it is outside the workspace folders.`,
            );
            return false;
        }
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
        const editor = await vscode.window.showTextDocument(document, {
            viewColumn: vscode.ViewColumn.One,
        });
        const at = new vscode.Range(line - 1, 0, line - 1, 0);
        editor.selection = new vscode.Selection(at.start, at.end);
        editor.revealRange(at, vscode.TextEditorRevealType.InCenter);
        return true;
    }

    /** Asks where to save, then writes the table (rank order) as CSV or JSON. */
    private async export(kind: 'csv' | 'json'): Promise<void> {
        const message = rankingsMessage(this.view, (f) => vscode.workspace.asRelativePath(f));
        if (message.type !== 'rankings' || message.rows.length === 0) {
            void vscode.window.showInformationMessage('L-SWAG: nothing to export yet.');
            return;
        }
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const name = `lswag-rankings.${kind}`;
        const uri = await vscode.window.showSaveDialog({
            defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
            filters: kind === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
            title: `Export L-SWAG Rankings as ${kind.toUpperCase()}`,
        });
        if (!uri) return;
        const format = kind === 'csv' ? toCsv : toJson;
        const text = format(message.rows, message.proxies, message.rankBy);
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        void vscode.window.showInformationMessage(
            `L-SWAG: exported ${message.rows.length} architectures to ${path.basename(uri.fsPath)}.`,
        );
    }
}
