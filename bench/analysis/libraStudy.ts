// The combination study of docs/libra.md: every combination rule of src/core/libra/rules.ts through
// the out-of-sample protocol (5-fold, averaged over several fold seeds), next to the best single proxy,
// and optionally the small-sample stability curve of one rule.
// Usage:
//   npx tsx bench/analysis/libraStudy.ts eval RESULTS.jsonl[,MORE] BENCH.csv ACC [DATASET] [--seeds 5] [--limit N] [--drop a,b]
//   (DATASET: NB201's cifar10|cifar100|imagenet16-120; leave it out for a ViT CSV, e.g. imagenet_acc)
//   npx tsx bench/analysis/libraStudy.ts naslib zc_nasbench201.json cifar10|cifar100|ImageNet16-120 [--seeds 5]
//   ... --stability greedy --sizes 10,20,50,100,200 --draws 20
import { readFileSync } from 'node:fs';
import { loadLibraTable } from '../../src/cli/libraTable';
import type { LibraTable } from '../../src/core/libra/libra';
import { outOfSample } from '../../src/core/libra/outOfSample';
import { RULE_IDS, subsetTable, type RuleId } from '../../src/core/libra/rules';
import { stabilityAt, stableSampleSize } from '../../src/core/libra/stability';
import { spearman } from '../../src/core/eval/correlation';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i < 0 ? undefined : args[i + 1];
};

function naslibTable(file: string, dataset: string): LibraTable {
    const rows = Object.values(
        (
            JSON.parse(readFileSync(file, 'utf8').replace(/-?Infinity|NaN/g, 'null')) as Record<
                string,
                Record<string, Record<string, unknown>>
            >
        )[dataset],
    );
    const names = Object.keys(rows[0]).filter(
        (k) =>
            typeof rows[0][k] === 'object' &&
            rows[0][k] !== null &&
            'score' in (rows[0][k] as object),
    );
    const score = (r: Record<string, unknown>, p: string) =>
        ((r[p] as { score?: number } | undefined)?.score ?? null) as number | null;
    return {
        proxies: Object.fromEntries(names.map((p) => [p, rows.map((r) => score(r, p))])),
        accuracy: rows.map((r) => r.val_accuracy as number),
        params: rows.map((r) => score(r, 'params')),
    };
}

function load(): LibraTable {
    if (args[0] === 'naslib') return naslibTable(args[1], args[2]);
    const [, results, bench, acc, fifth] = args;
    // Why: a ViT CSV has no dataset, and the next word is then a flag (it was read as the dataset).
    const dataset = fifth === undefined || fifth.startsWith('--') ? undefined : fifth;
    const loaded = loadLibraTable({ bench, acc, dataset, resultsFiles: results.split(',') });
    if (loaded.missingFile) throw new Error(`no results file ${loaded.missingFile}`);
    return loaded.table;
}

let table = load();
const limit = Number(flag('limit') ?? Infinity);
if (limit < table.accuracy.length)
    table = subsetTable(table, table.accuracy.map((_, i) => i).slice(0, limit));
const drop = (flag('drop') ?? '').split(',').filter(Boolean);
table = {
    ...table,
    proxies: Object.fromEntries(Object.entries(table.proxies).filter(([p]) => !drop.includes(p))),
};
const n = table.accuracy.length;
const seeds = Number(flag('seeds') ?? 5);
console.log(`n = ${n}; proxies: ${Object.keys(table.proxies).join(', ')}`);
const singles = Object.entries(table.proxies)
    .map(([p, c]) => [p, spearman(c, table.accuracy)] as const)
    .sort((a, b) => (b[1] || -2) - (a[1] || -2));
console.log(
    `single rhos (all rows): ${singles.map(([p, r]) => `${p} ${r.toFixed(3)}`).join(', ')}`,
);

const stabilityRule = flag('stability') as RuleId | undefined;
if (stabilityRule) {
    const sizes = (flag('sizes') ?? '10,20,30,50,75,100,150,200').split(',').map(Number);
    const draws = Number(flag('draws') ?? 20);
    const points = sizes
        .filter((s) => s <= n)
        .map((size) => {
            const p = stabilityAt(table, { combination: stabilityRule, n: size, draws, seed: 1 });
            console.log(
                `| ${p.n} | ${p.agreement.toFixed(2)} | ${p.offered.toFixed(2)} | ${p.pickAgreement.toFixed(2)} | ${p.modal} |`,
            );
            return p;
        });
    console.log(`stable from n = ${stableSampleSize(points) ?? 'never (in the sizes measured)'}`);
} else {
    console.log(
        '| rule | out-of-sample rho (mean over seeds) | min..max over seeds | in-sample rho (all rows) | picks on all rows |',
    );
    console.log('|---|---|---|---|---|');
    const per = new Map<RuleId, number[]>();
    let last: ReturnType<typeof outOfSample> | undefined;
    for (let seed = 0; seed < seeds; seed++) {
        const r = outOfSample(table, {
            combination: 'libra',
            others: RULE_IDS,
            protocol: { kind: 'k-fold', folds: 5, seed },
        });
        for (const o of [r.bestSingle, r.combination, ...r.others])
            per.set(o.rule, [...(per.get(o.rule) ?? []), o.outOfSample ?? NaN]);
        last = r;
    }
    for (const o of [last!.bestSingle, last!.combination, ...last!.others]) {
        const v = per.get(o.rule)!;
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        const w = o.final?.weights
            ? ` (w ${o.final.weights.map((x) => x.toFixed(2)).join(', ')})`
            : '';
        console.log(
            `| ${o.rule} | ${m.toFixed(3)} | ${Math.min(...v).toFixed(3)}..${Math.max(...v).toFixed(3)} | ${o.inSample?.toFixed(3)} | ${o.final?.picks.join(' + ')}${w} |`,
        );
    }
}
