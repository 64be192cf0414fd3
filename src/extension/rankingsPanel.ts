// The rankings webview panel: one panel (revealed when open) showing the last run or a file's cached
// scores with the space's calibration profile and a LIBRA column when a preset applies; it opens
// sources inside the workspace folders only, exports the table as CSV or JSON, and turns "Use this
// combination" into a LIBRA column and a saved preset.
import path from 'node:path';
import * as vscode from 'vscode';
import type { SpaceId } from '../core/spec/spaceId';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { CalibrationPayload, CombinedColumn } from '../protocol/webview';
import { validateWebviewMessage } from '../protocol/webviewValidate';
import type { ArchitectureTarget } from './codeLens';
import type { PresetIndex } from './presetIndex';
import { toCsv, toJson } from './rankingsExport';
import { libraAdvice } from './libraAdvice';
import { freePresetName, overwriteQuestion, type SaveTarget } from './presetNames';
import { commonSpace, libraSuggestion, libraTableOf, presetOf } from './rankingsInsights';
import {
    type RankingsExtras,
    type RankingsView,
    rankingRows,
    rankingsMessage,
    rowKey,
    rowSpaces,
    viewSpace,
} from './rankingsMessage';
import { bundleOptions, loadBundle } from './webviewPage';

export { type RankingsView, rankingsMessage, rowKey } from './rankingsMessage';

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
    /** Saved LIBRA presets: the newest for the view's space becomes the `libra` column. */
    readonly presets: PresetIndex;
    /** The calibration profile of a search space, if one exists. */
    readonly calibration: (space: SpaceId) => Promise<CalibrationPayload | undefined>;
    /** The presets were read again or one was saved (lenses show the LIBRA rank). */
    readonly onPresetsChanged: () => void;
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

/** What presetStore accepts as a name (checked here too, so the input box can say so). */
const PRESET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const NB201_DATASET_BY_CLASSES: Readonly<Record<number, string>> = {
    10: 'cifar10',
    100: 'cifar100',
    120: 'imagenet16-120',
};

/** The dataset a preset records: NAS-Bench-201's from its head size when all agree, else cifar10. */
function datasetOf(specs: readonly (ArchitectureSpec | undefined)[]): string {
    const found = new Set(
        specs.map((s) => (s?.family === 'nb201' ? NB201_DATASET_BY_CLASSES[s.classes] : undefined)),
    );
    const only = found.size === 1 ? [...found][0] : undefined;
    return only ?? 'cifar10';
}

export class RankingsPanel implements vscode.Disposable {
    static readonly viewType = 'lswag.rankingsPanel';

    private panel: vscode.WebviewPanel | undefined;
    private panelDisposables: vscode.Disposable[] = [];
    private view: RankingsView | undefined;
    private shownRun: RankingsView | undefined;
    private selected: string | undefined;
    private isReady = false;
    /** A suggestion used with "Use this combination", for the view it was computed on. */
    private used: { readonly view: RankingsView; readonly combo: CombinedColumn } | undefined;
    /** Counts posts, so a slow one (profile read) never overwrites a newer one. */
    private postCount = 0;
    private posting: Promise<void> = Promise.resolve();
    private handling: Promise<void> = Promise.resolve();

    constructor(private readonly deps: RankingsPanelDeps) {}

    /** Shows the last run (or the target's file when the last run lacks it), selecting the target. */
    async open(target?: ArchitectureTarget): Promise<void> {
        // Why: a preset saved by `lswag libra` since the last look applies from this open on.
        void this.deps.presets.refresh().then(() => this.deps.onPresetsChanged());
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

    /** Settles when the latest message is handled and the latest post sent (tests). */
    get posted(): Promise<void> {
        return this.handling.then(() => this.posting);
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
        const panel = vscode.window.createWebviewPanel(
            RankingsPanel.viewType,
            'L-SWAG Rankings',
            vscode.ViewColumn.Active,
            bundleOptions(this.deps.distDir),
        );
        loadBundle(panel.webview, this.deps.distDir, 'rankings.js', 'L-SWAG Rankings');
        this.panel = panel;
        this.isReady = false;
        this.panelDisposables.push(
            panel.webview.onDidReceiveMessage((m: unknown) => {
                this.handling = this.received(m).catch((e: unknown) =>
                    this.deps.log(`rankings panel: ${e instanceof Error ? e.message : String(e)}`),
                );
            }),
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
        const count = ++this.postCount;
        this.posting = this.extras().then(
            (extras) => {
                if (!this.panel || count !== this.postCount) return;
                const relative = (f: string) => vscode.workspace.asRelativePath(f);
                void this.panel.webview.postMessage(
                    rankingsMessage(this.view, relative, this.selected, extras),
                );
            },
            (e: unknown) =>
                this.deps.log(`rankings panel: ${e instanceof Error ? e.message : String(e)}`),
        );
    }

    /** The space's calibration profile and the combination shown as a column (used, else a preset). */
    async extras(): Promise<RankingsExtras> {
        const space = viewSpace(this.view);
        await this.deps.presets.ensureLoaded();
        const preset = this.deps.presets.forSpace(space);
        const combined: CombinedColumn | undefined =
            this.used && this.used.view === this.view
                ? this.used.combo
                : preset && {
                      picks: preset.preset.picks,
                      ...(preset.preset.weights ? { weights: preset.preset.weights } : {}),
                      origin: `preset ${preset.name}`,
                  };
        const calibration = space && (await this.deps.calibration(space));
        return { ...(calibration ? { calibration } : {}), ...(combined ? { combined } : {}) };
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
            case 'useLibra':
                await this.useLibra(m.column);
                return;
        }
    }

    /**
     * "Use this combination": recomputes the out-of-sample advice here (the page's copy is not
     * trusted); only a combination that beat the best single proxy on held-out rows is used. It is
     * shown as the `libra` column and, when the rows are from one search space, saved as a preset in
     * the workspace (or globally, if chosen), never over another preset without a confirmation.
     */
    async useLibra(column: string): Promise<void> {
        const view = this.view;
        if (!view) return;
        const isLabelled = (i: number) =>
            Number.isFinite(view.rows[i].spec?.accuracy?.[column] ?? NaN);
        const at = view.rows.flatMap((_, i) => (isLabelled(i) ? [i] : []));
        if (at.length === 0) {
            this.deps.log(`rankings panel: no architecture carries the accuracy '${column}'`);
            return;
        }
        const spaces = rowSpaces(view);
        const space = commonSpace(at.map((i) => spaces[i]));
        const labelled = at.map((i) => view.rows[i]);
        const rows = rankingRows(view, (f) => f);
        const table = libraTableOf(rows, view.proxies, column);
        const advice = table && libraAdvice(table);
        if (!advice) {
            const { notes } = libraSuggestion(rows, view.proxies, column, space);
            void vscode.window.showInformationMessage(
                `L-SWAG: LIBRA chose no proxies for ${column}: ${notes.join(' ')}`,
            );
            return;
        }
        if (!advice.combination) {
            void vscode.window.showInformationMessage(
                `L-SWAG: ${advice.payload.text} Nothing was saved.`,
            );
            return;
        }
        const { picks, weights } = advice.combination;
        const origin = `${advice.combination.rule} suggestion for ${column}`;
        this.used = { view, combo: { picks, ...(weights ? { weights } : {}), origin } };
        this.postRankings();
        if (!space) {
            void vscode.window.showInformationMessage(
                `L-SWAG: added the LIBRA column (${picks.join(' + ')}). No preset was saved: these architectures are not all from one search space.`,
            );
            return;
        }
        await this.deps.presets.refresh();
        const target = await this.askTarget();
        if (!target) return;
        const name = await this.askPresetName(`${space}-${column}`, space, target);
        if (!name) return;
        const { savePreset } = await import('../host/presetStore');
        try {
            const preset = presetOf(advice, {
                column,
                space,
                dataset: datasetOf(labelled.map((r) => r.spec)),
                n: labelled.length,
                bench: [...new Set(labelled.map((r) => r.file))].join(', '),
            });
            const file = savePreset(name, preset, this.deps.presets.dirFor(target));
            this.used = { view, combo: { ...this.used.combo, origin: `preset ${name}` } };
            await this.deps.presets.refresh();
            this.deps.onPresetsChanged();
            this.postRankings();
            void vscode.window.showInformationMessage(
                `L-SWAG: saved LIBRA preset '${name}' (${picks.join(' + ')}) to ${file}; search with objective libra:${name}.`,
            );
        } catch (e) {
            void vscode.window.showErrorMessage(
                `L-SWAG: could not save the preset: ${e instanceof Error ? e.message : String(e)}`,
            );
        }
    }

    /** Workspace (default, when a folder is open) or global; undefined when the person cancels. */
    private async askTarget(): Promise<SaveTarget | undefined> {
        if (!this.deps.presets.workspaceDir) return 'global';
        const items: (vscode.QuickPickItem & { target: SaveTarget })[] = [
            {
                label: 'Save in this workspace',
                description: this.deps.presets.workspaceDir,
                target: 'workspace',
            },
            {
                label: 'Save globally',
                description: `${this.deps.presets.dir} (every workspace, and the CLI)`,
                target: 'global',
            },
        ];
        const chosen = await vscode.window.showQuickPick(items, {
            title: 'Save LIBRA Preset',
            placeHolder: 'Where should this combination be saved?',
        });
        if (chosen === undefined) return undefined;
        // Why both: the mock (and older hosts) may answer with the label alone.
        return typeof chosen === 'string'
            ? (items.find((i) => i.label === chosen)?.target ?? chosen)
            : chosen.target;
    }

    /**
     * A preset name, pre-filled with one no preset has; a name that would replace or hide another
     * preset (shipped ones included) needs a modal confirmation. Undefined when the person cancels.
     */
    private async askPresetName(
        base: string,
        space: SpaceId,
        target: SaveTarget,
    ): Promise<string | undefined> {
        const clean = base.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
        const name = await vscode.window.showInputBox({
            title: 'Save LIBRA Preset',
            prompt: `A name for this ${space} combination (search objective libra:<name>; CodeLens shows its rank)`,
            value: freePresetName(clean, this.deps.presets.all),
            validateInput: (v) =>
                PRESET_NAME.test(v)
                    ? undefined
                    : "Letters, digits, '.', '_' or '-', starting with a letter or digit",
        });
        if (!name) return undefined;
        const question = overwriteQuestion(name, target, this.deps.presets.named(name));
        if (!question) return name;
        const replace = await vscode.window.showWarningMessage(
            question,
            { modal: true },
            'Save Anyway',
        );
        return replace === 'Save Anyway' ? name : undefined;
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
        const extras = await this.extras();
        const relative = (f: string) => vscode.workspace.asRelativePath(f);
        const message = rankingsMessage(this.view, relative, undefined, extras);
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
