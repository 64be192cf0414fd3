// Spearman agreement between our proxy values and NAS-Bench-Suite-Zero's precomputed ones on the same
// NB201 cells (docs/proxies.md, Agreement with NAS-Bench-Suite-Zero), plus each side's rho against
// NASLib's validation accuracy.
// Usage: npx tsx bench/analysis/naslibAgreement.ts RESULTS.jsonl NASLIB.csv ZC_NASBENCH201.json [DATASET]
//   (NASLIB.csv from naslibBench.ts, RESULTS.jsonl from `lswag eval --bench NASLIB.csv --acc val_accuracy`)
import { readFileSync } from 'node:fs';
import { keyOf } from '../../src/cli/commands/eval';
import { readResultFile } from '../../src/cli/resultLog';
import { spearman } from '../../src/core/eval/correlation';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';
import { readNaslibTable } from './naslibTable';

const [resultsFile, benchFile, jsonFile, dataset = 'cifar10'] = process.argv.slice(2);
const byCell = readNaslibTable(jsonFile, dataset);
// Why the mapping: NASLib names the dataset ImageNet16-120, our --dataset imagenet16-120.
const benchDataset = dataset === 'ImageNet16-120' ? 'imagenet16-120' : dataset;
const bench = readBenchmarkFile(readFileSync(benchFile, 'utf8'), benchFile, {
    dataset: benchDataset,
});
const { results } = readResultFile(resultsFile);
const rows = bench.specs.flatMap((s) => {
    const r = results.get(keyOf(s));
    const theirs = s.family === 'nb201' ? byCell.get(s.cell) : undefined;
    return r && theirs ? [{ ours: r.scores, theirs, acc: s.accuracy?.val_accuracy ?? NaN }] : [];
});
const proxies = [
    'synflow',
    'snip',
    'grad_norm',
    'nwot',
    'jacov',
    'fisher',
    'grasp',
    'l2_norm',
    'plain',
    'params',
    'flops',
    'epe_nas',
];
console.log(`n = ${rows.length} cells of ${dataset} scored by both`);
console.log('| proxy | agreement rho (ours vs NASLib) | ours vs val acc | NASLib vs val acc |');
console.log('|---|---|---|---|');
for (const p of proxies) {
    const ours = rows.map((r) => r.ours[p] ?? null);
    if (ours.every((v) => v === null)) continue;
    const theirs = rows.map(
        (r) => (r.theirs[p] as { score: number | null } | undefined)?.score ?? null,
    );
    const acc = rows.map((r) => r.acc);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
    // Why: NASLib stored NaN/inf for some cells; agreement is taken where both sides have a number.
    const both = ours.map((v, i) => i).filter((i) => ours[i] !== null && theirs[i] !== null);
    const agreement = spearman(
        both.map((i) => ours[i]),
        both.map((i) => theirs[i]!),
    );
    console.log(
        `| ${p} | ${f(agreement)} (n=${both.length}) | ${f(spearman(ours, acc))} | ${f(spearman(theirs, acc))} |`,
    );
}
