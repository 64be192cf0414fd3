// Eigenvalues of symmetric matrices in O(n³) for the C x C and T x T matrices of MeCo and AZ-NAS
// (up to a few hundred rows): Householder reduction to tridiagonal form, then implicit QL sweeps.
// Why not numeric.ts's Jacobi: ~10x slower at n = 200, where a ViT has ~70 such matrices.

/** Reduces a symmetric n x n matrix (row-major, copied) to its tridiagonal diagonal and off-diagonal. */
function tridiagonalise(
    values: ArrayLike<number>,
    n: number,
): { d: Float64Array; e: Float64Array } {
    const a = Float64Array.from(values);
    const v = new Float64Array(n);
    const p = new Float64Array(n);
    for (let k = 0; k + 2 < n; k++) {
        // Householder vector v (unit) that zeroes column k below its first subdiagonal entry.
        let norm = 0;
        for (let i = k + 1; i < n; i++) norm += a[i * n + k] ** 2;
        norm = Math.sqrt(norm);
        if (norm === 0) continue;
        const alpha = a[(k + 1) * n + k] > 0 ? -norm : norm;
        let vNorm = 0;
        for (let i = k + 1; i < n; i++) {
            v[i] = a[i * n + k] - (i === k + 1 ? alpha : 0);
            vNorm += v[i] ** 2;
        }
        vNorm = Math.sqrt(vNorm);
        if (vNorm === 0) continue;
        for (let i = k + 1; i < n; i++) v[i] /= vNorm;
        // H A H on the trailing block: A - 2 v qᵀ - 2 q vᵀ with p = A v, q = p - (vᵀp) v.
        let vp = 0;
        for (let i = k + 1; i < n; i++) {
            let s = 0;
            for (let j = k + 1; j < n; j++) s += a[i * n + j] * v[j];
            p[i] = s;
            vp += v[i] * s;
        }
        for (let i = k + 1; i < n; i++) p[i] -= vp * v[i];
        for (let i = k + 1; i < n; i++)
            for (let j = k + 1; j < n; j++) a[i * n + j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
        for (let i = k + 2; i < n; i++) a[i * n + k] = a[k * n + i] = 0;
        a[(k + 1) * n + k] = a[k * n + k + 1] = alpha;
    }
    const d = Float64Array.from({ length: n }, (_, i) => a[i * n + i]);
    const e = Float64Array.from({ length: n }, (_, i) => (i + 1 < n ? a[(i + 1) * n + i] : 0));
    return { d, e };
}

/** Eigenvalues of the symmetric tridiagonal (d, e) by implicit QL with Wilkinson shifts (in place on d). */
function tridiagonalEigenvalues(d: Float64Array, e: Float64Array): Float64Array {
    const n = d.length;
    for (let l = 0; l < n; l++) {
        for (let iteration = 0; ; iteration++) {
            let m = l;
            while (
                m + 1 < n &&
                Math.abs(e[m]) > Number.EPSILON * (Math.abs(d[m]) + Math.abs(d[m + 1]))
            )
                m++;
            if (m === l) break;
            if (iteration === 100) throw new Error('eigenvalues did not converge');
            let g = (d[l + 1] - d[l]) / (2 * e[l]);
            let r = Math.hypot(g, 1);
            g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
            let s = 1;
            let c = 1;
            let p = 0;
            let i = m - 1;
            for (; i >= l; i--) {
                const f = s * e[i];
                const b = c * e[i];
                r = Math.hypot(f, g);
                e[i + 1] = r;
                if (r === 0) {
                    d[i + 1] -= p;
                    e[m] = 0;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
            }
            if (r === 0 && i >= l) continue;
            d[l] -= p;
            e[l] = g;
            e[m] = 0;
        }
    }
    return d;
}

/** All eigenvalues of a symmetric n x n matrix (row-major), ascending. */
export function eigenvaluesSymmetric(values: ArrayLike<number>, n: number): Float64Array {
    if (n === 0) return new Float64Array(0);
    const { d, e } = tridiagonalise(values, n);
    return tridiagonalEigenvalues(d, e).sort();
}

/** The largest singular value of an r x c matrix (row-major): √ of the top eigenvalue of its smaller Gram matrix. */
export function largestSingularValue(
    values: ArrayLike<number>,
    rows: number,
    cols: number,
): number {
    const transposed = rows < cols;
    const n = transposed ? rows : cols;
    const at = (i: number, j: number) => (transposed ? values[j * cols + i] : values[i * cols + j]);
    const inner = transposed ? cols : rows;
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
        for (let j = i; j < n; j++) {
            let s = 0;
            for (let k = 0; k < inner; k++) s += at(k, i) * at(k, j);
            gram[i * n + j] = gram[j * n + i] = s;
        }
    const top = eigenvaluesSymmetric(gram, n)[n - 1];
    return Math.sqrt(Math.max(top, 0));
}
