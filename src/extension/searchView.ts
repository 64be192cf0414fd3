// The search side panel (a webview view in the L-SWAG activity-bar container): a form that starts a
// search, live progress with Stop, Resume of interrupted runs, and the history of `.lswag/runs`.
// Searches run in a SearchSession that outlives the view (closing the side bar does not stop one).
// Cheap to construct: the search modules load when the view first opens or a command needs them.
import path from 'node:path';
import * as vscode from 'vscode';
import type { EngineState } from '../engine/engineClient';
import type { SearchEngine } from '../host/searchLoop';
import type {
    HostToSearchViewMessage,
    RunSummary,
    SearchForm,
    SearchFormOptions,
} from '../protocol/searchView';
import { validateSearchViewMessage } from '../protocol/searchViewValidate';
import { currentSettings } from './config';
import type { PresetIndex } from './presetIndex';
import type { FormEnvironment } from './searchForm';
import type { RunHistory } from './searchHistory';
import type { SearchSession, SessionSnapshot } from './searchSession';
import type { SearchTimings } from './searchTimings';
import { bundleOptions, loadBundle } from './webviewPage';

export interface SearchViewDeps {
    /** The extension's dist/ folder: the bundle's home and the view's only local resource root. */
    readonly distDir: string;
    readonly engine: () => Promise<SearchEngine>;
    /** Data, scoring settings, calibrated windows and the preset folder, read when a search starts. */
    readonly environment: () => Promise<Omit<FormEnvironment, 'proxies'>>;
    readonly presets: PresetIndex;
    readonly log: (message: string) => void;
    /** This machine's measured seconds per architecture (the budget estimate); absent in tests. */
    readonly timings?: SearchTimings;
    /**
     * The best-architecture file was written: its known scores go where its lenses read them
     * (absent in tests). `results` are named as the file names its architectures.
     */
    readonly onBestFile?: (best: BestFileScores) => Promise<void>;
}

/** What "Open best" knows about the file it wrote: the run's scores of each architecture in it. */
export interface BestFileScores {
    readonly file: string;
    readonly text: string;
    readonly results: readonly import('../protocol/worker').ScoreResult[];
    /** The score options the run used (the lenses show the scores only under the same ones). */
    readonly options: import('../protocol/worker').ScoreOptions;
}

/** The engine's state in the panel's words. */
export function deviceText(state: EngineState | undefined): string {
    if (!state) return 'engine not started';
    if (state.kind === 'ready' || state.kind === 'busy')
        return `${state.device.device}, ${state.device.threads} thread${state.device.threads === 1 ? '' : 's'}`;
    return `engine ${state.kind}`;
}

type Modules = {
    readonly session: SearchSession;
    readonly history: RunHistory;
    readonly form: typeof import('./searchForm');
    readonly prune: typeof import('./pruneForm');
    readonly pruneHistory: typeof import('./pruneHistory');
    readonly historyModule: typeof import('./searchHistory');
    readonly proxies: readonly string[];
};

export class SearchView implements vscode.WebviewViewProvider, vscode.Disposable {
    static readonly viewType = 'lswag.searchView';

    private view: vscode.WebviewView | undefined;
    private viewDisposables: vscode.Disposable[] = [];
    private modules: Promise<Modules> | undefined;
    private device = deviceText(undefined);
    private isReady = false;
    /** The last run list posted (what resume and openBest may name). */
    private runs: readonly RunSummary[] = [];

    constructor(private readonly deps: SearchViewDeps) {}

    /** Shows the panel (the `lswag.runSearch` command). */
    async focus(): Promise<void> {
        await vscode.commands.executeCommand(`${SearchView.viewType}.focus`);
    }

    /** The session's latest snapshot (host tests read it). */
    async snapshot(): Promise<SessionSnapshot | undefined> {
        return this.modules && (await this.modules).session.snapshot;
    }

    /** Where the workspace's runs live; undefined without an open folder. */
    get runsDir(): string | undefined {
        const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        return root && path.join(root, '.lswag', 'runs');
    }

    engineState(state: EngineState | undefined): void {
        this.device = deviceText(state);
        void this.postProgress();
    }

    resolveWebviewView(view: vscode.WebviewView): void {
        this.disposeViewParts();
        this.view = view;
        this.isReady = false;
        view.webview.options = bundleOptions(this.deps.distDir);
        loadBundle(view.webview, this.deps.distDir, 'search.js', 'L-SWAG Search');
        this.viewDisposables.push(
            view.webview.onDidReceiveMessage((m: unknown) => void this.received(m)),
            view.onDidDispose(() => {
                this.view = undefined;
                this.disposeViewParts();
            }),
        );
    }

    dispose(): void {
        this.disposeViewParts();
        void this.modules?.then((m) => m.session.dispose());
    }

    /** Handles one message of the page; public for tests, which play the page's side. */
    async received(raw: unknown): Promise<void> {
        const checked = validateSearchViewMessage(raw);
        if (!checked.ok) {
            this.deps.log(`search panel: ignored a message: ${checked.reason}`);
            return;
        }
        const m = checked.message;
        try {
            switch (m.type) {
                case 'ready':
                    this.isReady = true;
                    await this.postOptions();
                    await this.postHistory();
                    await this.postProgress();
                    return;
                case 'refresh':
                    await this.postOptions();
                    await this.postHistory();
                    return;
                case 'start':
                    await this.start(m.form);
                    return;
                case 'stop':
                    (await this.load()).session.stop();
                    return;
                case 'resume':
                    await this.resume(m.run);
                    return;
                case 'openBest':
                    await this.openBest(m.run);
                    return;
                case 'openRunFile':
                    await this.openRunFile(m.run);
                    return;
            }
        } catch (e) {
            const message = e instanceof Error ? e.message : String(e);
            this.deps.log(`search panel: ${m.type}: ${message}`);
            await this.post({ type: 'error', message });
        }
    }

    /** Starts a search from the form; resolves once it started (not when it ends). */
    async start(form: SearchForm): Promise<string> {
        const dir = this.requireRunsDir();
        const mods = await this.load();
        const env = { ...(await this.deps.environment()), proxies: mods.proxies };
        const { existsSync } = await import('node:fs');
        const taken = (n: string) => existsSync(path.join(dir, `${n}.jsonl`));
        if (form.algorithm === 'prune') {
            const { header, warning } = mods.prune.pruneHeaderFromForm(form, env);
            const name = mods.prune.pruneRunName(header, new Date(), taken);
            if (warning) void vscode.window.showWarningMessage(`L-SWAG: ${warning}`);
            return this.launch(mods, path.join(dir, `${name}.jsonl`), (s, file) =>
                s.startPrune(file, header),
            );
        }
        const { header, warning } = mods.form.headerFromForm(form, env);
        const name = mods.form.runNameFor(header, new Date(), taken);
        if (warning) void vscode.window.showWarningMessage(`L-SWAG: ${warning}`);
        return this.launch(mods, path.join(dir, `${name}.jsonl`), (s, file) =>
            s.start(file, header),
        );
    }

    /** Resumes an interrupted run of the history, by name. */
    async resume(id: string): Promise<string> {
        const dir = this.requireRunsDir();
        const mods = await this.load();
        const run = (await mods.history.list(dir)).find((r) => r.id === id);
        if (!run) throw new Error(`no run '${id}' in ${dir}`);
        if (run.state !== 'interrupted')
            throw new Error(`run '${id}' is ${run.state}; only an interrupted run resumes`);
        return this.launch(mods, path.join(dir, `${id}.jsonl`), (s, file) =>
            run.step === 'round' ? s.resumePrune(file) : s.resume(file),
        );
    }

    private launch(
        mods: Modules,
        file: string,
        begin: (s: SearchSession, file: string) => Promise<unknown>,
    ): string {
        if (mods.session.runningFile)
            throw new Error(
                `a search is running (${path.basename(mods.session.runningFile)}); stop it first`,
            );
        void begin(mods.session, file)
            .then((end) => this.notifyEnd(mods, String(end)))
            .catch((e: unknown) =>
                this.deps.log(`search panel: ${e instanceof Error ? e.message : String(e)}`),
            )
            .finally(() => void this.postHistory());
        void this.postHistory();
        return file;
    }

    /**
     * Says how a run ended (not for Stop, which the person asked for): complete with its best value
     * and "Open best", or why it could not finish.
     */
    private async notifyEnd(mods: Modules, end: string): Promise<void> {
        const p = mods.session.snapshot;
        if (!p || end === 'stopped') return;
        if (end !== 'complete') {
            void vscode.window.showWarningMessage(
                `L-SWAG: search ${p.id} ended ${end}: ${p.messages.at(-1) ?? ''}`,
            );
            return;
        }
        await this.postHistory();
        if (p.step === 'round') {
            // Why opened at once: the genotype is the whole result of a pruning search.
            await this.openBest(p.id);
            void vscode.window.showInformationMessage(
                `L-SWAG: pruning search ${p.id} complete: ${p.evaluated} supernets scored; ${p.genotype ?? ''}`,
            );
            return;
        }
        const best = this.runs.find((r) => r.id === p.id)?.best;
        const value =
            best?.value === null || !best
                ? ''
                : `, best ${p.objective} ${best.value.toPrecision(4)}`;
        const open = 'Open best';
        const choice = await vscode.window.showInformationMessage(
            `L-SWAG: search ${p.id} complete: ${p.evaluated} architectures scored${value}.`,
            open,
        );
        if (choice === open) await this.openBest(p.id);
    }

    /**
     * Writes the run's best architectures next to it as `<run>.best.arch.yaml` and opens it; the
     * scores the run knows go to the lenses (deps.onBestFile), so they need no second scoring.
     */
    async openBest(id: string): Promise<vscode.Uri> {
        const dir = this.requireRunsDir();
        const mods = await this.load();
        const listed = this.requireListed(id);
        if (listed.step === 'round') return this.openPruneResult(mods, dir, id);
        const run = await mods.historyModule.readRun(dir, id);
        const { text, results } = mods.historyModule.bestArchitectureFile(id, run);
        const uri = vscode.Uri.file(path.join(dir, `${id}.best.arch.yaml`));
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
        await this.deps
            .onBestFile?.({ file: uri.fsPath, text, results, options: run.header.score })
            .catch((e: unknown) =>
                this.deps.log(
                    `search panel: best-file scores: ${e instanceof Error ? e.message : String(e)}`,
                ),
            );
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { preview: false });
        return uri;
    }

    /** Writes a complete pruning run's genotype as `<run>.arch.yaml` (as the CLI does) and opens it. */
    private async openPruneResult(mods: Modules, dir: string, id: string): Promise<vscode.Uri> {
        const file = path.join(dir, `${id}.jsonl`);
        const { readFile } = await import('node:fs/promises');
        const { header, results } = mods.pruneHistory.parsePruneText(await readFile(file, 'utf8'));
        const genotype = mods.pruneHistory.pruneGenotype(header, results);
        if (!genotype)
            throw new Error(
                `the pruning search ${id} has not finished (${results.size} supernets scored); Resume it to get its genotype`,
            );
        const result = mods.prune.pruneResultFile(file, header, genotype);
        const uri = vscode.Uri.file(result.file);
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document, { preview: false });
        return uri;
    }

    private async openRunFile(id: string): Promise<void> {
        const dir = this.requireRunsDir();
        this.requireListed(id);
        const document = await vscode.workspace.openTextDocument(
            vscode.Uri.file(path.join(dir, `${id}.jsonl`)),
        );
        await vscode.window.showTextDocument(document, { preview: true });
    }

    /** Why: a page may only name runs the host listed to it, never any file of the folder. */
    private requireListed(id: string): RunSummary {
        const run = this.runs.find((r) => r.id === id);
        if (!run) throw new Error(`no run '${id}' in the history`);
        return run;
    }

    private requireRunsDir(): string {
        const dir = this.runsDir;
        if (!dir) throw new Error('open a folder first: runs are saved in its .lswag/runs');
        return dir;
    }

    private load(): Promise<Modules> {
        this.modules ??= (async () => {
            const [{ SearchSession }, historyModule, form, prune, pruneHistory, { proxyIds }] =
                await Promise.all([
                    import('./searchSession'),
                    import('./searchHistory'),
                    import('./searchForm'),
                    import('./pruneForm'),
                    import('./pruneHistory'),
                    import('../core/proxies/index'),
                ]);
            const label = (f: string) => vscode.workspace.asRelativePath(f);
            const session = new SearchSession({
                engine: this.deps.engine,
                label,
                onChange: () => void this.postProgress(),
                onMeasured: (m) =>
                    void this.deps.timings
                        ?.record(m.space, m.objective, m.seconds, m.count)
                        .then(() => this.postOptions()),
            });
            return {
                session,
                history: new historyModule.RunHistory(label),
                form,
                prune,
                pruneHistory,
                historyModule,
                proxies: proxyIds,
            };
        })();
        return this.modules;
    }

    private async postOptions(): Promise<void> {
        const mods = await this.load();
        await this.deps.presets.refresh();
        const setting = currentSettings().data;
        const env = await this.deps.environment();
        const problem = 'error' in env.data ? env.data.error : undefined;
        const untrusted = !vscode.workspace.isTrusted && setting !== 'synthetic';
        const options: SearchFormOptions = {
            spaces: ['nb201', 'nb101', 'darts', 'autoformer-t', 'autoformer-s', 'autoformer-b'],
            proxies: mods.proxies,
            presets: this.deps.presets.all.map((p) => ({
                name: p.name,
                space: p.preset.space,
                picks: p.preset.picks,
            })),
            dataSetting: {
                label: untrusted ? `${setting} (untrusted workspace: synthetic)` : setting,
                usable: problem === undefined,
                ...(problem ? { problem } : {}),
            },
            defaultBudgets: mods.form.defaultBudgetsInMillions(),
            defaults: mods.form.FORM_DEFAULTS,
            timings: [
                ...(this.deps.timings?.timings() ?? []),
                ...(await import('./searchTimings')).runTimings(
                    this.runsDir ? await mods.history.list(this.runsDir) : [],
                ),
            ],
            ...(this.runsDir
                ? {}
                : {
                      blocked: 'Open a folder to search: runs are saved in its .lswag/runs folder.',
                  }),
        };
        await this.post({ type: 'options', options });
    }

    private async postHistory(): Promise<void> {
        const dir = this.runsDir;
        const mods = await this.load();
        this.runs = dir
            ? await mods.history.list(
                  dir,
                  mods.session.runningFile && path.basename(mods.session.runningFile, '.jsonl'),
              )
            : [];
        await this.post({ type: 'history', runs: this.runs });
    }

    private async postProgress(): Promise<void> {
        if (!this.view || !this.isReady || !this.modules) return;
        const snapshot = (await this.modules).session.snapshot;
        await this.post({
            type: 'progress',
            progress: snapshot ? { ...snapshot, device: this.device } : null,
        });
    }

    private async post(message: HostToSearchViewMessage): Promise<void> {
        if (!this.view || !this.isReady) return;
        await this.view.webview.postMessage(message);
    }

    private disposeViewParts(): void {
        for (const d of this.viewDisposables.splice(0)) d.dispose();
        this.isReady = false;
    }
}
