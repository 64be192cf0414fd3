// NB101 / DARTS (NB301) evaluation against NAS-Bench-Suite-Zero (docs/spaces-nb101-darts.md): per proxy,
// Spearman rho of our values with val_accuracy, Suite-Zero's own rho on the same cells and on all cells
// of the file, and the agreement (rank correlation) of our values with Suite-Zero's.
// Usage: npx tsx bench/analysis/spacesAgreement.ts RESULTS.jsonl ZC_FILE.json [MORE_RESULTS.jsonl ...]
//   (each RESULTS.jsonl from `lswag eval --bench ZC_FILE.json --acc val_accuracy --out RESULTS.jsonl`;
//   several files, e.g. one per proxy group, are merged per cell: the first file holding a proxy's
//   value gives it. Each proxy's row uses the cells that have our value for it: its own n.)
import { readFileSync } from 'node:fs';
import { keyOf } from '../../src/cli/commands/eval';
import { readResultFile } from '../../src/cli/resultLog';
import { spearman } from '../../src/core/eval/correlation';
import { readNaslibZcFile } from '../../src/core/frontends/naslibZcFile';
import { withSetLevelScores } from '../../src/core/proxies/setLevel';
import { nb101NetworkKey } from '../../src/core/spaces/nb101Canonical';
import type { ScoreResult } from '../../src/protocol/worker';

const [resultsFile, zcFile, ...moreFiles] = process.argv.slice(2);
const zc = readNaslibZcFile(readFileSync(zcFile, 'utf8'), zcFile);
const files = [resultsFile, ...moreFiles].map((f) => readResultFile(f).results);

/** One result per cell with every proxy any file has (the first file holding a proxy gives it). */
function merged(key: string): ScoreResult | undefined {
    const found = files.flatMap((f) => f.get(key) ?? []);
    if (found.length === 0) return undefined;
    const scores: Record<string, number | null> = {};
    for (const r of [...found].reverse()) Object.assign(scores, r.scores);
    return { ...found[0], scores };
}

const cells = zc.specs.flatMap((s) => {
    const r = merged(keyOf(s));
    return r ? [{ spec: s, r, theirs: s.accuracy ?? {} }] : [];
});
// Why: az_nas is set-level (ranks within the scored set), filled in here as `lswag eval` does.
const withSets = withSetLevelScores(cells.map((c) => c.r));
const rows = cells.map((c, i) => ({ ...c, ours: withSets[i].scores }));
const allAcc = zc.specs.map((s) => s.accuracy?.val_accuracy ?? NaN);
const proxies = new Set(rows.flatMap((r) => Object.keys(r.ours)));
const networks = new Set(
    rows.map((r) => (r.spec.family === 'nb101' ? nb101NetworkKey(r.spec) : keyOf(r.spec))),
);
const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '-');
console.log(
    `${rows.length} of ${zc.specs.length} cells scored (${networks.size} distinct networks; ${zcFile})`,
);
console.log(
    '| proxy | n | ours vs val acc | Suite-Zero vs val acc (same cells) | Suite-Zero, all cells | agreement (ours vs Suite-Zero) |',
);
console.log('|---|---|---|---|---|---|');
for (const p of [...proxies].sort()) {
    const have = rows.filter((r) => typeof r.ours[p] === 'number');
    const acc = have.map((r) => r.theirs.val_accuracy);
    const mine = have.map((r) => r.ours[p] ?? null);
    const theirs = have.map((r) => r.theirs[`naslib_${p}`] ?? null);
    const has = theirs.some((v) => v !== null);
    const allTheirs = zc.specs.map((s) => s.accuracy?.[`naslib_${p}`] ?? null);
    console.log(
        `| ${p} | ${have.length} | ${fmt(spearman(mine, acc))} | ${has ? fmt(spearman(theirs, acc)) : '-'} | ${has ? fmt(spearman(allTheirs, allAcc)) : '-'} | ${has ? fmt(spearman(mine, theirs)) : '-'} |`,
    );
}
