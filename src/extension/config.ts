// Typed getters for the `lswag.*` settings. The score and engine settings map onto the shared
// options table (src/host/scoreOptions.ts), so they take the CLI's checks and defaults; the
// extension's own settings (rescoreOnSave, codeLens) are read here. Untrusted workspaces never read a data path.
import * as vscode from 'vscode';
import { resolveDataSource } from '../host/dataSource';
import { UserInputError } from '../host/errors';
import {
    type OptionDef,
    type OptionValues,
    SCORE_DEFAULTS,
    SCORE_OPTIONS,
    type SettingSource,
    optionsFromSettings,
} from '../host/scoreOptions';
import type { DataSourceSpec } from '../protocol/worker';

export const SECTION = 'lswag';

/** Option values with their defaults filled in: what the settings ask for. */
export type SettingValues = OptionValues & typeof SCORE_DEFAULTS;

/** Everything the extension reads from settings, checked. */
export interface Settings extends SettingValues {
    /** Score a saved file's definitions again when their text changed. */
    readonly rescoreOnSave: boolean;
    /** Show the "Score" / "L-SWAG ... - rank k/n" lenses above definitions. */
    readonly codeLens: boolean;
    /** Trace PyTorch definitions that static reading cannot build (trusted workspaces only). */
    readonly usePython: boolean;
}

/** Settings whose change means a fresh worker (the rest apply to the next job). */
export const ENGINE_SETTINGS = (['device', 'threads', 'maxWorkerMemoryMb'] as const).map(
    (k) => `${SECTION}.${SCORE_OPTIONS[k].setting}`,
);

/** Every `lswag.*` setting the extension reads (package.json declares each; a test keeps them equal). */
export const SETTING_NAMES: readonly string[] = [
    ...(Object.values(SCORE_OPTIONS) as OptionDef[]).flatMap((d) =>
        d.setting === undefined ? [] : [d.setting],
    ),
    'rescoreOnSave',
    'codeLens',
    'usePython',
    // Read by queueHandle.ts (it may hold a secret, so it is not part of Settings).
    'queue',
];

/** Reads and checks every setting; a wrong value falls back to its default (and `warn` says so). */
export function readSettings(config: SettingSource, warn?: (message: string) => void): Settings {
    return {
        ...SCORE_DEFAULTS,
        ...optionsFromSettings(config, warn),
        rescoreOnSave: config.get<boolean>('rescoreOnSave') === true,
        codeLens: config.get<boolean>('codeLens') !== false,
        usePython: config.get<boolean>('usePython') !== false,
    };
}

/** The current settings (workspace and user merged by VS Code). */
export function currentSettings(warn?: (message: string) => void): Settings {
    return readSettings(vscode.workspace.getConfiguration(SECTION), warn);
}

/** Where a data setting resolves: a source, or why it cannot be used. */
export type DataResolution = { readonly data: DataSourceSpec } | { readonly error: string };

/**
 * `lswag.data` as a data source. Relative paths are taken from `workspaceRoot`. Why: in an
 * untrusted workspace no data folder is read, so scoring uses synthetic data whatever is set.
 */
export function resolveData(
    value: string,
    opts: { isTrusted: boolean; workspaceRoot?: string },
): DataResolution {
    if (!opts.isTrusted) return { data: { kind: 'synthetic' } };
    const expanded = value.replace(/\$\{workspaceFolder\}/g, opts.workspaceRoot ?? '');
    try {
        return {
            data: resolveDataSource(
                { data: expanded },
                { baseDir: opts.workspaceRoot, label: `${SECTION}.data`, written: value },
            ),
        };
    } catch (e) {
        if (e instanceof UserInputError) return { error: e.message };
        throw e;
    }
}
