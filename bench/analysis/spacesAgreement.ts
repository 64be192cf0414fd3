// NB101 / DARTS (NB301) evaluation against NAS-Bench-Suite-Zero (docs/spaces-nb101-darts.md): per proxy,
// Spearman rho of our values with val_accuracy, Suite-Zero's own rho on the same cells and on all cells
// of the file, and the agreement (rank correlation) of our values with Suite-Zero's.
// Usage: npx tsx bench/analysis/spacesAgreement.ts RESULTS.jsonl ZC_FILE.json
//   (RESULTS.jsonl from `lswag eval --bench ZC_FILE.json --acc val_accuracy --out RESULTS.jsonl`)
import { readFileSync } from 'node:fs';
import { keyOf } from '../../src/cli/commands/eval';
import { readResultFile } from '../../src/cli/resultLog';
import { spearman } from '../../src/core/eval/correlation';
import { readNaslibZcFile } from '../../src/core/frontends/naslibZcFile';

const [resultsFile, zcFile] = process.argv.slice(2);
const zc = readNaslibZcFile(readFileSync(zcFile, 'utf8'), zcFile);
const { results } = readResultFile(resultsFile);
const rows = zc.specs.flatMap((s) => {
    const r = results.get(keyOf(s));
    return r ? [{ ours: r.scores, theirs: s.accuracy ?? {} }] : [];
});
const acc = rows.map((r) => r.theirs.val_accuracy);
const allAcc = zc.specs.map((s) => s.accuracy?.val_accuracy ?? NaN);
const ours = new Set(rows.flatMap((r) => Object.keys(r.ours)));
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
console.log(`n = ${rows.length} of ${zc.specs.length} cells scored (${zcFile})`);
console.log(
    '| proxy | ours vs val acc | Suite-Zero vs val acc (same cells) | Suite-Zero, all cells | agreement (ours vs Suite-Zero) |',
);
console.log('|---|---|---|---|---|');
for (const p of [...ours].sort()) {
    const mine = rows.map((r) => r.ours[p] ?? null);
    const theirs = rows.map((r) => r.theirs[`naslib_${p}`] ?? null);
    const has = theirs.some((v) => v !== null);
    const allTheirs = zc.specs.map((s) => s.accuracy?.[`naslib_${p}`] ?? null);
    console.log(
        `| ${p} | ${fmt(spearman(mine, acc))} | ${has ? fmt(spearman(theirs, acc)) : '-'} | ${has ? fmt(spearman(allTheirs, allAcc)) : '-'} | ${has ? fmt(spearman(mine, theirs)) : '-'} |`,
    );
}
