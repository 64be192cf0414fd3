// Score columns that cannot order anything: every architecture with a value has the same one (swap
// saturates at small batches, a proxy can collapse to 0). Ranking by such a column would only repeat
// the file order, so the rankings table leaves its ranks empty and the page says why. Pure.
import type { RankingRow } from './webview';

/** A column whose finite values are all equal (at least two of them). */
export interface ConstantColumn {
    readonly proxy: string;
    /** The one value every scored row has. */
    readonly value: number;
    /** How many rows have it. */
    readonly count: number;
}

/** Why a tolerance: the same saturated count computed twice may differ in the last bit. */
const RELATIVE_TOLERANCE = 1e-12;

/** The constant column of `proxy`, or undefined when its values differ (or fewer than two exist). */
export function constantColumn(
    rows: readonly RankingRow[],
    proxy: string,
): ConstantColumn | undefined {
    const values = rows
        .map((r) => r.scores[proxy])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    if (values.length < 2) return undefined;
    const first = values[0];
    const tolerance = RELATIVE_TOLERANCE * Math.max(1, Math.abs(first));
    return values.every((v) => Math.abs(v - first) <= tolerance)
        ? { proxy, value: first, count: values.length }
        : undefined;
}

/** Every constant column among `proxies`, in their order. */
export function constantColumns(
    rows: readonly RankingRow[],
    proxies: readonly string[],
): ConstantColumn[] {
    return proxies.flatMap((p) => constantColumn(rows, p) ?? []);
}
