// Small dense linear algebra in JS for the [B x B] matrices proxies reduce to (B <= a few hundred).

/** Eigenvalues of a symmetric n x n matrix (row-major) by cyclic Jacobi rotations. */
export function symmetricEigenvalues(values: ArrayLike<number>, n: number): Float64Array {
    const a = Float64Array.from(values);
    for (let sweep = 0; sweep < 100; sweep++) {
        let off = 0;
        for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
        if (off < 1e-22) break;
        for (let p = 0; p < n; p++) {
            for (let q = p + 1; q < n; q++) {
                const apq = a[p * n + q];
                if (Math.abs(apq) < 1e-300) continue;
                const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                const c = 1 / Math.sqrt(t * t + 1);
                const s = t * c;
                for (let k = 0; k < n; k++) {
                    const akp = a[k * n + p];
                    const akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (let k = 0; k < n; k++) {
                    const apk = a[p * n + k];
                    const aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
            }
        }
    }
    return Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
}

/** log|det A| of an n x n matrix by LU with partial pivoting; -Infinity when singular. */
export function logAbsDet(values: ArrayLike<number>, n: number): number {
    const a = Float64Array.from(values);
    let logDet = 0;
    for (let col = 0; col < n; col++) {
        let pivot = col;
        for (let r = col + 1; r < n; r++)
            if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
        const pv = a[pivot * n + col];
        if (pv === 0) return -Infinity;
        if (pivot !== col) {
            for (let k = 0; k < n; k++)
                [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
        }
        logDet += Math.log(Math.abs(pv));
        for (let r = col + 1; r < n; r++) {
            const f = a[r * n + col] / pv;
            if (f === 0) continue;
            for (let k = col; k < n; k++) a[r * n + k] -= f * a[col * n + k];
        }
    }
    return logDet;
}

/** Number of distinct values across arrays, by sorting one copy (no per-value strings or maps). */
export function countDistinct(arrays: readonly (Float64Array | BigInt64Array)[]): number {
    const total = arrays.reduce((n, a) => n + a.length, 0);
    if (total === 0) return 0;
    if (arrays.every((a) => a instanceof Float64Array)) {
        const marked = countDistinctSmallCodes(arrays as readonly Float64Array[]);
        if (marked !== undefined) return marked;
    }
    const all = arrays.every((a) => a instanceof BigInt64Array)
        ? new BigInt64Array(total)
        : new Float64Array(total);
    let at = 0;
    for (const a of arrays) {
        (all as Float64Array).set(a as Float64Array, at);
        at += a.length;
    }
    all.sort();
    let distinct = 1;
    for (let i = 1; i < total; i++) if (all[i] !== all[i - 1]) distinct++;
    return distinct;
}

/** Codes up to this value are counted by marking a table (2^S entries for S psi samples). */
const MARKABLE_CODES = 1 << 24;

/**
 * Distinct values when all are integers in [0, MARKABLE_CODES): one pass marking a table instead
 * of a sort (S = 16 sign patterns of an NB201 cell: ~1.4 million codes below 65,536). Undefined
 * when some value is not such an integer.
 */
function countDistinctSmallCodes(arrays: readonly Float64Array[]): number | undefined {
    let max = 0;
    for (const a of arrays)
        for (let i = 0; i < a.length; i++) {
            const v = a[i];
            if (!(v >= 0 && v < MARKABLE_CODES && v === Math.floor(v))) return undefined;
            if (v > max) max = v;
        }
    const seen = new Uint8Array(max + 1);
    let distinct = 0;
    for (const a of arrays)
        for (let i = 0; i < a.length; i++) {
            const v = a[i];
            if (seen[v] === 0) {
                seen[v] = 1;
                distinct++;
            }
        }
    return distinct;
}
