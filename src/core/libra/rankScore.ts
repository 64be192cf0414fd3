// The AZ-NAS combination shared by LIBRA, its alternatives and presets: Σ_k w_k log(rank_k / N), with
// ascending average ranks (best = N, so higher is better) and missing scores ranked worst.
import { averageRanks } from '../eval/correlation';

/**
 * Combined score per architecture: Σ over columns k of w_k * ln(rank_k(i) / N), N = rows scored
 * together; ties share their average rank and null/NaN rank worst. No columns gives all zeros.
 * Weights default to 1 each.
 */
export function rankLogScore(
    columns: readonly (readonly (number | null)[])[],
    n: number,
    weights?: readonly number[],
): number[] {
    if (weights !== undefined && weights.length !== columns.length) {
        throw new Error(`${weights.length} weights for ${columns.length} columns`);
    }
    const out = new Array<number>(n).fill(0);
    columns.forEach((column, k) => {
        if (column.length !== n)
            throw new Error(`a column has ${column.length} values, expected ${n}`);
        const w = weights?.[k] ?? 1;
        const ranks = averageRanks(column);
        for (let i = 0; i < n; i++) out[i] += w * Math.log(ranks[i] / n);
    });
    return out;
}
