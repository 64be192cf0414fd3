// Spearman rho and Kendall tau-b of every proxy in an `lswag eval` results file against an accuracy
// column, over the architectures the file scored so far (a partial evaluation is fine; n is printed).
// Usage: npx tsx bench/analysis/correlations.ts RESULTS.jsonl[,MORE.jsonl...] BENCH.csv ACC [DATASET]
//   (several files: proxies scored in separate runs, joined per architecture like `lswag libra`)
import { readFileSync } from 'node:fs';
import { correlate, keyOf } from '../../src/cli/commands/eval';
import { readMergedResults } from '../../src/cli/resultLog';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';

const [resultsFile, benchFile, acc, dataset = 'cifar10'] = process.argv.slice(2);
const { options, results } = readMergedResults(resultsFile.split(','));
const specs = readBenchmarkFile(readFileSync(benchFile, 'utf8'), benchFile, {
    dataset,
}).specs.filter((s) => results.has(keyOf(s)) && s.accuracy?.[acc] !== undefined);
const scored = specs.map((s) => results.get(keyOf(s))!);
const report = correlate(
    scored,
    specs.map((s) => s.accuracy![acc]),
    options.proxies,
    acc,
);
const seconds = scored.reduce((t, r) => t + r.seconds, 0) / Math.max(scored.length, 1);
console.log(`n = ${report.n} (${acc}, ${resultsFile}); ${seconds.toFixed(1)} s per architecture`);
const rows = Object.entries(report.correlations).sort(
    (a, b) => (b[1].spearman ?? -2) - (a[1].spearman ?? -2),
);
for (const [p, c] of rows)
    console.log(`| ${p} | ${c.spearman?.toFixed(3)} | ${c.kendall?.toFixed(3)} |`);
