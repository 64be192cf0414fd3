// The label-free L-SWAG window of NB101 or DARTS from an `lswag eval --profile` run on a Suite-Zero
// file (docs/spaces-nb101-darts.md, Calibration): the per-layer profiles of the scored networks (each
// NB101 network once, its twin rows aside) give the space's profile and window, written where `score`
// finds shipped windows. Then, as a check only (labels never choose): rho of L-SWAG with that window
// against all bins, and the window's rank among all 55 windows, from the stored per-bin parts.
// Usage: npx tsx bench/analysis/spacesWindow.ts RESULTS.jsonl ZC_FILE.json nb101|darts [OUT.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { keyOf } from '../../src/cli/commands/eval';
import { readResultFile } from '../../src/cli/resultLog';
import { spearman } from '../../src/core/eval/correlation';
import { readNaslibZcFile } from '../../src/core/frontends/naslibZcFile';
import { BINS, profileFromLayers } from '../../src/core/proxies/calibration';
import { nb101NetworkKey } from '../../src/core/spaces/nb101Canonical';
import type { SpaceId } from '../../src/core/spec/spaceId';
import type { ScoreResult } from '../../src/protocol/worker';

const [resultsFile, zcFile, space, out] = process.argv.slice(2);
const zc = readNaslibZcFile(readFileSync(zcFile, 'utf8'), zcFile);
const { options, results } = readResultFile(resultsFile);
const rows = zc.specs.flatMap((s) => {
    const r = results.get(keyOf(s));
    return r?.layerProfile && r.lswagParts ? [{ s, r, y: s.accuracy?.val_accuracy ?? NaN }] : [];
});
const networks = new Map<string, ScoreResult>();
for (const { s, r } of rows) {
    const k = (s.family === 'nb101' ? nb101NetworkKey(s) : undefined) ?? keyOf(s);
    if (!networks.has(k)) networks.set(k, r);
}
const profile = profileFromLayers(
    space as SpaceId,
    [...networks.values()].map((r) => r.layerProfile ?? []),
    { seed: options.seed, batch: options.batch, batches: options.batches, data: options.data.kind },
);
const [lo, hi] = profile.window;
console.log(`${networks.size} networks (${rows.length} rows) with profiles in ${resultsFile}`);
console.log(
    `profile (mean log sqrt Var|g| per bin): ${profile.profile.map((v) => (v === null ? '-' : v.toFixed(2))).join(' ')}`,
);
console.log(`layers per bin: ${profile.layerCounts.join(' ')}`);
console.log(`window [${lo}, ${hi}]`);
if (out) {
    writeFileSync(out, `${JSON.stringify(profile, null, 2)}\n`);
    console.log(`written to ${out}`);
}

// The check, by label: L-SWAG = (sum of Lambda over the window's bins) x Psi up to its last bin.
const lswagFor = (r: ScoreResult, a: number, b: number) => {
    const parts = r.lswagParts!;
    return parts.lambdaPerBin.slice(a, b + 1).reduce((x, v) => x + v, 0) * parts.psiUpTo[b];
};
const y = rows.map((x) => x.y);
const rhoOf = (a: number, b: number) =>
    spearman(
        rows.map((x) => lswagFor(x.r, a, b)),
        y,
    );
const windows: { a: number; b: number; rho: number }[] = [];
for (let a = 0; a < BINS; a++)
    for (let b = a; b < BINS; b++) windows.push({ a, b, rho: rhoOf(a, b) });
windows.sort((u, v) => v.rho - u.rho);
const rank = windows.findIndex((w) => w.a === lo && w.b === hi) + 1;
console.log(
    `check by label (val_accuracy, ${rows.length} rows): window [${lo}, ${hi}] rho ${rhoOf(lo, hi).toFixed(3)} (rank ${rank} of ${windows.length}); all bins rho ${rhoOf(0, BINS - 1).toFixed(3)}; best [${windows[0].a}, ${windows[0].b}] ${windows[0].rho.toFixed(3)}`,
);
