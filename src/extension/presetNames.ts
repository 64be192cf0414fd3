// The overwrite guard of "Use this combination" (#21): a suggested name that collides with nothing,
// and the sentence that asks before a save would replace or hide an existing preset (the user's, in
// either folder, or a shipped one). Pure; the panel asks the question. No vscode.
import type { PresetOrigin } from './presetIndex';

export type SaveTarget = 'workspace' | 'global';

export interface ExistingPreset {
    readonly name: string;
    readonly origin: PresetOrigin;
}

const WHERE: Readonly<Record<PresetOrigin, string>> = {
    workspace: 'in this workspace',
    global: 'in your global presets (~/.lswag/presets)',
    shipped: 'shipped with the extension',
};

/** `base`, else `base-2`, `base-3`, ...: the first name no existing preset has. */
export function freePresetName(base: string, existing: readonly ExistingPreset[]): string {
    const taken = new Set(existing.map((p) => p.name));
    if (!taken.has(base)) return base;
    for (let k = 2; ; k++) if (!taken.has(`${base}-${k}`)) return `${base}-${k}`;
}

/**
 * Undefined when saving `name` to `target` touches no other preset; otherwise the question to confirm:
 * the same name in the target folder is replaced, and one elsewhere (the other folder, or shipped) is
 * hidden for every search objective and lens that uses the name.
 */
export function overwriteQuestion(
    name: string,
    target: SaveTarget,
    existing: readonly ExistingPreset[],
): string | undefined {
    const same = existing.filter((p) => p.name === name);
    if (same.length === 0) return undefined;
    const parts = same.map((p) =>
        p.origin === target
            ? `replaces the preset '${name}' ${WHERE[p.origin]}`
            : p.origin === 'workspace'
              ? `is hidden by the preset '${name}' ${WHERE.workspace}`
              : `hides the preset '${name}' ${WHERE[p.origin]}`,
    );
    return `Saving '${name}' ${target === 'workspace' ? 'in this workspace' : 'globally'} ${parts.join(' and ')}. Save anyway?`;
}
