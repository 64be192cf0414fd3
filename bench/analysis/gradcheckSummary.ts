// Prints the worst finite-difference error of every gradient-rule case, relative to its tolerance.
// Usage: npx tsx bench/analysis/gradcheckSummary.ts
import { allCases } from '../../test/unit/core/autodiff/cases/index';
import { gradCheck, toleranceOf } from '../../test/unit/core/autodiff/gradcheck';

async function main(): Promise<void> {
    const worst64 = { e: 0, n: '' };
    const worst32 = { e: 0, n: '' };
    let checked = 0;
    for (const c of allCases) {
        const r = await gradCheck(c);
        checked += r.checked;
        const w = (c.dtype ?? 'float64') === 'float64' ? worst64 : worst32;
        const relative = r.maxError / toleranceOf(c);
        if (relative > w.e) {
            w.e = relative;
            w.n = `${c.name} ${r.maxError.toExponential(2)} (tol ${toleranceOf(c)})`;
        }
    }
    console.log(
        'cases',
        allCases.length,
        'ops',
        new Set(allCases.map((c) => c.op)).size,
        'elements',
        checked,
    );
    console.log('float64 worst (relative to tolerance):', worst64.n);
    console.log('float32 worst:', worst32.n);
}

void main();
