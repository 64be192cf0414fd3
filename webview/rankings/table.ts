// The rankings page's own table logic: what a header click does to the sort, and how a cell reads.
// Columns, ranks and row order are shared with the host's export (src/protocol/rankingsTable.ts).
import { formatNumber } from '../../src/protocol/numberFormat';
import type { ColumnId, SortState } from '../../src/protocol/rankingsTable';

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
