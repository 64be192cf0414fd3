// The score options the settings give: `lswag.*` through the shared builder (src/host/scoreOptions.ts),
// the data setting under the workspace's trust, and the calibrated windows; memoised until a setting,
// the trust or a window changes. Also what a search started in the panel takes from the same settings.
import * as vscode from 'vscode';
import { UserInputError } from '../host/errors';
import { buildScoreOptions, optionsFromSettings, settingName } from '../host/scoreOptions';
import { readStoredWindows } from './calibrate';
import {
    type DataResolution,
    ENGINE_SETTINGS,
    SECTION,
    currentSettings,
    resolveData,
} from './config';
import type { FormEnvironment } from './searchForm';
import type { ModelStamps } from './modelStamps';
import { type FileKey, optionsKey } from './scoreCache';
import { type ResolvedOptions, keyOf } from './scoring';

export interface ScoreSettingsDeps {
    /** Where the extension's calibrated windows are saved. */
    readonly calibrationDir: string;
    readonly models: ModelStamps;
    /** Where LIBRA presets are read (the panel's objectives). */
    /** Folders a `libra:<name>` objective is looked up in, first match wins. */
    readonly presetDir: string | readonly string[];
    /** A setting that the engine starts with changed: the next job needs a fresh worker. */
    readonly onEngineSettingsChanged: () => void;
    /** The options (and so every cache key) changed: lenses and diagnostics are stale. */
    readonly onOptionsChanged: () => void;
    readonly warn: (message: string) => void;
}

export class ScoreSettings implements vscode.Disposable {
    private resolved: Promise<ResolvedOptions> | undefined;
    private readonly listeners: vscode.Disposable[];

    constructor(private readonly deps: ScoreSettingsDeps) {
        this.listeners = [
            vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
            vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed()),
        ];
    }

    /** `lswag.data` as a source; synthetic in untrusted workspaces. */
    data(): DataResolution {
        const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        return resolveData(currentSettings().data, {
            isTrusted: vscode.workspace.isTrusted,
            workspaceRoot: root,
        });
    }

    /**
     * The score options of the current settings: `lswag.*` through the options table, then the
     * builder (memoised until a setting, trust or window changes). A wrong setting is warned about
     * here, once per change, and its default is used.
     */
    options(): Promise<ResolvedOptions> {
        this.resolved ??= this.calibratedWindows().then((calibratedWindows) => {
            const data = this.data();
            if ('error' in data) return data;
            const values = optionsFromSettings(
                vscode.workspace.getConfiguration(SECTION),
                this.deps.warn,
            );
            try {
                const options = buildScoreOptions(
                    { ...values, data: data.data, calibratedWindows },
                    settingName,
                );
                return { options, key: optionsKey(options) };
            } catch (e) {
                if (e instanceof UserInputError) return { error: e.message };
                throw e;
            }
        });
        return this.resolved;
    }

    /** The cache key of a text under the current options; undefined while the options are invalid. */
    async fileKey(file: string, text: string): Promise<FileKey | undefined> {
        const r = await this.options();
        return 'error' in r ? undefined : keyOf(file, text, r.key, this.deps.models.epoch(file));
    }

    /** What a search started in the panel takes from the settings (same data and windows as scoring). */
    async searchEnvironment(): Promise<Omit<FormEnvironment, 'proxies'>> {
        const s = currentSettings();
        return {
            data: this.data(),
            batch: s.batch,
            batches: s.batches,
            psiSamples: s.psiSamples,
            calibratedWindows: await this.calibratedWindows(),
            presetDir: this.deps.presetDir,
        };
    }

    /** Settings, trust or calibrated windows changed: new options, so new cache keys. */
    changed(): void {
        this.resolved = undefined;
        this.deps.onOptionsChanged();
    }

    dispose(): void {
        for (const d of this.listeners.splice(0)) d.dispose();
    }

    /** Why merged: windows calibrated here override the CLI's (~/.lswag) and the shipped ones. */
    private async calibratedWindows(): Promise<Record<string, readonly [number, number]>> {
        const { calibratedWindows } = await import('../host/calibrationStore');
        return { ...calibratedWindows(), ...readStoredWindows(this.deps.calibrationDir) };
    }

    private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
        if (!e.affectsConfiguration(SECTION)) return;
        if (ENGINE_SETTINGS.some((s) => e.affectsConfiguration(s)))
            this.deps.onEngineSettingsChanged();
        this.changed();
    }
}
