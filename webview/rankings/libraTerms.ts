// One-line explanations of every LIBRA term the panel shows (#21), used as tooltips on the table
// headers and as the legend under the suggestion.
import { el } from './dom';

export const LIBRA_TERMS: readonly (readonly [term: string, meaning: string])[] = [
    [
        '\u03c1',
        'Spearman rank correlation with the known accuracy: 1 = the proxy orders them exactly as the accuracy does.',
    ],
    ['z1', 'The proxy with the highest \u03c1: LIBRA starts from it.'],
    [
        'band',
        'Candidates for z2 and z3: proxies whose \u03c1 is within this distance of z1\u2019s.',
    ],
    [
        'H(y|z1)',
        'How uncertain the accuracy still is once z1 is known (entropy of binned values, in nats).',
    ],
    [
        'IG (nats)',
        'Information gain: how much a proxy lowers H(y|z1). LIBRA takes the LOWEST, a partner that agrees with z1.',
    ],
    [
        'bias',
        'Rank correlation with #params; z3 is the candidate whose bias is closest to the accuracy\u2019s.',
    ],
    ['bins', 'Each variable is cut into this many equal-width bins to estimate the entropies.'],
    [
        'held-out \u03c1',
        'Chosen on the training folds, measured on rows it never saw: the honest number.',
    ],
    [
        'LIBRA rank',
        'Rank (1 = best) under the combination: Σ ln(rank/N) over its proxies, N = architectures shown.',
    ],
];

const meaning = new Map(LIBRA_TERMS);

/** The explanation of a term (header text), if it has one. */
export function termTitle(term: string): string | undefined {
    return meaning.get(term);
}

/** Sets a tooltip on every header cell whose text is a LIBRA term. */
export function explainHeaders(thead: HTMLElement): void {
    for (const th of Array.from(thead.querySelectorAll('th'))) {
        const title = termTitle(th.textContent ?? '');
        if (title) th.title = title;
    }
}

/** The legend: every term with its one line. */
export function termsLegend(): HTMLElement {
    const details = el('details', 'legend');
    details.append(el('summary', undefined, 'What the terms mean'));
    const list = el('dl');
    for (const [term, text] of LIBRA_TERMS)
        list.append(el('dt', undefined, term), el('dd', undefined, text));
    details.append(list);
    return details;
}
