// The ViT attention study of docs/proxies.md: lswag, swap and nwot under each `--vit-activations`
// choice against ImageNet top-1, on the subnets every file scored, with a paired bootstrap standard
// error of each choice's difference from the GELU-only baseline.
// Why Λ is taken from the baseline: the choice changes only the activation layers (Ψ, swap, nwot),
// never Λ, so a variant run needs swap and nwot alone (forward only), and with all depth bins
// L-SWAG = Λ × swap exactly (lswagParts: Λ = Σ lambdaPerBin; checked on the 'gelu' control run).
// Usage: npx tsx bench/analysis/vitActivationStudy.ts BASE.jsonl BENCH.csv ACC VARIANT.jsonl[,MORE]
//   BASE: an `lswag eval --profile` file with lswag, swap and nwot (GELU only); each VARIANT an
//   `lswag eval --proxies swap,nwot --vit-activations CHOICE` file of the same data, batch and seed.
import { readFileSync } from 'node:fs';
import { keyOf } from '../../src/cli/commands/eval';
import { readResultFile } from '../../src/cli/resultLog';
import { spearman } from '../../src/core/eval/correlation';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';
import type { ScoreResult } from '../../src/core/spec/scoreResult';
import { Rng } from '../../src/core/util/rng';

const [baseFile, benchFile, acc, variantFiles] = process.argv.slice(2);
const base = readResultFile(baseFile).results;
const accuracyOf = new Map(
    readBenchmarkFile(readFileSync(benchFile, 'utf8'), benchFile, {})
        .specs.filter((s) => s.accuracy?.[acc] !== undefined)
        .map((s) => [keyOf(s), s.accuracy![acc]] as const),
);
const lambda = (r: ScoreResult) => r.lswagParts!.lambdaPerBin.reduce((s, x) => s + x, 0);

/** rho of each column on `rows`, and the paired bootstrap SE of rho(a) - rho(b). */
function bootstrapSe(a: number[], b: number[], y: number[], draws = 1000): number {
    const rng = new Rng(7);
    const diffs: number[] = [];
    for (let d = 0; d < draws; d++) {
        const idx = y.map(() => Math.floor(rng.next() * y.length));
        const pick = (v: number[]) => idx.map((i) => v[i]);
        diffs.push(spearman(pick(a), pick(y)) - spearman(pick(b), pick(y)));
    }
    const mean = diffs.reduce((s, x) => s + x, 0) / draws;
    return Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws - 1));
}

console.log(
    '| choice | n | proxy | rho (choice) | rho (gelu, same n) | difference ± bootstrap SE |',
);
console.log('|---|---|---|---|---|---|');
for (const file of variantFiles.split(',')) {
    const { options, results } = readResultFile(file);
    const keys = [...results.keys()].filter((k) => base.has(k) && accuracyOf.has(k));
    const y = keys.map((k) => accuracyOf.get(k)!);
    const choice = options.vitActivations ?? 'gelu';
    const mismatched = keys.filter(
        (k) => choice === 'gelu' && results.get(k)!.scores.swap !== base.get(k)!.scores.swap,
    );
    if (mismatched.length > 0)
        console.log(`control: swap differs from BASE on ${mismatched.length}`);
    const columns = {
        lswag: [
            keys.map((k) => lambda(base.get(k)!) * results.get(k)!.scores.swap!),
            keys.map((k) => base.get(k)!.scores.lswag!),
        ],
        swap: [
            keys.map((k) => results.get(k)!.scores.swap!),
            keys.map((k) => base.get(k)!.scores.swap!),
        ],
        nwot: [
            keys.map((k) => results.get(k)!.scores.nwot!),
            keys.map((k) => base.get(k)!.scores.nwot!),
        ],
    };
    for (const [proxy, [v, g]] of Object.entries(columns)) {
        const rv = spearman(v, y);
        const rg = spearman(g, y);
        const se = bootstrapSe(v, g, y);
        console.log(
            `| ${choice} | ${keys.length} | ${proxy} | ${rv.toFixed(3)} | ${rg.toFixed(3)} | ${(rv - rg).toFixed(3)} ± ${se.toFixed(3)} |`,
        );
    }
}
