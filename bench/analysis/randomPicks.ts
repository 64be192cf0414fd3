// Random sampling as the baseline of a search: each of `draws` draws takes `evaluations` distinct
// cells (a partial Fisher-Yates shuffle) and keeps the best by score.
import type { Rng } from '../../src/core/util/rng';

export function randomPicks<T extends { readonly score: number }>(
    cells: readonly T[],
    evaluations: number,
    draws: number,
    rng: Rng,
): T[] {
    const picks: T[] = [];
    for (let r = 0; r < draws; r++) {
        const sample = [...cells];
        for (let i = 0; i < evaluations; i++) {
            const j = i + rng.int(sample.length - i);
            [sample[i], sample[j]] = [sample[j], sample[i]];
        }
        picks.push(sample.slice(0, evaluations).reduce((m, x) => (x.score > m.score ? x : m)));
    }
    return picks;
}
