// `epe_nas` (EPE-NAS, Lopes et al. 2021): per class c of batch 1, s_c = Σ_{i,j in c} log(|R_ij| + 1e-5)
// over the input-Jacobian correlation matrix R (jacov's); score = Σ_c |s_c| for <= 100 classes, and
// for more classes (s_c divided by the class's count) Σ_c Σ_c' |s_c - s_c'| / (classes seen).
import type { ProxyDef } from './proxyDef';

const K = 1e-5;
/** Above this many classes the official code switches to pairwise differences. */
const PAIRWISE_ABOVE = 100;

/** EPE-NAS's score from a B x B correlation matrix and the B labels. */
export function epeScore(
    values: ArrayLike<number>,
    size: number,
    labels: readonly number[],
    classes: number,
): number {
    const members = new Map<number, number[]>();
    labels.slice(0, size).forEach((l, i) => members.set(l, [...(members.get(l) ?? []), i]));
    const perClass: number[] = [];
    for (const rows of members.values()) {
        // Why skipped above 100 classes: the official code's len() of a one-sample class's scalar
        // correlation raises, and its except clause drops the class.
        if (classes > PAIRWISE_ABOVE && rows.length < 2) continue;
        let s = 0;
        for (const i of rows)
            for (const j of rows) s += Math.log(Math.abs(values[i * size + j]) + K);
        perClass.push(classes > PAIRWISE_ABOVE ? s / rows.length : s);
    }
    if (classes <= PAIRWISE_ABOVE) return perClass.reduce((t, s) => t + Math.abs(s), 0);
    let t = 0;
    for (const a of perClass) for (const b of perClass) t += Math.abs(a - b);
    return perClass.length === 0 ? NaN : t / perClass.length;
}

export const epeNas: ProxyDef = {
    id: 'epe_nas',
    label: 'EPE-NAS',
    needs: { inputJacobian: true, labels: true },
    score: (p) => {
        if (!p.labels || p.classes === undefined)
            return { error: 'epe_nas needs the class labels of batch 1 (the data gave none)' };
        const { size, values } = p.jacobianCorrelation!;
        if (values.some((v) => !Number.isFinite(v)))
            return { error: 'a Jacobian row is constant (correlation undefined)' };
        const score = epeScore(values, size, p.labels, p.classes);
        return Number.isNaN(score)
            ? { error: `no class has two samples in batch 1 (${p.classes} classes)` }
            : score;
    },
};
