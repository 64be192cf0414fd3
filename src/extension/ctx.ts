// The extension's context: owns every lifetime (output channel, status item, providers, the engine
// handle, listeners) and wires them together; each behaviour lives in the module its name says.
// Creating it is cheap: no front end, parser or engine is loaded here.
import path from 'node:path';
import * as vscode from 'vscode';
import { userPresetDir } from '../host/presetStore';
import { ArchitecturesTree } from './architecturesTree';
import { calibrationDir } from './calibrate';
import { ArchitectureLensProvider } from './codeLens';
import { currentSettings } from './config';
import { SpecDiagnostics } from './diagnostics';
import { type EngineFactory, EngineHandle } from './engineHandle';
import { EngineStateReport } from './engineStateReport';
import { watchModelFiles } from './modelFileWatcher';
import { ModelStamps } from './modelStamps';
import { PresetIndex } from './presetIndex';
import { QueueHandle } from './queueHandle';
import { RankingsPanel } from './rankingsPanel';
import { fileView, runView } from './rankingsSource';
import { rescoreOnSave } from './rescoreOnSave';
import { ScoreCache, rankingProxy } from './scoreCache';
import { ScoreSettings } from './scoreSettings';
import { Scorer } from './scoring';
import { SearchView } from './searchView';
import { SearchTimings } from './searchTimings';
import { type PythonLoader, SpecReader } from './specReader';
import { EngineStatus } from './statusBar';
import { TraceActionProvider } from './traceAction';
import { Tracing } from './tracing';

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
    /** `lswag.queue`: Score All and the search panel enqueue there when it is set. */
    readonly queue: QueueHandle;
    /** The score options the settings give (and the search panel's share of them). */
    readonly settings: ScoreSettings;
    readonly lenses: ArchitectureLensProvider;
    readonly diagnostics: SpecDiagnostics;
    readonly scorer: Scorer;
    readonly tracing: Tracing;
    readonly rankings: RankingsPanel;
    /** The search side panel (a webview view); its searches outlive the view. */
    readonly search: SearchView;
    /** The "Architecture Rankings" tree: the cache grouped by comparable group. */
    readonly architectures: ArchitecturesTree;
    /** LIBRA presets (the CLI's folder): the panel's `libra` column and the lenses' LIBRA rank. */
    readonly presets: PresetIndex;
    /** Where calibrated windows are saved (global storage, shared by every workspace). */
    readonly calibrationDir: string;
    private readonly disposables: vscode.Disposable[] = [];

    constructor(
        readonly extension: vscode.ExtensionContext,
        deps: CtxDeps = {},
    ) {
        const distDir = path.join(extension.extensionPath, 'dist');
        this.calibrationDir = calibrationDir(extension.globalStorageUri.fsPath);
        this.output = vscode.window.createOutputChannel('L-SWAG Engine', { log: true });
        this.status = new EngineStatus();
        this.cache = new ScoreCache(() => rankingProxy(currentSettings().proxies));
        this.reader = new SpecReader(distDir, (m) => this.output.error(m), deps.loadPython);
        const stateReport = new EngineStateReport({
            output: this.output,
            show: (state) => {
                this.status.update(state);
                this.search.engineState(state);
            },
            restart: () => this.engine.restart(),
        });
        this.engine = new EngineHandle({
            workerPath: path.join(distDir, 'worker.js'),
            settings: currentSettings,
            log: (level, message) => this.output[level](message),
            onState: (state) => stateReport.changed(state),
            create: deps.createEngine,
        });
        this.queue = new QueueHandle(extension.secrets, this.output);
        // Why the workspace first: a combination chosen for this project's architectures (#21).
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        this.presets = new PresetIndex(
            deps.presetDir ?? userPresetDir(),
            (m) => this.output.warn(m),
            path.join(extension.extensionPath, 'media', 'presets'),
            folder && path.join(folder, '.lswag', 'presets'),
        );
        this.settings = new ScoreSettings({
            calibrationDir: this.calibrationDir,
            models: this.models,
            presetDir: [
                ...(this.presets.workspaceDir ? [this.presets.workspaceDir] : []),
                this.presets.dir,
                ...(this.presets.shippedDir ? [this.presets.shippedDir] : []),
            ],
            onEngineSettingsChanged: () => this.engine.markStale(),
            onOptionsChanged: () => this.refreshFileViews(),
            warn: (m) => this.output.warn(m),
        });
        const fileKey = (file: string, text: string) => this.settings.fileKey(file, text);
        const isTrusted = () => vscode.workspace.isTrusted;
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
        this.tracing = new Tracing({ output: this.output, isTrusted });
        this.scorer = new Scorer({
            engine: this.engine,
            cache: this.cache,
            models: this.models,
            status: this.status,
            output: this.output,
            options: () => this.settings.options(),
            isTrusted,
            queue: () => this.queue.get(),
            onResults: () => {
                this.refreshFileViews();
                this.rankings.runFinished();
            },
        });
        this.rankings = new RankingsPanel({
            distDir,
            source: {
                lastRun: () => runView(this.scorer.lastRun, this.cache),
                fileView: (file) =>
                    fileView(file, { cache: this.cache, reader: this.reader, fileKey }),
            },
            log: (m) => this.output.warn(m),
            presets: this.presets,
            calibration: async (space) =>
                (await import('./spaceProfiles')).loadSpaceProfile(space, this.calibrationDir),
            onPresetsChanged: () => this.lenses.refresh(),
        });
        this.architectures = new ArchitecturesTree({
            cache: this.cache,
            reader: this.reader,
            optionsKey: async () => {
                const r = await this.settings.options();
                return 'error' in r ? undefined : r.key;
            },
            fileKey,
            proxies: () => currentSettings().proxies,
            rankingProxy: () => rankingProxy(currentSettings().proxies),
        });
        this.search = new SearchView({
            distDir,
            engine: async () => (await this.queue.get()) ?? this.engine.get(),
            presets: this.presets,
            environment: () => this.settings.searchEnvironment(),
            log: (m) => this.output.warn(m),
            timings: new SearchTimings(extension.globalState),
            onBestFile: async (best) => {
                const { seedBestFileScores } = await import('./bestFileScores');
                const outcome = await seedBestFileScores(best, {
                    cache: this.cache,
                    options: () => this.settings.options(),
                    fileKey,
                    refresh: () => this.refreshFileViews(),
                });
                if ('skipped' in outcome)
                    this.output.info(
                        `best-architecture file: lenses not filled: ${outcome.skipped}`,
                    );
            },
        });
        this.disposables.push(
            this.output,
            this.status,
            this.queue,
            this.reader,
            this.settings,
            this.lenses,
            this.diagnostics,
            this.rankings,
            this.architectures,
            this.search,
            // Why: the open panel shows the cache the lenses read, so it follows every change.
            this.cache.onDidChange(() => this.rankings.runFinished()),
            vscode.window.registerTreeDataProvider(ArchitecturesTree.viewId, this.architectures),
            vscode.window.registerWebviewViewProvider(SearchView.viewType, this.search),
            vscode.languages.registerCodeLensProvider(
                ArchitectureLensProvider.selector,
                this.lenses,
            ),
            vscode.languages.registerCodeActionsProvider(
                ArchitectureLensProvider.selector,
                new TraceActionProvider({
                    reader: this.reader,
                    isTracingAvailable: () => this.tracing.isAvailable,
                }),
                { providedCodeActionKinds: TraceActionProvider.kinds },
            ),
            rescoreOnSave({ reader: this.reader, cache: this.cache, scorer: this.scorer, fileKey }),
            ...watchModelFiles(this.models, () => this.lenses.refresh()),
        );
    }

    /** Stops the engine (deactivate). */
    async stop(): Promise<void> {
        await this.engine.dispose();
    }

    dispose(): void {
        for (const d of this.disposables.splice(0).reverse()) d.dispose();
        void this.engine.dispose();
    }

    /** Lenses and diagnostics show the cache under the current options again. */
    private refreshFileViews(): void {
        this.lenses.refresh();
        this.diagnostics.refreshAll();
        // Why optional: the settings may report a change while the context is still being built.
        this.architectures?.refresh();
    }
}
