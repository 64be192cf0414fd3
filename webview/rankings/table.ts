// The rankings table's pure logic: columns, ranks, sorting with nulls last, number formatting and
// CSV/JSON export. No DOM and no vscode: the webview renders with it, the host exports with it.
import { formatNumber } from '../../src/protocol/numberFormat';
import { COMBINED_PROXY, type RankingRow } from '../../src/protocol/webview';

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
 * Ties keep the rows' order, as the CodeLens ranks do.
 */
export function rankRows(rows: readonly RankingRow[], proxy: string): (number | null)[] {
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

/** The sort after activating a column's header: same column flips, a new one starts at its default. */
export function nextSort(current: SortState, column: ColumnId): SortState {
    if (current.column === column)
        return {
            column,
            direction: current.direction === 'ascending' ? 'descending' : 'ascending',
        };
    // Why: rank, name and source read best from the top ascending; scores read best descending.
    const isAscending = column === 'rank' || column === 'name' || column === 'source';
    return { column, direction: isAscending ? 'ascending' : 'descending' };
}

/** A number for a cell: integers grouped, others to 4 significant places; null as an en dash. */
export function formatCell(v: string | number | null): string {
    return typeof v === 'string' ? v : formatNumber(v, '\u2013');
}

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, with quotes doubled.
 * Why the apostrophe: a text field starting with = + - @ (a name from an untrusted file) would be
 * read as a formula by spreadsheets, so it is prefixed (OWASP's CSV injection advice).
 */
export function csvField(v: string | number | null): string {
    if (v === null) return '';
    let s = typeof v === 'number' ? String(v) : v;
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as CSV (CRLF line ends, a header row), rows in rank order, full-precision numbers. */
export function toCsv(rows: readonly RankingRow[], proxies: readonly string[], rankBy: string): string {
    const columns = columnsFor(proxies);
    const ranks = rankRows(rows, rankBy);
    const order = sortOrder(rows, ranks, { column: 'rank', direction: 'ascending' });
    const header = columns.map((c) => (c.id === 'source' ? 'source' : c.label.toLowerCase()));
    const lines = [header.map(csvField).join(',')];
    for (const i of order) {
        const cells = columns.map((c) =>
            c.id === 'source' ? rows[i].source : cellValue(rows[i], c.id, ranks[i]),
        );
        lines.push(cells.map(csvField).join(','));
    }
    return lines.join('\r\n') + '\r\n';
}

/** The table as JSON: rows in rank order with their rank, every score and error. */
export function toJson(rows: readonly RankingRow[], proxies: readonly string[], rankBy: string): string {
    const ranks = rankRows(rows, rankBy);
    const order = sortOrder(rows, ranks, { column: 'rank', direction: 'ascending' });
    const out = order.map((i) => {
        const r = rows[i];
        return {
            rank: ranks[i],
            name: r.name,
            source: r.source,
            family: r.family,
            params: r.params,
            flops: r.flops,
            scores: r.scores,
            errors: r.errors,
        };
    });
    return JSON.stringify({ rankBy, proxies, rows: out }, null, 2) + '\n';
}
