// The known-accuracy part of the page: rank correlations per proxy, the LIBRA-NAS suggestion the host
// computed (picks, why, combined rho, notes on edge cases) with "Use this combination", and the
// controls that pick the accuracy column and the scatter's proxy.
import type { AccuracyInsight, LibraSuggestion } from '../../src/protocol/webview';
import { el } from './dom';
import { explainHeaders, termTitle, termsLegend } from './libraTerms';

const ROLE_TEXT: Readonly<Record<string, string>> = {
    z1: 'z1 \u00b7 highest \u03c1',
    z2: 'z2 \u00b7 lowest IG in the band',
    z3: 'z3 \u00b7 closest #params bias',
};

export const fmt = (v: number | null | undefined, digits = 3): string =>
    v === null || v === undefined || !Number.isFinite(v) ? '\u2013' : v.toFixed(digits);

/** A toolkit dropdown of `values` with `current` chosen; `onChange` gets the new value. */
/** A table head of column titles (numeric ones right-aligned), each a column header for screen readers. */
function headerOf(columns: readonly (readonly [text: string, isNumeric: boolean])[]): HTMLElement {
    const head = el('tr');
    for (const [text, isNum] of columns) {
        const th = el('th', isNum ? 'num' : undefined, text);
        th.scope = 'col';
        head.append(th);
    }
    const thead = el('thead');
    thead.append(head);
    return thead;
}

export function dropdown(
    label: string,
    values: readonly string[],
    current: string,
    onChange: (value: string) => void,
): HTMLElement {
    const wrap = el('label', 'chooser');
    wrap.append(el('span', undefined, label));
    const select = el('vscode-dropdown' as 'select');
    select.setAttribute('aria-label', label);
    for (const v of values) {
        const option = el('vscode-option' as 'option', undefined, v === 'libra' ? 'LIBRA' : v);
        option.setAttribute('value', v);
        if (v === current) option.setAttribute('selected', '');
        select.append(option);
    }
    select.addEventListener('change', () =>
        onChange((select as unknown as { value: string }).value),
    );
    wrap.append(select);
    return wrap;
}

/** The correlation table of one accuracy column; LIBRA's picks are marked. */
export function correlationTable(insight: AccuracyInsight): HTMLTableElement {
    const picked = new Map(insight.libra.picks.map((p) => [p.proxy, p.role]));
    const table = el('table', 'correlations');
    table.setAttribute('aria-label', `Rank correlation of each proxy with ${insight.column}`);
    const thead = headerOf([
        ['Proxy', false],
        ['Spearman \u03c1', true],
        ['Kendall \u03c4-b', true],
    ]);
    const tbody = el('tbody');
    for (const c of insight.correlations) {
        const tr = el('tr');
        const name = el('td');
        name.append(c.proxy);
        const role = picked.get(c.proxy);
        if (role) name.append(' ', el('span', 'badge', role));
        tr.append(name, el('td', 'num', fmt(c.spearman)), el('td', 'num', fmt(c.kendall)));
        tbody.append(tr);
    }
    table.append(thead, tbody);
    return table;
}

/** The sentence that compares the combination with the best single proxy. */
export function libraSummary(s: LibraSuggestion, n: number): string {
    if (s.picks.length === 0) return 'LIBRA chose no proxies (see below).';
    const names = s.picks.map((p) => p.proxy).join(' + ');
    const best = s.bestSingle;
    const combined = s.combinedSpearman;
    const comparison =
        best === null || combined === null
            ? ''
            : combined > best.spearman + 1e-12
              ? `, above the best single proxy (${best.proxy}, \u03c1 = ${fmt(best.spearman)})`
              : combined < best.spearman - 1e-12
                ? `, below the best single proxy (${best.proxy}, \u03c1 = ${fmt(best.spearman)})`
                : `, equal to the best single proxy (${best.proxy})`;
    return `Combined ranking Σ log(rank/N) of ${names}: Spearman \u03c1 = ${fmt(combined)} on ${n} architectures${comparison}.`;
}

/** The LIBRA section of one accuracy column. */
export function libraSection(insight: AccuracyInsight, onUse: () => void): HTMLElement {
    const s = insight.libra;
    const box = el('section', 'card libra');
    box.setAttribute('aria-label', `LIBRA-NAS suggestion for ${insight.column}`);
    box.append(el('h3', undefined, `LIBRA-NAS suggestion for ${insight.column}`));
    if (s.picks.length > 0) {
        const table = el('table', 'picks');
        const thead = headerOf([
            ['Pick', false],
            ['Proxy', false],
            ['\u03c1', true],
            ['IG (nats)', true],
            ['bias', true],
            ['Why', false],
        ]);
        const tbody = el('tbody');
        for (const p of s.picks) {
            const tr = el('tr');
            tr.append(
                Object.assign(el('td', undefined, ROLE_TEXT[p.role]), {
                    title:
                        termTitle(
                            p.role === 'z1' ? 'z1' : p.role === 'z2' ? 'IG (nats)' : 'bias',
                        ) ?? '',
                }),
                el('td', 'strong', p.proxy),
                el('td', 'num', fmt(p.spearman)),
                el('td', 'num', fmt(p.ig)),
                el('td', 'num', fmt(p.bias)),
                el('td', 'why', p.why),
            );
            tbody.append(tr);
        }
        explainHeaders(thead);
        table.append(thead, tbody);
        box.append(table);
    }
    box.append(el('p', 'summary', libraSummary(s, insight.n)));
    if (s.advice) box.append(adviceBlock(s.advice));
    box.append(
        el(
            'p',
            'muted',
            `bias(accuracy) = ${fmt(s.accuracyBias)} (rank correlation with #params); band ${s.band}; ${s.bins} histogram bins per variable. The ρ above are in-sample: the same architectures chose the picks.`,
        ),
    );
    box.append(termsLegend());
    if (s.notes.length > 0) {
        const notes = el('ul', 'notes');
        notes.setAttribute('aria-label', 'Edge cases');
        for (const n of s.notes) notes.append(el('li', undefined, n));
        box.append(notes);
    }
    // Why only on a win: a combination that loses to one proxy out of sample would mislead (#22).
    if (s.picks.length > 0 && s.advice?.beats) {
        const actions = el('div', 'actions');
        const button = el('vscode-button' as 'button', undefined, 'Use this combination');
        button.addEventListener('click', onUse);
        const what = s.presetSpace
            ? `Adds a LIBRA column of ${s.advice.picks.join(' + ')} and saves a preset for ${s.presetSpace} (in this workspace unless you choose global; search objective libra:<name>; CodeLens shows its rank).`
            : `Adds a LIBRA column of ${s.advice.picks.join(' + ')}; no preset (these architectures are not all from one search space).`;
        actions.append(button, el('span', 'muted', what));
        box.append(actions);
    }
    return box;
}

/** The honest comparison: held-out rho of the combination rule and of the best single proxy. */
function adviceBlock(a: NonNullable<LibraSuggestion['advice']>): HTMLElement {
    const block = el('div', 'advice');
    block.append(el('h4', undefined, `Out of sample (${a.protocol})`));
    const table = el('table', 'held-out');
    table.setAttribute(
        'aria-label',
        'Held-out Spearman rho of the combination and the best single proxy',
    );
    const thead = headerOf([
        ['Chosen on training folds', false],
        ['held-out \u03c1', true],
    ]);
    explainHeaders(thead);
    const tbody = el('tbody');
    for (const [what, rho] of [
        [`best single proxy (${a.bestSingle.proxy})`, a.bestSingle.spearman],
        [`${a.rule}: ${a.picks.join(' + ')}`, a.combined],
    ] as const) {
        const tr = el('tr');
        tr.append(el('td', undefined, what), el('td', 'num', fmt(rho)));
        tbody.append(tr);
    }
    table.append(thead, tbody);
    block.append(table, el('p', a.beats ? 'recommend' : 'recommend single', a.text));
    if (a.warning) {
        const warning = el('p', 'warning', `\u26a0 ${a.warning}`);
        warning.setAttribute('role', 'note');
        warning.title = `Measured: below ${a.minStableN} labelled architectures the suggestion changes between random samples.`;
        block.append(warning);
    }
    return block;
}
