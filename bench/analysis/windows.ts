// Offline analysis of an `lswag eval --profile` results file: L-SWAG for every depth-bin window
// (from the stored per-bin parts), the label-free calibrated window from the stored per-layer
// profiles, and where the calibrated window ranks among all windows; then Lambda and Psi alone for
// the calibrated window and all bins (which factor carries the ranking). Labels only evaluate.
// Usage: npx tsx bench/analysis/windows.ts RESULTS.jsonl BENCH.csv ACC_COLUMN [DATASET]
import { readFileSync } from 'node:fs';
import { readResultFile } from '../../src/cli/resultLog';
import { keyOf } from '../../src/cli/commands/eval';
import { spearman } from '../../src/core/eval/correlation';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';
import { profileFromLayers } from '../../src/core/proxies/calibration';
import type { ScoreResult } from '../../src/protocol/worker';

const [resultsFile, benchFile, acc, dataset = 'cifar10'] = process.argv.slice(2);
const bench = readBenchmarkFile(readFileSync(benchFile, 'utf8'), benchFile, { dataset });
const { results } = readResultFile(resultsFile);
const rows = bench.specs.flatMap((s) => {
    const r = results.get(keyOf(s));
    return r && s.accuracy?.[acc] !== undefined ? [{ r, y: s.accuracy[acc] }] : [];
});
const y = rows.map((x) => x.y);
const lswagFor = (r: ScoreResult, lo: number, hi: number) => {
    const parts = r.lswagParts;
    if (!parts) return null;
    let lambda = 0;
    for (let b = lo; b <= hi; b++) lambda += parts.lambdaPerBin[b];
    return lambda * parts.psiUpTo[hi];
};
const windows: { lo: number; hi: number; rho: number }[] = [];
for (let lo = 0; lo <= 9; lo++) {
    for (let hi = lo; hi <= 9; hi++)
        windows.push({
            lo,
            hi,
            rho: spearman(
                rows.map((x) => lswagFor(x.r, lo, hi)),
                y,
            ),
        });
}
windows.sort((a, b) => b.rho - a.rho);
const profile = profileFromLayers(
    'nb201', // A label only: the window rule is the same for every space.
    rows.map((x) => x.r.layerProfile ?? []),
    { seed: 0, batch: 0, batches: 0, data: '' },
);
const [clo, chi] = profile.window;
const rank = windows.findIndex((w) => w.lo === clo && w.hi === chi) + 1;
const all = windows.find((w) => w.lo === 0 && w.hi === 9)!;
console.log(`n = ${rows.length} (${acc})`);
console.log(
    `profile (mean log sqrt Var|g| per bin): ${profile.profile.map((v) => (v === null ? '-' : v.toFixed(2))).join(' ')}`,
);
console.log(
    `calibrated window [${clo}, ${chi}]: rho ${windows[rank - 1].rho.toFixed(3)} (rank ${rank} of ${windows.length} windows)`,
);
console.log(`all bins [0, 9]: rho ${all.rho.toFixed(3)}`);
console.log(
    `best windows: ${windows
        .slice(0, 5)
        .map((w) => `[${w.lo},${w.hi}] ${w.rho.toFixed(3)}`)
        .join(', ')}`,
);
console.log(
    `worst window: [${windows.at(-1)!.lo},${windows.at(-1)!.hi}] ${windows.at(-1)!.rho.toFixed(3)}`,
);
const lambdaFor = (r: ScoreResult, lo: number, hi: number) =>
    r.lswagParts ? r.lswagParts.lambdaPerBin.slice(lo, hi + 1).reduce((a, b) => a + b, 0) : null;
for (const [name, lo, hi] of [
    ['calibrated', clo, chi],
    ['all bins', 0, 9],
] as const) {
    const lambda = spearman(
        rows.map((x) => lambdaFor(x.r, lo, hi)),
        y,
    );
    const psi = spearman(
        rows.map((x) => x.r.lswagParts?.psiUpTo[hi] ?? null),
        y,
    );
    console.log(
        `${name} [${lo}, ${hi}]: Lambda alone ${lambda.toFixed(3)}, Psi alone ${psi.toFixed(3)}`,
    );
}
