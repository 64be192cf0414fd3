// The rankings panel's exports: the table as CSV (RFC 4180, spreadsheet-safe) or JSON, rows in the
// ranks the page shows (src/protocol/rankingsTable.ts). Host side only; the page never exports.
import type { RankingRow } from '../protocol/webview';
import { cellValue, columnsFor, rankRows, sortOrder } from '../protocol/rankingsTable';

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
export function toCsv(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    rankBy: string,
): string {
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
export function toJson(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    rankBy: string,
): string {
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
