// Typed getters for the `lswag.*` settings, with the defaults package.json declares, and the one
// place a setting becomes score options. Untrusted workspaces never read a data path.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { DataSourceSpec, DeviceChoice } from '../protocol/worker';

export const SECTION = 'lswag';

export const DEVICES: readonly DeviceChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

/** Proxies scored when `lswag.proxies` is not set (the CLI's default; a test keeps them equal). */
export const DEFAULT_PROXIES: readonly string[] = [
    'lswag',
    'params',
    'flops',
    'zico',
    'swap',
    'nwot',
    'synflow',
];

/** Everything the extension reads from settings, typed and clamped. */
export interface Settings {
    readonly device: DeviceChoice;
    /** onnxruntime threads; undefined = the worker's default (min(4, CPUs)). */
    readonly threads: number | undefined;
    readonly batchSize: number;
    readonly batches: number;
    readonly psiSamples: number;
    readonly proxies: readonly string[];
    /** 'synthetic' or a path, as written. */
    readonly data: string;
    readonly rescoreOnSave: boolean;
    /** Seed of the weight initialisation and the data draw (same seed, same numbers). */
    readonly seed: number;
    /** Show the "Score" / "L-SWAG ... - rank k/n" lenses above definitions. */
    readonly codeLens: boolean;
    /** Kill the worker above this resident memory; undefined = no limit. */
    readonly maxWorkerMemoryMb: number | undefined;
}

/** The part of `vscode.WorkspaceConfiguration` the getters use. */
export interface ConfigSource {
    get<T>(key: string): T | undefined;
}

/** Settings whose change means a fresh worker (the rest apply to the next job). */
export const ENGINE_SETTINGS = ['device', 'threads', 'maxWorkerMemoryMb'].map(
    (k) => `${SECTION}.${k}`,
);

const positiveInt = (v: unknown, fallback: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : fallback;

/** Reads and checks every setting; a value of the wrong type falls back to its default. */
export function readSettings(config: ConfigSource): Settings {
    const device = config.get<string>('device');
    const threads = config.get<number>('threads');
    const memory = config.get<number>('maxWorkerMemoryMb');
    const proxies = config.get<unknown>('proxies');
    const data = config.get<unknown>('data');
    return {
        device: DEVICES.includes(device as DeviceChoice) ? (device as DeviceChoice) : 'auto',
        threads: positiveInt(threads, 0) || undefined,
        batchSize: positiveInt(config.get('batchSize'), 64),
        batches: positiveInt(config.get('batches'), 2),
        psiSamples: positiveInt(config.get('psiSamples'), 16),
        proxies:
            Array.isArray(proxies) &&
            proxies.length > 0 &&
            proxies.every((p) => typeof p === 'string')
                ? [...new Set(proxies as string[])]
                : DEFAULT_PROXIES,
        data: typeof data === 'string' && data.trim() !== '' ? data.trim() : 'synthetic',
        rescoreOnSave: config.get<boolean>('rescoreOnSave') === true,
        seed: ((v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0))(config.get<unknown>('seed')),
        codeLens: config.get<boolean>('codeLens') !== false,
        maxWorkerMemoryMb: positiveInt(memory, 0) || undefined,
    };
}

/** The current settings (workspace and user merged by VS Code). */
export function currentSettings(): Settings {
    return readSettings(vscode.workspace.getConfiguration(SECTION));
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
    if (value === 'synthetic' || !opts.isTrusted) return { data: { kind: 'synthetic' } };
    const expanded = value.replace(/\$\{workspaceFolder\}/g, opts.workspaceRoot ?? '');
    if (!path.isAbsolute(expanded) && !opts.workspaceRoot) {
        return { error: `lswag.data: '${value}' is relative and no folder is open` };
    }
    const full = path.resolve(opts.workspaceRoot ?? '', expanded);
    if (!existsSync(full)) return { error: `lswag.data: '${value}' does not exist` };
    if (full.endsWith('.npy')) return { data: { kind: 'npy', path: full } };
    if (full.endsWith('.bin')) return { data: { kind: 'cifar', path: full } };
    if (statSync(full).isDirectory()) {
        const isCifar = readdirSync(full).some((f) => f.endsWith('.bin'));
        return { data: { kind: isCifar ? 'cifar' : 'images', path: full } };
    }
    return {
        error: `lswag.data: '${value}' is not a folder of images, CIFAR .bin files or a .npy file`,
    };
}
