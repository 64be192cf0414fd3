// Rank correlations against accuracy (docs/proxies.md): Spearman rho on average ranks and
// Kendall tau-b, ties handled; missing scores (null/NaN) rank worst.

/** Ascending ranks 1..n with ties averaged; null/NaN values take the lowest ranks (worst). */
export function averageRanks(values: readonly (number | null)[]): number[] {
    const order = values
        .map((v, i) => ({ v: v === null || Number.isNaN(v) ? -Infinity : v, i }))
        .sort((a, b) => a.v - b.v);
    const ranks = new Array<number>(values.length);
    for (let start = 0; start < order.length;) {
        let end = start;
        while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
        const rank = (start + end) / 2 + 1;
        for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
        start = end + 1;
    }
    return ranks;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
    const n = a.length;
    const ma = a.reduce((s, v) => s + v, 0) / n;
    const mb = b.reduce((s, v) => s + v, 0) / n;
    let sab = 0;
    let saa = 0;
    let sbb = 0;
    for (let i = 0; i < n; i++) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) ** 2;
        sbb += (b[i] - mb) ** 2;
    }
    return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/** Spearman rho: Pearson correlation of average ranks. NaN when either side is constant. */
export function spearman(scores: readonly (number | null)[], accuracy: readonly number[]): number {
    return pearson(averageRanks(scores), averageRanks(accuracy));
}

/** Pairs tied within each run of equal values of a sorted key: Σ t(t-1)/2. */
function tiedPairs<T>(sorted: readonly T[], same: (a: T, b: T) => boolean): number {
    let pairs = 0;
    for (let start = 0; start < sorted.length;) {
        let end = start + 1;
        while (end < sorted.length && same(sorted[start], sorted[end])) end++;
        pairs += ((end - start) * (end - start - 1)) / 2;
        start = end;
    }
    return pairs;
}

/** Sorts `ys` ascending in place by merge sort and returns how many swaps (inversions) it took. */
function sortCountingInversions(ys: number[]): number {
    let swaps = 0;
    let from = ys.slice();
    let to = new Array<number>(ys.length);
    for (let width = 1; width < ys.length; width *= 2) {
        for (let lo = 0; lo < ys.length; lo += 2 * width) {
            const mid = Math.min(lo + width, ys.length);
            const hi = Math.min(lo + 2 * width, ys.length);
            let [i, j, k] = [lo, mid, lo];
            while (i < mid && j < hi) {
                if (from[j] < from[i]) {
                    swaps += mid - i; // every element still on the left is greater: one inversion each
                    to[k++] = from[j++];
                } else to[k++] = from[i++];
            }
            while (i < mid) to[k++] = from[i++];
            while (j < hi) to[k++] = from[j++];
        }
        [from, to] = [to, from];
    }
    from.forEach((v, k) => (ys[k] = v));
    return swaps;
}

/**
 * Kendall tau-b (ties in either variable corrected) by Knight's O(n log n) method: sort by
 * (score, accuracy); discordant pairs are the inversions of the accuracies in that order, so
 * C - D = n0 - n1 - n2 + n3 - 2·swaps and tau-b = (C - D) / √((n0 - n1)(n0 - n2)), with n1, n2 the
 * pairs tied in score, in accuracy, and n3 those tied in both.
 */
export function kendallTauB(
    scores: readonly (number | null)[],
    accuracy: readonly number[],
): number {
    const rows = scores.map((v, i) => ({
        x: v === null || Number.isNaN(v) ? -Infinity : v,
        y: accuracy[i],
    }));
    const cmp = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
    rows.sort((a, b) => cmp(a.x, b.x) || cmp(a.y, b.y));
    const n = rows.length;
    const n0 = (n * (n - 1)) / 2;
    const n1 = tiedPairs(rows, (a, b) => a.x === b.x);
    const n3 = tiedPairs(rows, (a, b) => a.x === b.x && a.y === b.y);
    const ys = rows.map((r) => r.y);
    const swaps = sortCountingInversions(ys);
    const n2 = tiedPairs(ys, (a, b) => a === b);
    const denominator = Math.sqrt((n0 - n1) * (n0 - n2));
    return denominator === 0 ? NaN : (n0 - n1 - n2 + n3 - 2 * swaps) / denominator;
}
