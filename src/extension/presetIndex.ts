// The LIBRA presets the extension knows (the CLI's folder, ~/.lswag/presets by default), read
// asynchronously into memory so CodeLens titles look them up without I/O, and the LIBRA rank of an
// architecture among the results it was scored with. No vscode.
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { type LibraPreset, parsePreset, presetScore } from '../core/libra/preset';
import type { ScoreResult } from '../protocol/worker';
import { ranks } from './scoreCache';

export interface NamedPreset {
    readonly name: string;
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
        private readonly shippedDir?: string,
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

    /** The newest preset for a search space (the one saved last), if any is loaded. */
    forSpace(space: string | undefined): NamedPreset | undefined {
        return space === undefined ? undefined : this.presets.find((p) => p.preset.space === space);
    }

    get all(): readonly NamedPreset[] {
        return this.presets;
    }

    private async load(): Promise<void> {
        const user = await this.read(this.dir);
        // Why newest first: "Use this combination" saves a preset that should apply at once.
        user.sort((a, b) => b.modifiedMs - a.modifiedMs || (a.name < b.name ? -1 : 1));
        // Shipped presets come after every user one, by name (nb201-cifar10 before nb201-cifar100).
        const shipped = this.shippedDir
            ? (await this.read(this.shippedDir)).filter((p) => !user.some((u) => u.name === p.name))
            : [];
        this.presets = [...user, ...shipped.sort((a, b) => (a.name < b.name ? -1 : 1))];
    }

    private async read(dir: string): Promise<NamedPreset[]> {
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
