// The LIBRA presets the extension knows: the workspace's (.lswag/presets), the user's global ones
// (the CLI's folder, ~/.lswag/presets by default) and the shipped ones, read asynchronously into
// memory so CodeLens titles look them up without I/O; and the LIBRA rank of an architecture among the
// results it was scored with. Only a preset the user saved (workspace or global) counts as a choice
// for lenses and the panel's column; shipped ones are search objectives only. No vscode.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type LibraPreset, parsePreset, presetScore } from '../core/libra/preset';
import type { ScoreResult } from '../protocol/worker';
import { ranks } from './scoreCache';

/** Where a preset was read from. */
export type PresetOrigin = 'workspace' | 'global' | 'shipped';

export interface NamedPreset {
    readonly name: string;
    readonly origin: PresetOrigin;
    readonly file: string;
    readonly preset: LibraPreset;
    readonly modifiedMs: number;
}

export class PresetIndex {
    private presets: NamedPreset[] = [];
    private loading: Promise<void> | undefined;

    constructor(
        /** The user's presets (where "Use this combination" saves). */
        readonly dir: string,
        private readonly log: (message: string) => void = () => undefined,
        /** Presets shipped with the extension (media/presets); a user preset of the same name hides one. */
        readonly shippedDir?: string,
        /** The workspace's presets (<folder>/.lswag/presets): first, and where a save goes by default. */
        readonly workspaceDir?: string,
    ) {}

    /** Reads the folder again (after a save); a malformed file is logged and skipped. */
    refresh(): Promise<void> {
        this.loading = this.load();
        return this.loading;
    }

    /** Loads once; later calls reuse the first load until `refresh`. */
    ensureLoaded(): Promise<void> {
        return this.loading ?? this.refresh();
    }

    /**
     * The preset the user chose for a search space: the newest one they saved (workspace before
     * global), never a shipped one (#21: a LIBRA rank appears only after the user chose a combination).
     */
    forSpace(space: string | undefined): NamedPreset | undefined {
        return space === undefined
            ? undefined
            : this.presets.find((p) => p.origin !== 'shipped' && p.preset.space === space);
    }

    /** Every loaded preset of this name (workspace, global, shipped order): what a save would hide. */
    named(name: string): NamedPreset[] {
        return this.presets.filter((p) => p.name === name);
    }

    /** The folder a save goes to for a target. */
    dirFor(target: 'workspace' | 'global'): string {
        return target === 'workspace' && this.workspaceDir ? this.workspaceDir : this.dir;
    }

    /** One preset per name, the one `libra:<name>` resolves to (workspace, global, shipped). */
    get all(): readonly NamedPreset[] {
        return this.presets.filter(
            (p, i) => this.presets.findIndex((q) => q.name === p.name) === i,
        );
    }

    private async load(): Promise<void> {
        // Why newest first: "Use this combination" saves a preset that should apply at once.
        const newest = (a: NamedPreset, b: NamedPreset) =>
            b.modifiedMs - a.modifiedMs || (a.name < b.name ? -1 : 1);
        const workspace = this.workspaceDir
            ? (await this.read(this.workspaceDir, 'workspace')).sort(newest)
            : [];
        const global = (await this.read(this.dir, 'global')).sort(newest);
        // Shipped presets come after every user one, by name (nb201-cifar10 before nb201-cifar100).
        const shipped = this.shippedDir
            ? (await this.read(this.shippedDir, 'shipped')).sort((a, b) =>
                  a.name < b.name ? -1 : 1,
              )
            : [];
        this.presets = [...workspace, ...global, ...shipped];
    }

    /** What a name resolves to (workspace, then global, then shipped), as `libra:<name>` finds it. */
    resolve(name: string): NamedPreset | undefined {
        return this.presets.find((p) => p.name === name);
    }

    private async read(dir: string, origin: PresetOrigin): Promise<NamedPreset[]> {
        let names: string[];
        try {
            names = (await readdir(dir)).filter((f) => f.endsWith('.json'));
        } catch {
            return []; // No presets saved yet.
        }
        const found: NamedPreset[] = [];
        for (const f of names) {
            const file = path.join(dir, f);
            try {
                const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
                const preset = parsePreset(JSON.parse(text));
                found.push({
                    name: f.slice(0, -'.json'.length),
                    origin,
                    file,
                    preset,
                    modifiedMs: info.mtimeMs,
                });
            } catch (e) {
                this.log(
                    `LIBRA preset ${file} skipped: ${e instanceof Error ? e.message : String(e)}`,
                );
            }
        }
        return found;
    }
}

/** A result's value of a preset's pick (params and flops fall back to the result's counts). */
const pickValue = (r: ScoreResult, p: string): number | null =>
    r.scores[p] ?? (p === 'params' ? r.params : p === 'flops' ? r.flops : null);

/**
 * The LIBRA rank (1 = best) of `result` among `peers` (the same object is among them) under the
 * preset's combination, counting only peers of its family; undefined when it is not among them or a
 * pick was not scored for it.
 */
export function libraRank(
    preset: Pick<LibraPreset, 'picks' | 'weights'>,
    peers: readonly ScoreResult[],
    result: ScoreResult,
): { rank: number; total: number } | undefined {
    const group = peers.filter((r) => r.family === result.family);
    const self = group.indexOf(result);
    if (self < 0 || preset.picks.some((p) => pickValue(result, p) === null)) return undefined;
    const population = group.map((r) =>
        Object.fromEntries(preset.picks.map((p) => [p, pickValue(r, p)])),
    );
    const r = ranks(presetScore(preset, population));
    return { rank: r[self], total: group.length };
}
