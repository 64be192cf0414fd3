// Joins a labelled benchmark with the `lswag eval` results that scored it into the table LIBRA reads:
// one column per proxy, the accuracy and #params per architecture, in benchmark order.
import { existsSync } from 'node:fs';
import type { LibraTable } from '../core/libra/libra';
import { readSource, sourceKind } from '../core/frontends/sources';
import { UsageError } from './options';
import { readMergedResults } from './resultLog';
import { keyOf } from './commands/eval';
import { withSetLevelScores } from '../core/proxies/setLevel';

export interface LoadedTable {
    readonly table: LibraTable;
    readonly proxies: readonly string[];
    /** Labelled architectures in the benchmark, and how many of them the results scored. */
    readonly labelled: number;
    readonly scored: number;
    /** Benchmark diagnostics (errors), as `file:line: message`. */
    readonly errors: readonly string[];
    /** The first results file that does not exist, if any (nothing else is read then). */
    readonly missingFile?: string;
}

export function loadLibraTable(o: {
    readonly bench: string;
    readonly acc: string;
    readonly dataset?: string;
    readonly resultsFiles: readonly string[];
}): LoadedTable {
    const bench = readSource(o.bench, sourceKind(o.bench) ?? 'benchmark', { dataset: o.dataset });
    const errors = bench.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.range.file}:${d.range.start.line + 1}: ${d.message}`);
    const columns = bench.accuracyColumns ?? [
        ...new Set(bench.specs.flatMap((s) => Object.keys(s.accuracy ?? {}))),
    ];
    if (!columns.includes(o.acc)) {
        throw new UsageError(
            `--acc '${o.acc}' is not an accuracy column of ${o.bench} (found: ${columns.join(', ') || 'none'})`,
        );
    }
    const specs = bench.specs.filter((s) => s.accuracy?.[o.acc] !== undefined);
    const empty: LibraTable = { proxies: {}, accuracy: [], params: [] };
    const missingFile = o.resultsFiles.find((f) => !existsSync(f));
    if (missingFile !== undefined)
        return {
            table: empty,
            proxies: [],
            labelled: specs.length,
            scored: 0,
            errors,
            missingFile,
        };
    const { options, results } = readMergedResults(o.resultsFiles);
    const scored = specs.filter((s) => results.has(keyOf(s)));
    // Why filled here: az_nas is set-level (ranks over the scored set); files store it as null.
    const rows = withSetLevelScores(scored.map((s) => results.get(keyOf(s))!));
    const table: LibraTable = {
        proxies: Object.fromEntries(
            options.proxies.map((p) => [p, rows.map((r) => r.scores[p] ?? null)]),
        ),
        accuracy: scored.map((s) => s.accuracy![o.acc]),
        params: rows.map((r) => r.params ?? r.scores.params ?? null),
    };
    return {
        table,
        proxies: options.proxies,
        labelled: specs.length,
        scored: scored.length,
        errors,
    };
}
