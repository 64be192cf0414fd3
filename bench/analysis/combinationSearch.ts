// Out-of-sample check of fixed proxy sets and of greedy forward selection with other stopping
// settings, on one LIBRA table (5-fold, fold seeds 0..S-1): the exploration behind the combination
// rules of docs/proxies.md ("LIBRA out of sample"). A fixed set chooses nothing on the training folds,
// but choosing which fixed set to report by these numbers is itself a choice: read them as such.
// Usage: npx tsx bench/analysis/combinationSearch.ts RESULTS[,MORE] BENCH ACC [DATASET] [--seeds 5]
//   [--sets a+b+c,d+e] [--greedy gain:max,gain:max]
import { loadLibraTable } from '../../src/cli/libraTable';
import { spearman } from '../../src/core/eval/correlation';
import type { LibraTable } from '../../src/core/libra/libra';
import { kFoldSplits } from '../../src/core/libra/folds';
import { rankLogScore } from '../../src/core/libra/rankScore';
import { subsetTable } from '../../src/core/libra/rules';

const args = process.argv.slice(2);
const flag = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i < 0 ? undefined : args[i + 1];
};
const [results, bench, acc, fifth] = args;
const dataset = fifth === undefined || fifth.startsWith('--') ? undefined : fifth;
const { table } = loadLibraTable({ bench, acc, dataset, resultsFiles: results.split(',') });
const seeds = Number(flag('seeds') ?? 5);

const rhoOf = (t: LibraTable, picks: readonly string[]) =>
    spearman(
        rankLogScore(
            picks.map((p) => t.proxies[p]),
            t.accuracy.length,
        ),
        t.accuracy,
    );

/** Forward selection: start from the best proxy, add the one that raises rho most, while gain >= minGain. */
function greedy(t: LibraTable, minGain: number, maxPicks: number): string[] {
    const names = Object.keys(t.proxies).filter((p) => Number.isFinite(rhoOf(t, [p])));
    const picks = [names.reduce((a, b) => (rhoOf(t, [b]) > rhoOf(t, [a]) ? b : a))];
    let best = rhoOf(t, picks);
    while (picks.length < maxPicks) {
        const next = names
            .filter((p) => !picks.includes(p))
            .map((p) => [p, rhoOf(t, [...picks, p])] as const)
            .reduce((a, b) => (b[1] > a[1] ? b : a), ['', -2] as const);
        if (next[1] - best < minGain) break;
        picks.push(next[0]);
        best = next[1];
    }
    return picks;
}

/** The k proxies of highest rho, skipping any whose |rank correlation| with a pick exceeds maxCorr. */
function topDistinct(t: LibraTable, k: number, maxCorr: number): string[] {
    const ranked = Object.keys(t.proxies)
        .map((p) => [p, rhoOf(t, [p])] as const)
        .filter(([, r]) => Number.isFinite(r))
        .sort((a, b) => b[1] - a[1]);
    const picks: string[] = [];
    for (const [p] of ranked) {
        if (picks.length === k) break;
        const near = picks.some(
            (q) => Math.abs(spearman(t.proxies[p], t.proxies[q] as number[])) > maxCorr,
        );
        if (!near) picks.push(p);
    }
    return picks;
}

function heldOut(choose: (train: LibraTable) => string[]): number {
    let sum = 0;
    let count = 0;
    for (let seed = 0; seed < seeds; seed++) {
        for (const split of kFoldSplits(table.accuracy.length, 5, seed)) {
            sum += rhoOf(subsetTable(table, split.test), choose(subsetTable(table, split.train)));
            count++;
        }
    }
    return sum / count;
}

console.log(`n = ${table.accuracy.length}, ${acc}, ${seeds} fold seeds`);
for (const g of (flag('distinct') ?? '').split(',').filter(Boolean)) {
    const [k, maxCorr] = g.split(':').map(Number);
    const all = topDistinct(table, k, maxCorr).join(' + ');
    console.log(
        `| top${k} distinct (max corr ${maxCorr}) | ${heldOut((t) => topDistinct(t, k, maxCorr)).toFixed(3)} | all rows: ${all} |`,
    );
}
for (const set of (flag('sets') ?? '').split(',').filter(Boolean)) {
    const picks = set.split('+');
    console.log(
        `| fixed ${set} | ${heldOut(() => picks).toFixed(3)} | ${rhoOf(table, picks).toFixed(3)} |`,
    );
}
for (const g of (flag('greedy') ?? '').split(',').filter(Boolean)) {
    const [gain, max] = g.split(':').map(Number);
    const all = greedy(table, gain, max).join(' + ');
    console.log(
        `| greedy gain ${gain} max ${max} | ${heldOut((t) => greedy(t, gain, max)).toFixed(3)} | all rows: ${all} |`,
    );
}
