// How well a search run did against ground truth, next to random sampling with the same number of
// evaluations: the search's best cell (by its objective) and its true accuracy; for random sampling,
// R draws of S cells from a scored benchmark (an `lswag eval` results file), each keeping its best cell
// by the same proxy, summarised as mean / median / 10th-90th percentile of the true accuracy.
// Usage: npx tsx bench/analysis/searchVsRandom.ts RUN.jsonl BENCH.csv ACC RESULTS.jsonl [PROXY=lswag] [R=2000]
import { keyOf } from '../../src/cli/commands/eval';
import { readResultFile } from '../../src/cli/resultLog';
import { rankRecords } from '../../src/core/search/objective';
import { RunFile, readRunHeader } from '../../src/core/search/runFile';
import { Rng } from '../../src/core/util/rng';
import { randomPicks } from './randomPicks';
import { readSearchBenchmark } from '../../src/host/searchBenchmark';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';
import { genomeKey, nb201GenomeOfCell } from '../../src/core/search/spaces';
import { readFileSync } from 'node:fs';

const [runFile, benchFile, acc, resultsFile, proxy = 'lswag', reps = '2000'] =
    process.argv.slice(2);
const bench = readSearchBenchmark(benchFile);
const accuracyOf = (key: string) => bench.accuracies.get(key)?.[acc];
const header = readRunHeader(runFile);
const run = RunFile.open(runFile, header);
const ranked = rankRecords(header.settings.objective, run.records);
const S = run.records.length;
const best = ranked[0];
const pool = [...bench.accuracies.values()]
    .map((a) => a[acc])
    .filter(Number.isFinite)
    .sort((a, b) => b - a);
const percentile = (sorted: number[], q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(
    `pool: ${pool.length} cells of ${benchFile}; best ${acc} ${pool[0].toFixed(2)}, 99th pct ${percentile(pool, 0.01).toFixed(2)}, median ${percentile(pool, 0.5).toFixed(2)}`,
);
const found = ranked
    .slice(0, 5)
    .map((r) => accuracyOf(r.record.key)?.toFixed(2) ?? '-')
    .join(', ');
console.log(
    `search (${header.settings.algorithm.kind}, ${S} evaluations): best by objective ${best.record.key} -> ${acc} ${accuracyOf(best.record.key)?.toFixed(2)} (top 5: ${found}); rank ${pool.filter((a) => a > (accuracyOf(best.record.key) ?? -Infinity)).length + 1} of ${pool.length}`,
);

// Random sampling with S evaluations, from the cells the results file scored.
const specs = readBenchmarkFile(readFileSync(benchFile, 'utf8'), benchFile).specs;
const { results } = readResultFile(resultsFile);
const scored = specs.flatMap((s) => {
    const score = results.get(keyOf(s))?.scores[proxy];
    const a = s.family === 'nb201' ? accuracyOf(genomeKey(nb201GenomeOfCell(s.cell))) : undefined;
    return typeof score === 'number' && a !== undefined ? [{ score, a }] : [];
});
const rng = new Rng(7);
const picks = randomPicks(scored, S, Number(reps), rng).map((p) => p.a);
picks.sort((a, b) => a - b);
const mean = picks.reduce((s, v) => s + v, 0) / picks.length;
console.log(
    `random (${S} of the ${scored.length} cells scored in ${resultsFile}, best by ${proxy}, ${reps} draws): mean ${mean.toFixed(2)}, median ${percentile(picks, 0.5).toFixed(2)}, 10-90% ${percentile(picks, 0.1).toFixed(2)}-${percentile(picks, 0.9).toFixed(2)}; P(random >= search) ${(picks.filter((p) => p >= (accuracyOf(best.record.key) ?? Infinity)).length / picks.length).toFixed(2)}`,
);
