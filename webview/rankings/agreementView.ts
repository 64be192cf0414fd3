// Rank agreement between proxies as a heatmap table: Spearman rho of every pair over the rows that
// have both values, blue for agreement, red for disagreement. A table, so every number can be read
// (and reached by a screen reader); the colours come from the theme's chart variables.
import type { AgreementMatrix } from '../../src/protocol/webview';
import { el } from './dom';
import { agreementBackground } from './theme';

const label = (p: string) => (p === 'libra' ? 'LIBRA' : p);

/**
 * The heatmap of `m`, with the ranking proxy's row and column marked; the `constant` columns'
 * undefined cells say why.
 */
export function agreementTable(
    m: AgreementMatrix,
    rankBy: string,
    constant: ReadonlySet<string> = new Set(),
): HTMLTableElement {
    const table = el('table', 'heatmap');
    table.setAttribute('aria-label', "Spearman rank correlation between proxies' rankings");
    const head = el('tr');
    head.append(el('th'));
    for (const p of m.proxies) {
        const th = el('th', p === rankBy ? 'rank-by' : undefined, label(p));
        th.scope = 'col';
        head.append(th);
    }
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    m.proxies.forEach((p, i) => {
        const tr = el('tr');
        const th = el('th', p === rankBy ? 'rank-by' : undefined, label(p));
        th.scope = 'row';
        tr.append(th);
        m.proxies.forEach((q, j) => {
            const rho = m.rho[i][j];
            const td = el('td', 'num', rho === null ? '\u2013' : rho.toFixed(2));
            td.style.background = agreementBackground(i === j ? null : rho);
            const still = [p, q].find((x) => constant.has(x));
            const why = still
                ? `${label(still)} is the same for every architecture`
                : 'fewer than 3 architectures with both, or a constant column';
            td.title =
                rho === null
                    ? `${label(p)} vs ${label(q)}: not defined (${why})`
                    : `${label(p)} vs ${label(q)}: Spearman \u03c1 = ${rho.toFixed(3)}`;
            tr.append(td);
        });
        tbody.append(tr);
    });
    table.append(thead, tbody);
    return table;
}
