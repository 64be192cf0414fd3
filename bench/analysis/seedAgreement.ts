// How much a proxy's ranking depends on the initial weights and the batch: Spearman between two
// `lswag eval` results files of the same cells scored with different options (e.g. --seed 0 vs 1).
// The yardstick for agreement with another implementation, whose weights and batch differ from ours.
// Usage: npx tsx bench/analysis/seedAgreement.ts A.jsonl B.jsonl
import { readResultFile } from '../../src/cli/resultLog';
import { spearman } from '../../src/core/eval/correlation';

const [fileA, fileB] = process.argv.slice(2);
const a = readResultFile(fileA);
const b = readResultFile(fileB);
const keys = [...a.results.keys()].filter((k) => b.results.has(k));
const proxies = a.options.proxies.filter((p) => b.options.proxies.includes(p));
console.log(
    `n = ${keys.length} architectures in both; ${fileA} (seed ${a.options.seed}) vs ${fileB} (seed ${b.options.seed})`,
);
for (const p of proxies) {
    const x = keys.map((k) => a.results.get(k)!.scores[p] ?? null);
    const y = keys.map((k) => b.results.get(k)!.scores[p] ?? null);
    const both = x.flatMap((v, i) => (v !== null && y[i] !== null ? [[v, y[i]!]] : []));
    console.log(
        `| ${p} | ${spearman(
            both.map((r) => r[0]),
            both.map((r) => r[1]),
        ).toFixed(3)} (n=${both.length}) |`,
    );
}
