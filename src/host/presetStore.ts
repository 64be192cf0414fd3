// Where LIBRA presets live for the CLI and the search: $LSWAG_HOME/presets/<name>.json (default
// ~/.lswag), then the presets shipped in media/presets/ (NB201 per dataset, built by
// scripts/buildPresets.mjs). Written atomically; names are plain file names, never paths.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parsePreset, type LibraPreset } from '../core/libra/preset';
import { UserInputError as UsageError } from './errors';
import { shippedMediaDir, userDir } from './lswagDirs';

const PRESET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function userPresetDir(): string {
    return userDir('presets');
}

export function shippedPresetDir(): string {
    return shippedMediaDir('presets');
}

/** The presets of the project in the current folder (where the extension saves workspace presets). */
export function workspacePresetDir(folder = process.cwd()): string {
    return path.join(folder, '.lswag', 'presets');
}

/** Folders searched for a preset name, first match wins: the workspace's, the user's, the shipped ones. */
export function presetDirs(): string[] {
    return [workspacePresetDir(), userPresetDir(), shippedPresetDir()];
}

/** The files of this name in any preset folder (what a save of the name would replace or hide). */
export function existingPresetFiles(
    name: string,
    dirs: readonly string[] = presetDirs(),
): string[] {
    return dirs.map((dir) => presetFile(name, dir)).filter(existsSync);
}

function presetFile(name: string, dir: string): string {
    if (!PRESET_NAME.test(name))
        throw new UsageError(`preset name '${name}' must be letters, digits, '.', '_' or '-'`);
    return path.join(dir, `${name}.json`);
}

export function savePreset(name: string, preset: LibraPreset, dir = userPresetDir()): string {
    const file = presetFile(name, dir);
    mkdirSync(dir, { recursive: true });
    // Why: write then rename, so a kill never leaves a half-written preset behind.
    writeFileSync(`${file}.tmp`, `${JSON.stringify(preset, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    return file;
}

/** Reads and checks a saved (or shipped) preset; throws a UsageError when it is missing or malformed. */
export function loadPreset(
    name: string,
    dirs: string | readonly string[] = presetDirs(),
): LibraPreset & { file: string } {
    const files = (typeof dirs === 'string' ? [dirs] : dirs).map((dir) => presetFile(name, dir));
    const file = files.find(existsSync) ?? files[0];
    let text: string;
    try {
        text = readFileSync(file, 'utf8');
    } catch {
        throw new UsageError(
            `no LIBRA preset '${name}' (${files.join(' or ')}); create one with 'lswag libra --save-preset ${name}'`,
        );
    }
    try {
        return { ...parsePreset(JSON.parse(text)), file };
    } catch (e) {
        throw new UsageError(`${file}: ${(e as Error).message}`);
    }
}
