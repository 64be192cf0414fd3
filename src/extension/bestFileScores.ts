// The scores a search already knows, given to the lenses of the best-architecture file it wrote, so
// "Open best" shows them instead of "Score". Only when the run scored under the options the lenses
// use now (data, batch, seed, window...; the proxy list aside), since a lens claims its value is what
// scoring would give; and only when the run computed the proxy the lenses rank by. No vscode here.
import { readArchitectureFile } from '../core/frontends/archFile';
import { comparableGroup } from '../core/rankings/comparableGroup';
import type { ScoreOptions } from '../protocol/worker';
import {
    type FileKey,
    type ScoreCache,
    candidateKey,
    optionsKey,
    rankingProxy,
} from './scoreCache';
import type { ResolvedOptions } from './scoring';
import type { BestFileScores } from './searchView';

export interface BestFileDeps {
    readonly cache: ScoreCache;
    readonly options: () => Promise<ResolvedOptions>;
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
    /** The lenses ask for their titles again. */
    readonly refresh: () => void;
}

/** The options that decide a score's value: everything but which proxies were asked for. */
const valueKey = (o: ScoreOptions): string => optionsKey({ ...o, proxies: [] });

/** Puts the run's results in the score cache under the file's key; says why not when it cannot. */
export async function seedBestFileScores(
    best: BestFileScores,
    deps: BestFileDeps,
): Promise<{ seeded: number } | { skipped: string }> {
    const current = await deps.options();
    if ('error' in current) return { skipped: current.error };
    if (valueKey(best.options) !== valueKey(current.options))
        return {
            skipped:
                'the run scored with other options than the settings (batch, data, seed...); Score gives values for these',
        };
    const proxy = rankingProxy(current.options.proxies);
    if (!best.results.every((r) => Number.isFinite(r.scores[proxy] ?? NaN)))
        return { skipped: `the run did not compute ${proxy}, which the lenses show` };
    const key = await deps.fileKey(best.file, best.text);
    if (!key) return { skipped: 'the score settings are invalid' };
    // Why read back: a score is cached per candidate, keyed by the spec the lenses will read.
    const specs = new Map(readArchitectureFile(best.text, best.file).specs.map((s) => [s.name, s]));
    let seeded = 0;
    for (const result of best.results) {
        const spec = specs.get(result.name);
        if (!spec) continue;
        deps.cache.put(candidateKey(key, spec), result, comparableGroup(spec), spec);
        seeded++;
    }
    deps.refresh();
    return { seeded };
}
