// The rankings table's model, shared by the page (webview/rankings) and the host's CSV/JSON export:
// one definition of columns, ranks and row order, so an export lists rows as the page ranks them.
// Pure: no DOM and no vscode.
import { constantColumn } from './constantColumns';
import { COMBINED_PROXY, type RankingRow } from './webview';

/** A sortable column: a fixed one or a proxy's. */
export type ColumnId = 'rank' | 'name' | 'source' | 'params' | 'flops' | `proxy:${string}`;
export type SortDirection = 'ascending' | 'descending';
export interface SortState {
    readonly column: ColumnId;
    readonly direction: SortDirection;
}

export interface Column {
    readonly id: ColumnId;
    readonly label: string;
    readonly isNumeric: boolean;
}

/** The table's columns in order: rank, name, source, params, flops, then each proxy. */
export function columnsFor(proxies: readonly string[]): Column[] {
    return [
        { id: 'rank', label: 'Rank', isNumeric: true },
        { id: 'name', label: 'Name', isNumeric: false },
        { id: 'source', label: 'Source', isNumeric: false },
        { id: 'params', label: 'Params', isNumeric: true },
        { id: 'flops', label: 'FLOPs', isNumeric: true },
        ...proxies
            .filter((p) => p !== 'params' && p !== 'flops')
            .map((p) => ({
                id: `proxy:${p}` as const,
                label: p === COMBINED_PROXY ? 'LIBRA' : p,
                isNumeric: true,
            })),
    ];
}

/**
 * 1-based ranks by `proxy`, largest first; rows without a finite value get no rank (null).
 * Ties keep the rows' order, as the CodeLens ranks do; a constant column ranks nothing (all null).
 */
export function rankRows(rows: readonly RankingRow[], proxy: string): (number | null)[] {
    if (constantColumn(rows, proxy)) return rows.map(() => null);
    const scored = rows
        .map((r, i) => ({ v: r.scores[proxy] ?? null, i }))
        .filter((x): x is { v: number; i: number } => x.v !== null && Number.isFinite(x.v))
        .sort((a, b) => b.v - a.v || a.i - b.i);
    const out = new Array<number | null>(rows.length).fill(null);
    scored.forEach(({ i }, k) => (out[i] = k + 1));
    return out;
}

/** The value of a row in a column (rank from `ranks`, same index). */
export function cellValue(
    row: RankingRow,
    column: ColumnId,
    rank: number | null,
): string | number | null {
    if (column === 'rank') return rank;
    if (column === 'name') return row.name;
    if (column === 'source') return row.label;
    if (column === 'params' || column === 'flops') return row[column];
    const v = row.scores[column.slice('proxy:'.length)] ?? null;
    return v !== null && Number.isFinite(v) ? v : null;
}

/** Compares two cells; null sorts last in either direction. */
export function compareCells(
    a: string | number | null,
    b: string | number | null,
    direction: SortDirection,
): number {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    const c =
        typeof a === 'number' && typeof b === 'number'
            ? a - b
            : String(a).localeCompare(String(b), 'en', { numeric: true });
    return direction === 'ascending' ? c : -c;
}

/** Row indices in display order (stable: equal cells keep their order). */
export function sortOrder(
    rows: readonly RankingRow[],
    ranks: readonly (number | null)[],
    sort: SortState,
): number[] {
    return rows
        .map((_, i) => i)
        .sort(
            (i, j) =>
                compareCells(
                    cellValue(rows[i], sort.column, ranks[i]),
                    cellValue(rows[j], sort.column, ranks[j]),
                    sort.direction,
                ) || i - j,
        );
}
