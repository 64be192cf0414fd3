// `meco` = Σ over layers of λ_min of the Pearson correlation matrix of one sample's feature map
// (MeCo, NeurIPS 2023); `meco_opt` = Σ (n/8) λ_min over 8 seeded-random rows of each matrix.
import { hashString, Rng } from '../util/rng';
import { eigenvaluesSymmetric } from './eigen';
import type { FeatureCorrelation, ProxyDef, ProxyValue } from './proxyDef';

/** Rows MeCo_opt samples per layer. */
export const MECO_OPT_ROWS = 8;

function smallest(values: ArrayLike<number>, n: number): number {
    return eigenvaluesSymmetric(values, n)[0];
}

/** The principal submatrix of `m` on the given rows (the correlation matrix of those rows alone). */
export function submatrix(m: FeatureCorrelation, rows: readonly number[]): Float64Array {
    const k = rows.length;
    const out = new Float64Array(k * k);
    rows.forEach((r, i) => rows.forEach((c, j) => (out[i * k + j] = m.values[r * m.size + c])));
    return out;
}

/** MECO_OPT_ROWS distinct rows of n, drawn by a seeded partial Fisher-Yates shuffle per layer. */
export function sampledRows(n: number, layer: number): number[] {
    const rows = Array.from({ length: n }, (_, i) => i);
    const rng = new Rng(hashString('meco_opt', layer));
    for (let i = 0; i < MECO_OPT_ROWS; i++) {
        const j = i + rng.int(n - i);
        [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    return rows.slice(0, MECO_OPT_ROWS).sort((a, b) => a - b);
}

function withLayers(
    layers: readonly FeatureCorrelation[] | undefined,
    score: (layers: readonly FeatureCorrelation[]) => number,
): ProxyValue {
    if (!layers) return { error: 'MeCo pass did not run' };
    return score(layers);
}

export const meco: ProxyDef = {
    id: 'meco',
    label: 'MeCo',
    needs: { featureCorrelations: true },
    score: (p) =>
        withLayers(p.featureCorrelations, (layers) =>
            layers.reduce((s, m) => s + smallest(m.values, m.size), 0),
        ),
};

export const mecoOpt: ProxyDef = {
    id: 'meco_opt',
    label: 'MeCo (opt)',
    needs: { featureCorrelations: true },
    score: (p) =>
        withLayers(p.featureCorrelations, (layers) =>
            layers.reduce((s, m, k) => {
                // Why all rows when n <= 8: the sample would be the whole matrix (factor n/n = 1).
                if (m.size <= MECO_OPT_ROWS) return s + smallest(m.values, m.size);
                const rows = sampledRows(m.size, k);
                return s + (m.size / MECO_OPT_ROWS) * smallest(submatrix(m, rows), rows.length);
            }, 0),
        ),
};
