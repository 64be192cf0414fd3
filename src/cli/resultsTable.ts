// Formats score results as an aligned text table, ranked by the first proxy.
import type { ScoreResult } from '../protocol/worker';
import { terminalText } from './terminalText';

function formatNumber(v: number | null): string {
    if (v === null) return '-';
    if (Number.isInteger(v) && Math.abs(v) < 1e12) return v.toLocaleString('en-US');
    const a = Math.abs(v);
    return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(3) : v.toFixed(4);
}

/** Rank (1 = best) of each result by `proxy`; results without a score share the last place. */
export function ranksBy(results: readonly ScoreResult[], proxy: string): number[] {
    const order = results
        .map((r, i) => ({ v: r.scores[proxy] ?? -Infinity, i }))
        .sort((a, b) => b.v - a.v);
    const ranks = new Array<number>(results.length);
    order.forEach(({ i }, k) => (ranks[i] = k + 1));
    return ranks;
}

export function formatResultsTable(
    results: readonly ScoreResult[],
    requested: readonly string[],
): string {
    // Why: params and flops always have their own columns.
    const proxies = requested.filter((p) => p !== 'params' && p !== 'flops');
    const ranks = proxies.length > 0 ? ranksBy(results, proxies[0]) : results.map((_, i) => i + 1);
    const header = ['rank', 'name', 'source', 'params', 'flops', ...proxies];
    const rows = results.map((r, i) => [
        String(ranks[i]),
        terminalText(r.name),
        terminalText(r.source),
        formatNumber(r.params),
        formatNumber(r.flops),
        ...proxies.map((p) => formatNumber(r.scores[p] ?? null)),
    ]);
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
    const line = (cells: string[]) =>
        cells.map((c, k) => (k < 3 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ');
    const sorted = rows.map((row, i) => ({ row, rank: ranks[i] })).sort((a, b) => a.rank - b.rank);
    return [line(header), ...sorted.map(({ row }) => line(row))].join('\n') + '\n';
}
