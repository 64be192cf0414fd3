// Evolution against random sampling over many seeds, replayed on recorded scores: the real planner and
// search loop (src/host/searchLoop.ts) run with an engine that answers from an `lswag eval` results
// file instead of scoring, within the cells that file scored. Per seed: the evolution's best cell by
// the proxy and its true accuracy; random sampling gets the same number of evaluations from the same
// cells (R draws). Scores are the ones the live engine gives for the same options (deterministic), so
// this measures the search algorithm, not the scorer, at no scoring cost.
// Usage: npx tsx bench/analysis/searchOnTable.ts BENCH.csv ACC RESULTS.jsonl [POPULATION=50] [GENERATIONS=10] [SEEDS=10] [PROXY=lswag] [R=2000]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyOf } from '../../src/cli/commands/eval';
import { headerFromArgs } from '../../src/cli/commands/search';
import { readResultFile } from '../../src/cli/resultLog';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';
import { rankRecords } from '../../src/core/search/objective';
import { RunFile } from '../../src/core/search/runFile';
import { genomeKey, nb201GenomeOfCell } from '../../src/core/search/spaces';
import type { ArchitectureSpec } from '../../src/core/spec/spec';
import { Rng } from '../../src/core/util/rng';
import { randomPicks } from './randomPicks';
import { type SearchEngine, runSearch } from '../../src/host/searchLoop';
import type { ScoreResult } from '../../src/protocol/worker';

const [
    benchFile,
    acc,
    resultsFile,
    pop = '50',
    gens = '10',
    seeds = '10',
    proxy = 'lswag',
    reps = '2000',
] = process.argv.slice(2);

async function main(): Promise<void> {
    const text = readFileSync(benchFile, 'utf8');
    const { results } = readResultFile(resultsFile);
    const cells = readBenchmarkFile(text, benchFile).specs.flatMap((s) => {
        const r = results.get(keyOf(s));
        const score = r?.scores[proxy];
        const a = s.accuracy?.[acc];
        return s.family === 'nb201' && r && typeof score === 'number' && a !== undefined
            ? [{ key: genomeKey(nb201GenomeOfCell(s.cell)), cell: s.cell, result: r, score, a }]
            : [];
    });
    const byKey = new Map(cells.map((c) => [c.key, c]));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-table-search-'));
    // The pool: a benchmark file of exactly the scored cells (what `--within` reads).
    const within = path.join(dir, 'scored.csv');
    writeFileSync(within, `arch,${acc}\n${cells.map((c) => `${c.cell},${c.a}`).join('\n')}\n`);

    const engine: SearchEngine = {
        score(specs: readonly ArchitectureSpec[], _options, handlers) {
            const job = (async () => {
                specs.forEach((spec, i) => {
                    if (spec.family !== 'nb201')
                        throw new Error('only NB201 cells are in the table');
                    const found = byKey.get(genomeKey(nb201GenomeOfCell(spec.cell)));
                    if (!found) throw new Error(`${spec.cell} is not in ${resultsFile}`);
                    handlers.onResult?.({ ...found.result, name: spec.name } as ScoreResult, i);
                });
            })();
            return Object.assign(job, { jobId: 'table' });
        },
        cancel: () => undefined,
    };

    const sorted = cells.map((c) => c.a).sort((x, y) => y - x);
    const exhaustive = cells.reduce((m, c) => (c.score > m.score ? c : m));
    console.log(
        `pool: ${cells.length} cells scored by ${proxy} in ${resultsFile}; best ${acc} ${sorted[0].toFixed(2)}; the pool's best cell by ${proxy} has ${exhaustive.a.toFixed(2)}`,
    );
    const quiet = { out: () => undefined, err: () => undefined };
    const byScore = cells.map((c) => c.score).sort((x, y) => y - x);
    const scoreRank = (v: number) => byScore.filter((x) => x > v).length + 1;
    const rows: {
        seed: number;
        evaluations: number;
        search: number;
        random: number;
        beat: number;
        searchRank: number;
        randomRank: number;
    }[] = [];
    for (let seed = 1; seed <= Number(seeds); seed++) {
        const runFile = path.join(dir, `run-${seed}.jsonl`);
        const header = headerFromArgs(
            [
                '--space',
                'nb201',
                '--objective',
                proxy,
                '--population',
                pop,
                '--generations',
                gens,
                '--seed',
                `${seed}`,
                '--within',
                within,
                '--out',
                runFile,
            ],
            quiet,
        );
        const run = RunFile.open(runFile, header);
        const end = await runSearch(run, engine, {
            pool: cells.map((c) => nb201GenomeOfCell(c.cell)),
        });
        if (end !== 'complete') throw new Error(`seed ${seed}: the search ended ${end}`);
        const best = rankRecords(header.settings.objective, run.records)[0];
        const search = byKey.get(best.record.key)!.a;
        const S = run.records.length;
        const rng = new Rng(1000 + seed);
        const drawn = randomPicks(cells, S, Number(reps), rng);
        const picks = drawn.map((p) => p.a);
        const searchRank = scoreRank(byKey.get(best.record.key)!.score);
        const randomRank = drawn.reduce((s, p) => s + scoreRank(p.score), 0) / drawn.length;
        const random = picks.reduce((s, v) => s + v, 0) / picks.length;
        const beat = picks.filter((p) => search > p).length / picks.length;
        rows.push({ seed, evaluations: S, search, random, beat, searchRank, randomRank });
        console.log(
            `seed ${seed}: ${S} evaluations; evolution's best by ${proxy} (its ${proxy} rank ${searchRank}/${cells.length}): ${acc} ${search.toFixed(2)} ` +
                `(accuracy rank ${sorted.filter((a) => a > search).length + 1}); random with ${S}: ${proxy} rank ${randomRank.toFixed(1)} on average, ${acc} mean ${random.toFixed(2)}; P(evolution > random) ${beat.toFixed(2)}`,
        );
    }
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    console.log(
        `summary over ${rows.length} seeds (population ${pop}, ${gens} generations, mean ${mean(rows.map((r) => r.evaluations)).toFixed(0)} evaluations): ` +
            `${proxy} rank of the pick: evolution ${mean(rows.map((r) => r.searchRank)).toFixed(1)}, random ${mean(rows.map((r) => r.randomRank)).toFixed(1)}; ` +
            `${acc}: evolution ${mean(rows.map((r) => r.search)).toFixed(2)}, random ${mean(rows.map((r) => r.random)).toFixed(2)}, mean P(evolution > random) ${mean(rows.map((r) => r.beat)).toFixed(2)}`,
    );
    rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
