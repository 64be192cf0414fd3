// Labelled proxy tables whose LIBRA picks are known by construction (shared by the LIBRA tests).
import { binIndices } from '../../../../src/core/libra/entropy';
import type { LibraTable } from '../../../../src/core/libra/libra';
import { Rng } from '../../../../src/core/util/rng';

/** Bins used with `rankSumTable` (few enough that 3-way histogram cells hold ~14 architectures). */
export const SYNTHETIC_BINS = 6;

/**
 * Independent normals A, B, P (P = #params) and y = A + 0.8 B + 0.5 P, so rho(y, A) ~ 0.71 is the best.
 * - `a` = A: z1.
 * - `a_copy` = 3A + 1 with one adjacent, y-concordant pair in the same bin swapped: the same bins as
 *   `a` (IG exactly 0, so the faithful rule takes it as z2), rho a hair below a's, rank rho with a ~ 1.
 * - `b` = B + 0.4 P: in the band, bias ~ 0.37 ~ bias(y) ~ 0.36, so z3.
 * - `c` = A + 0.5 B - 0.5 P: in the band, adds little beyond a (low IG), bias ~ -0.41 (far from y's).
 * - `noise`: out of the band; `flat`: constant, left out; `params`: a proxy like any other (rho ~ 0.35).
 */
export function rankSumTable(n = 3000, seed = 11): LibraTable {
    const rng = new Rng(seed);
    const draw = () => Array.from({ length: n }, () => rng.normal());
    const [A, B, P, E] = [draw(), draw(), draw(), draw()];
    const y = A.map((v, i) => v + 0.8 * B[i] + 0.5 * P[i]);
    return {
        proxies: {
            a: A,
            a_copy: nearCopy(A, y),
            b: B.map((v, i) => v + 0.4 * P[i]),
            c: A.map((v, i) => v + 0.5 * B[i] - 0.5 * P[i]),
            noise: E,
            flat: A.map(() => 5),
            params: P,
        },
        accuracy: y,
        params: P,
    };
}

/**
 * 3x + 1 (the same equal-width bins and ranks as x) with one pair swapped: adjacent in x, in the same
 * of 24 bins (hence of 6: 24-bin edges include the 6-bin ones) and ordered like y, so rho drops a hair.
 */
export function nearCopy(x: readonly number[], y: readonly number[]): number[] {
    const copy = x.map((v) => 3 * v + 1);
    const order = x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
    const bins = binIndices(x, 24);
    for (let k = 0; k + 1 < x.length; k++) {
        const [i, j] = [order[k], order[k + 1]];
        if (bins[i] === bins[j] && y[i] < y[j]) {
            [copy[i], copy[j]] = [copy[j], copy[i]];
            break;
        }
    }
    return copy;
}

/** A small table from explicit columns; params default to 1..n. */
export function smallTable(
    proxies: Record<string, (number | null)[]>,
    accuracy: number[],
    params?: number[],
): LibraTable {
    return { proxies, accuracy, params: params ?? accuracy.map((_, i) => i + 1) };
}

/**
 * y = 1.05 rank(A) + rank(B) for independent A, B: `a` = A is z1 (rho ~ 0.72), `b` = B is in the band
 * (rho ~ 0.69) and `a_copy` is a near-copy of `a` (as in `rankSumTable`). The faithful rule weights A
 * twice (a + a_copy + b); `libra-distinct` skips the copy and combines a and b alone.
 */
export function twoProxyRankSum(n = 3000, seed = 5): LibraTable {
    const rng = new Rng(seed);
    const A = Array.from({ length: n }, () => rng.next());
    const B = Array.from({ length: n }, () => rng.next());
    const rank = (xs: number[]) => {
        const r = new Array<number>(n);
        xs.map((v, i) => [v, i])
            .sort((p, q) => p[0] - q[0])
            .forEach(([, i], k) => (r[i] = k + 1));
        return r;
    };
    const [rA, rB] = [rank(A), rank(B)];
    const y = rA.map((v, i) => 1.05 * v + rB[i]);
    return {
        proxies: { a: A, a_copy: nearCopy(A, y), b: B },
        accuracy: y,
        params: Array.from({ length: n }, () => rng.next()),
    };
}
