// The extension's context: owns every lifetime (output channel, status item, providers, the engine
// handle) and the score options. Creating it is cheap: no front end, parser or engine is loaded here.
import path from 'node:path';
import * as vscode from 'vscode';
import type { EngineState } from '../engine/engineClient';
import type { ScoreOptions } from '../protocol/worker';
import { calibrationDir, readStoredWindows } from './calibrate';
import { ArchitectureLensProvider } from './codeLens';
import {
    type DataResolution,
    ENGINE_SETTINGS,
    SECTION,
    currentSettings,
    resolveData,
} from './config';
import { SpecDiagnostics } from './diagnostics';
import { type EngineFactory, EngineHandle } from './engineHandle';
import { userPresetDir } from '../host/presetStore';
import { PresetIndex } from './presetIndex';
import { RankingsPanel, type RankingsView } from './rankingsPanel';
import { ModelStamps } from './modelStamps';
import { type FileKey, ScoreCache, optionsKey, rankingProxy } from './scoreCache';
import { SearchView } from './searchView';
import { type ResolvedOptions, type ScoreRun, Scorer, keyOf } from './scoring';
import { type PythonLoader, type SourceDocument, SpecReader } from './specReader';
import { EngineStatus } from './statusBar';

/** Replaceable parts, for tests: the engine and the Python parser. */
export interface CtxDeps {
    readonly createEngine?: EngineFactory;
    readonly loadPython?: PythonLoader;
    readonly diagnosticsDelayMs?: number;
    /** Where LIBRA presets are read and saved (default ~/.lswag/presets, shared with the CLI). */
    readonly presetDir?: string;
}

export class Ctx implements vscode.Disposable {
    readonly output: vscode.LogOutputChannel;
    readonly status: EngineStatus;
    readonly cache: ScoreCache;
    readonly models = new ModelStamps();
    readonly reader: SpecReader;
    readonly engine: EngineHandle;
    readonly lenses: ArchitectureLensProvider;
    readonly diagnostics: SpecDiagnostics;
    readonly scorer: Scorer;
    readonly rankings: RankingsPanel;
    /** The search side panel (a webview view); its searches outlive the view. */
    readonly search: SearchView;
    /** LIBRA presets (the CLI's folder): the panel's `libra` column and the lenses' LIBRA rank. */
    readonly presets: PresetIndex;
    private resolved: Promise<ResolvedOptions> | undefined;
    private lastStateKind: EngineState['kind'] | undefined;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(
        readonly extension: vscode.ExtensionContext,
        deps: CtxDeps = {},
    ) {
        const distDir = path.join(extension.extensionPath, 'dist');
        this.output = vscode.window.createOutputChannel('L-SWAG Engine', { log: true });
        this.status = new EngineStatus();
        this.cache = new ScoreCache(() => rankingProxy(currentSettings().proxies));
        this.reader = new SpecReader(distDir, (m) => this.output.error(m), deps.loadPython);
        this.engine = new EngineHandle({
            workerPath: path.join(distDir, 'worker.js'),
            settings: currentSettings,
            log: (level, message) => this.output[level](message),
            onState: (state) => this.engineStateChanged(state),
            create: deps.createEngine,
        });
        const fileKey = (file: string, text: string) => this.fileKey(file, text);
        const isTrusted = () => vscode.workspace.isTrusted;
        this.presets = new PresetIndex(deps.presetDir ?? userPresetDir(), (m) => this.output.warn(m), path.join(extension.extensionPath, 'media', 'presets'));
        this.lenses = new ArchitectureLensProvider({
            reader: this.reader,
            cache: this.cache,
            fileKey,
            isTrusted,
            presets: this.presets,
        });
        this.diagnostics = new SpecDiagnostics({
            reader: this.reader,
            cache: this.cache,
            fileKey,
            delayMs: deps.diagnosticsDelayMs,
        });
        this.scorer = new Scorer({
            engine: this.engine,
            cache: this.cache,
            models: this.models,
            status: this.status,
            output: this.output,
            options: () => this.scoreOptions(),
            isTrusted,
            onResults: () => this.resultsChanged(),
        });
        this.rankings = new RankingsPanel({
            distDir,
            source: {
                lastRun: () => runView(this.scorer.lastRun),
                fileView: (file) => this.fileView(file),
            },
            log: (m) => this.output.warn(m),
            presets: this.presets,
            calibration: async (space) =>
                (await import('./spaceProfiles')).loadSpaceProfile(space, this.calibrationDir),
            onPresetsChanged: () => this.lenses.refresh(),
        });
        this.search = new SearchView({
            distDir,
            engine: () => this.engine.get(),
            presets: this.presets,
            environment: () => this.searchEnvironment(),
            log: (m) => this.output.warn(m),
        });
        this.disposables.push(
            this.output,
            this.status,
            this.reader,
            this.lenses,
            this.diagnostics,
            this.rankings,
            this.search,
            vscode.window.registerWebviewViewProvider(SearchView.viewType, this.search),
            vscode.languages.registerCodeLensProvider(
                ArchitectureLensProvider.selector,
                this.lenses,
            ),
            vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
            vscode.workspace.onDidGrantWorkspaceTrust(() => this.optionsChanged()),
            vscode.workspace.onDidSaveTextDocument((d) => void this.rescoreOnSave(d)),
            ...this.watchModelFiles(),
        );
    }

    /** Where calibrated windows are saved (global storage, shared by every workspace). */
    get calibrationDir(): string {
        return calibrationDir(this.extension.globalStorageUri.fsPath);
    }

    /** `lswag.data` as a source; synthetic in untrusted workspaces. */
    data(): DataResolution {
        const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        return resolveData(currentSettings().data, {
            isTrusted: vscode.workspace.isTrusted,
            workspaceRoot: root,
        });
    }

    /** The score options of the current settings (memoised until a setting, trust or window changes). */
    scoreOptions(): Promise<ResolvedOptions> {
        this.resolved ??= this.resolveOptions();
        return this.resolved;
    }

    /** The cache key of a text under the current options; undefined while the options are invalid. */
    async fileKey(file: string, text: string): Promise<FileKey | undefined> {
        const r = await this.scoreOptions();
        return 'error' in r ? undefined : keyOf(file, text, r.key, this.models.epoch(file));
    }

    /** A model file that changes on disk makes the scores of the files reading it stale (lenses say "Score" again). */
    private watchModelFiles(): vscode.Disposable[] {
        const watcher = vscode.workspace.createFileSystemWatcher('**/*.onnx');
        const changed = (uri: vscode.Uri) => {
            if (this.models.changed(uri.fsPath).length > 0) this.lenses.refresh();
        };
        return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
    }

    /** Settings, trust or calibrated windows changed: new options key, fresh lenses and diagnostics. */
    optionsChanged(): void {
        this.resolved = undefined;
        this.lenses.refresh();
        this.diagnostics.refreshAll();
    }

    /** Stops the engine (deactivate). */
    async stop(): Promise<void> {
        await this.engine.dispose();
    }

    dispose(): void {
        for (const d of this.disposables.splice(0).reverse()) d.dispose();
        void this.engine.dispose();
    }

    private async resolveOptions(): Promise<ResolvedOptions> {
        const s = currentSettings();
        const data = this.data();
        if ('error' in data) return data;
        const { calibratedWindows } = await import('../host/calibrationStore');
        const options: ScoreOptions = {
            proxies: s.proxies,
            data: data.data,
            batch: s.batchSize,
            batches: s.batches,
            seed: s.seed,
            psiSamples: Math.min(s.psiSamples, s.batchSize),
            gradientMode: 'batches',
            // Why: windows calibrated here override the CLI's (~/.lswag) and the shipped ones.
            calibratedWindows: {
                ...calibratedWindows(),
                ...readStoredWindows(this.calibrationDir),
            },
        };
        return { options, key: optionsKey(options) };
    }

    private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
        if (!e.affectsConfiguration(SECTION)) return;
        if (ENGINE_SETTINGS.some((s) => e.affectsConfiguration(s))) this.engine.markStale();
        this.optionsChanged();
    }

    private resultsChanged(): void {
        this.lenses.refresh();
        this.diagnostics.refreshAll();
        this.rankings.runFinished();
    }

    /** With `lswag.rescoreOnSave`, scores a saved file's definitions that have no cached score. */
    private async rescoreOnSave(document: SourceDocument): Promise<void> {
        if (!currentSettings().rescoreOnSave) return;
        const result = await this.reader.read(document);
        const key = await this.fileKey(document.uri.fsPath, document.getText());
        const specs = result?.specs.filter((s) => !key || !this.cache.get(key, s.name)) ?? [];
        if (specs.length === 0) return;
        const title = `Scoring ${path.basename(document.fileName)}`;
        await this.scorer.run([{ file: document.uri.fsPath, text: document.getText(), specs }], {
            scope: 'file',
            title,
            isQuiet: true,
        });
    }

    private async fileView(file: string): Promise<RankingsView | undefined> {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
        const key = document && (await this.fileKey(file, document.getText()));
        const results = key ? this.cache.results(key) : [];
        if (results.length === 0) return undefined;
        // Why the specs: they carry the known accuracies and tell the search space.
        const read = document && (await this.reader.read(document));
        const specs = new Map((read?.specs ?? []).map((s) => [s.name, s]));
        const heading = `L-SWAG scores in ${vscode.workspace.asRelativePath(file)} (${results.length} architectures)`;
        return {
            heading,
            proxies: currentSettings().proxies,
            rows: results.map((result) => ({ file, result, spec: specs.get(result.name) })),
        };
    }

    /** What a search started in the panel takes from the settings (same data and windows as scoring). */
    private async searchEnvironment() {
        const s = currentSettings();
        const { calibratedWindows } = await import('../host/calibrationStore');
        return {
            data: this.data(),
            batch: s.batchSize,
            batches: s.batches,
            psiSamples: s.psiSamples,
            calibratedWindows: { ...calibratedWindows(), ...readStoredWindows(this.calibrationDir) },
            presetDir: this.presets.dir,
        };
    }

    private engineStateChanged(state: EngineState | undefined): void {
        this.status.update(state);
        this.search.engineState(state);
        // Why: ready and busy alternate with every job; the log keeps the transitions that matter.
        if (state?.kind === 'ready' && this.lastStateKind !== 'busy') {
            this.output.info(
                `engine ready on ${state.device.device} (${state.device.threads} threads)`,
            );
        } else if (state && state.kind !== 'ready' && state.kind !== 'busy') {
            const reason = 'reason' in state && state.reason ? `: ${state.reason}` : '';
            this.output.info(`engine ${state.kind}${reason}`);
        }
        this.lastStateKind = state?.kind;
        if (state?.kind !== 'stopped' || state.reason === undefined) return;
        const message = `L-SWAG engine stopped: ${state.reason}`;
        void vscode.window
            .showErrorMessage(message, 'Open Output', 'Restart Engine')
            .then((action) => {
                if (action === 'Open Output') this.output.show(true);
                if (action === 'Restart Engine')
                    this.engine.restart().catch((e: unknown) => this.output.error(String(e)));
            });
    }
}

/** Each run's view, built once, so the panel can tell a new run from the one it shows. */
const runViews = new WeakMap<ScoreRun, RankingsView>();

/** The rankings view of a run. */
function runView(run: ScoreRun | undefined): RankingsView | undefined {
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
