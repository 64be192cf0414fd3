// Seeded splits of a labelled sample for LIBRA's out-of-sample protocol: k folds, or one held-out
// fraction. Pure and deterministic: the same n, k (or fraction) and seed give the same split anywhere.
import { Rng } from '../util/rng';

/** One split: the rows that choose the combination and the rows that measure it. */
export interface Split {
    readonly train: readonly number[];
    readonly test: readonly number[];
}

/** 0..n-1 in a seeded Fisher-Yates order. */
export function shuffledRows(n: number, seed: number): number[] {
    const rng = new Rng(seed);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
    }
    return order;
}

const ascending = (rows: number[]): number[] => rows.sort((a, b) => a - b);

/**
 * k folds of a seeded shuffle: fold f tests rows at shuffled positions f, f + k, f + 2k, ... and
 * trains on the rest, so fold sizes differ by at most one and every row is tested exactly once.
 */
export function kFoldSplits(n: number, k: number, seed: number): Split[] {
    if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer >= 2, got ${k}`);
    if (n < k) throw new Error(`${n} labelled rows are too few for ${k} folds`);
    const order = shuffledRows(n, seed);
    return Array.from({ length: k }, (_, f) => {
        const test: number[] = [];
        const train: number[] = [];
        order.forEach((row, pos) => (pos % k === f ? test : train).push(row));
        return { train: ascending(train), test: ascending(test) };
    });
}

/** One split that holds out round(fraction * n) rows of a seeded shuffle (at least one each side). */
export function heldOutSplit(n: number, fraction: number, seed: number): Split {
    if (!(fraction > 0 && fraction < 1))
        throw new Error(`the held-out fraction must be between 0 and 1, got ${fraction}`);
    const size = Math.round(fraction * n);
    if (size < 1 || size > n - 1)
        throw new Error(`holding out ${fraction} of ${n} rows leaves one side empty`);
    const order = shuffledRows(n, seed);
    return { test: ascending(order.slice(0, size)), train: ascending(order.slice(size)) };
}
