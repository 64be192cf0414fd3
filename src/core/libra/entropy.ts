// Histogram entropies for LIBRA-NAS (docs/proxies.md): equal-width bins per variable on its raw
// values, natural log (nats). Pure functions; a missing value (null, NaN, ±Infinity) has a bin of its own.

/** Bins per variable when none are given (docs/proxies.md, LIBRA-NAS). */
export const DEFAULT_BINS = 24;

/**
 * Bin index of every value: `bins` equal-width bins between the minimum and maximum of the finite
 * values (the maximum falls in the last bin). A constant variable puts every finite value in bin 0;
 * null, NaN and ±Infinity go to bin `bins`, one extra bin shared by all missing values.
 */
export function binIndices(values: readonly (number | null)[], bins = DEFAULT_BINS): number[] {
    if (!Number.isInteger(bins) || bins < 1)
        throw new Error(`bins must be a positive integer, got ${bins}`);
    const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
    const lo = finite.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = finite.reduce((m, v) => Math.max(m, v), -Infinity);
    const span = hi - lo;
    return values.map((v) => {
        if (v === null || !Number.isFinite(v)) return bins;
        if (!(span > 0)) return 0;
        return Math.min(bins - 1, Math.floor(((v - lo) / span) * bins));
    });
}

/** Plug-in (maximum-likelihood) entropy in nats of the joint of already-binned variables. */
export function jointEntropy(binned: readonly (readonly number[])[]): number {
    const n = binned[0]?.length ?? 0;
    if (n === 0) return 0;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
        const key = binned.map((b) => b[i]).join(',');
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let h = 0;
    for (const c of counts.values()) h -= (c / n) * Math.log(c / n); // H = -Σ p ln p
    return h;
}

/** H(x) of raw values, binned as `binIndices` does. */
export function entropy(values: readonly (number | null)[], bins = DEFAULT_BINS): number {
    return jointEntropy([binIndices(values, bins)]);
}

/** H(y | given...) = H(y, given...) - H(given...), every variable binned on its own. */
export function conditionalEntropy(
    y: readonly (number | null)[],
    given: readonly (readonly (number | null)[])[],
    bins = DEFAULT_BINS,
): number {
    const g = given.map((v) => binIndices(v, bins));
    return jointEntropy([binIndices(y, bins), ...g]) - jointEntropy(g);
}

/** Float noise below this is treated as zero (a plug-in conditional mutual information is >= 0). */
const ZERO = 1e-12;

/** The entropies LIBRA needs for one accuracy y and one first pick z1, binned once. */
export interface GainContext {
    /** H(y). */
    readonly hY: number;
    /** H(y | z1) = H(y, z1) - H(z1). */
    readonly hYGivenZ1: number;
    /** IG(z) = H(y | z1) - H(y | z1, z), with H(y | z1, z) = H(y, z1, z) - H(z1, z). */
    gain(z: readonly (number | null)[]): number;
}

export function gainContext(
    y: readonly (number | null)[],
    z1: readonly (number | null)[],
    bins = DEFAULT_BINS,
): GainContext {
    const by = binIndices(y, bins);
    const b1 = binIndices(z1, bins);
    const hYGivenZ1 = jointEntropy([by, b1]) - jointEntropy([b1]);
    return {
        hY: jointEntropy([by]),
        hYGivenZ1,
        gain(z) {
            const bz = binIndices(z, bins);
            const ig = hYGivenZ1 - (jointEntropy([by, b1, bz]) - jointEntropy([b1, bz]));
            return Math.abs(ig) < ZERO ? 0 : ig;
        },
    };
}

/** IG(z) = H(y | z1) - H(y | z1, z) of raw values (see `gainContext` to reuse y and z1). */
export function informationGain(
    y: readonly (number | null)[],
    z1: readonly (number | null)[],
    z: readonly (number | null)[],
    bins = DEFAULT_BINS,
): number {
    return gainContext(y, z1, bins).gain(z);
}
