// The rankings table: header buttons that sort (click, Enter or Space; aria-sort tells the order),
// one row per architecture with a link that opens its source.
import {
    COMBINED_PROXY,
    type HostToWebviewMessage,
    type WebviewToHostMessage,
} from '../../src/protocol/webview';
import { el } from './dom';
import {
    type SortState,
    cellValue,
    columnsFor,
    rankRows,
    sortOrder,
} from '../../src/protocol/rankingsTable';
import { formatCell, nextSort } from './table';

type Rankings = Extract<HostToWebviewMessage, { type: 'rankings' }>;

export interface TableViewHost {
    readonly post: (m: WebviewToHostMessage) => void;
    /** The sort changed (the page saves it in the webview state). */
    readonly onSort: (sort: SortState) => void;
}

export class TableView {
    readonly table = el('table', 'rankings');
    private readonly thead = el('thead');
    private readonly tbody = el('tbody');

    constructor(private readonly host: TableViewHost) {
        this.table.append(this.thead, this.tbody);
        this.table.setAttribute('aria-label', 'Architectures ranked by the ranking proxy');
    }

    render(data: Rankings, sort: SortState, selected: string | undefined): SortState {
        const columns = columnsFor(data.proxies);
        if (!columns.some((c) => c.id === sort.column))
            sort = { column: 'rank', direction: 'ascending' };
        const ranks = rankRows(data.rows, data.rankBy);
        // Why ranks: the combined score is a sum of log ranks, which means nothing read alone (#21).
        const libraRanks = rankRows(data.rows, COMBINED_PROXY);
        this.renderHead(columns, sort, data, selected);
        this.tbody.replaceChildren();
        for (const i of sortOrder(data.rows, ranks, sort)) {
            const row = data.rows[i];
            const tr = el('tr');
            tr.dataset.key = row.key;
            if (row.key === selected) {
                tr.classList.add('selected');
                tr.setAttribute('aria-selected', 'true');
            }
            if (row.errors.length > 0) tr.title = row.errors.join('\n');
            for (const c of columns) {
                const td = el('td', c.isNumeric ? 'num' : undefined);
                const text = formatCell(
                    c.id === `proxy:${COMBINED_PROXY}`
                        ? libraRanks[i]
                        : cellValue(row, c.id, ranks[i]),
                );
                if (c.id === 'source') {
                    const link = el('button', 'link', text);
                    link.title = `Open ${row.label}`;
                    link.addEventListener('click', () =>
                        this.host.post({ type: 'openSource', source: row.source }),
                    );
                    td.append(link);
                } else td.textContent = text;
                tr.append(td);
            }
            this.tbody.append(tr);
        }
        this.table.hidden = data.rows.length === 0;
        return sort;
    }

    private renderHead(
        columns: ReturnType<typeof columnsFor>,
        sort: SortState,
        data: Rankings,
        selected: string | undefined,
    ): void {
        const tr = el('tr');
        columns.forEach((c, index) => {
            const th = el('th', c.isNumeric ? 'num' : undefined);
            th.scope = 'col';
            const isSorted = c.id === sort.column;
            th.setAttribute('aria-sort', isSorted ? sort.direction : 'none');
            const arrow = isSorted ? (sort.direction === 'ascending' ? ' \u25B2' : ' \u25BC') : '';
            // Why a button: it takes focus and fires click on Enter and Space, as a sortable header should.
            const button = el('button', 'sort', c.label + arrow);
            button.title =
                c.id === 'proxy:libra' && data.combined
                    ? `LIBRA rank (1 = best) under the combination ${data.combined.picks.join(' + ')} (${data.combined.origin}): architectures ordered by Σ ln(rank/N) over its proxies. Sort by it`
                    : `Sort by ${c.label}`;
            button.addEventListener('click', () => {
                const next = nextSort(sort, c.id);
                this.host.onSort(next);
                this.render(data, next, selected);
                this.thead
                    .querySelector<HTMLButtonElement>(`th:nth-child(${index + 1}) button`)
                    ?.focus();
            });
            th.append(button);
            tr.append(th);
        });
        this.thead.replaceChildren(tr);
    }

    /** Scrolls the selected row into view. */
    revealSelected(): void {
        this.tbody.querySelector('tr.selected')?.scrollIntoView({ block: 'center' });
    }
}
