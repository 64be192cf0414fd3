// How a number reads wherever the extension shows one (CodeLens, rankings table and charts, search
// panel): one formatter, so a score reads the same in the lens as in the table. No DOM, no vscode.

/**
 * Whole numbers below 1e12 exactly, with separators (1,234,567 params); other values in 4
 * significant digits: 3697, 113.7, -1.386, 0.1235, and exponent form at or above 1e5 or below 1e-3
 * (9.564e+7, 1.235e-4). `missing` stands for null and non-finite values.
 */
export function formatNumber(v: number | null | undefined, missing = '-'): string {
    if (v === null || v === undefined || !Number.isFinite(v)) return missing;
    if (Number.isInteger(v) && Math.abs(v) < 1e12) return v.toLocaleString('en-US');
    const a = Math.abs(v);
    if (a >= 1e5 || a < 1e-3) return v.toExponential(3);
    // Why Number(): toPrecision pads with zeros (1.500) and writes 12345.6 as 1.235e+4.
    return String(Number(v.toPrecision(4)));
}
