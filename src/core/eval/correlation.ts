// Rank correlations against accuracy (DESIGN.md section 4): Spearman rho on average ranks and
// Kendall tau-b, ties handled; missing scores (null/NaN) rank worst.

/** Ascending ranks 1..n with ties averaged; null/NaN values take the lowest ranks (worst). */
export function averageRanks(values: readonly (number | null)[]): number[] {
    const order = values.map((v, i) => ({ v: v === null || Number.isNaN(v) ? -Infinity : v, i })).sort((a, b) => a.v - b.v);
    const ranks = new Array<number>(values.length);
    for (let start = 0; start < order.length; ) {
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

/** Kendall tau-b (ties in either variable corrected), O(n²): n is at most a few thousand here. */
export function kendallTauB(scores: readonly (number | null)[], accuracy: readonly number[]): number {
    const x = scores.map((v) => (v === null || Number.isNaN(v) ? -Infinity : v));
    let concordant = 0;
    let discordant = 0;
    let tiesX = 0;
    let tiesY = 0;
    for (let i = 0; i < x.length; i++) {
        for (let j = i + 1; j < x.length; j++) {
            const dx = Math.sign(x[i] - x[j] || 0);
            const dy = Math.sign(accuracy[i] - accuracy[j]);
            if (dx === 0 && dy === 0) continue;
            if (dx === 0) tiesX++;
            else if (dy === 0) tiesY++;
            else if (dx === dy) concordant++;
            else discordant++;
        }
    }
    const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    return denominator === 0 ? NaN : (concordant - discordant) / denominator;
}
