// `lswag libra --bench FILE --acc COLUMN`: LIBRA-NAS on a labelled benchmark already scored by `lswag
// eval` (reads its results file, scores nothing), with its alternatives and AZ-NAS; can save a preset.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
    LIBRA_METHODS,
    libraReport,
    type LibraMethod,
    type Objective,
} from '../../core/libra/alternatives';
import type { LibraTable } from '../../core/libra/libra';
import type { LibraPreset } from '../../core/libra/preset';
import { readSource, sourceKind } from '../../core/frontends/sources';
import { SPACE_IDS, type SpaceId } from '../../core/spec/spaceId';
import type { CliCommand, CliIo } from '../command';
import { formatLibraReport, libraJson } from '../libraText';
import { UsageError, parseOptions } from '../options';
import { savePreset } from '../../host/presetStore';
import { readMergedResults } from '../resultLog';
import { keyOf } from './eval';

export const libraCommand: CliCommand = {
    summary:
        'Choose LIBRA-NAS proxies on a benchmark scored by `lswag eval`; save them as a search preset.',
    usage:
        'lswag libra --bench FILE --acc COLUMN [--dataset cifar10|cifar100|imagenet16-120] [--results RESULTS.jsonl[,MORE.jsonl]] [--bins 24] [--band 0.1] ' +
        `[--save-preset NAME --space ${SPACE_IDS.join('|')} [--method ${LIBRA_METHODS.join('|')}|best]] [--json]`,
    run(args: readonly string[], io: CliIo): number {
        const o = parseOptions(args, {
            bench: 'string',
            acc: 'string',
            dataset: 'string',
            results: 'string',
            bins: 'number',
            band: 'number',
            'save-preset': 'string',
            space: 'string',
            method: 'string',
            json: 'boolean',
        });
        if (!o.bench || !o.acc) throw new UsageError('--bench and --acc are required');
        const bins = o.bins ?? 24;
        if (!Number.isInteger(bins) || bins < 1)
            throw new UsageError('--bins needs a positive integer');
        const band = o.band ?? 0.1;
        if (!(band > 0)) throw new UsageError('--band needs a positive number');
        const method = o.method ?? 'libra';
        if (method !== 'best' && !LIBRA_METHODS.includes(method as LibraMethod))
            throw new UsageError(`--method must be ${LIBRA_METHODS.join(', ')} or best`);
        if (o['save-preset'] !== undefined && !SPACE_IDS.includes(o.space as SpaceId)) {
            throw new UsageError(`--save-preset needs --space (${SPACE_IDS.join(', ')})`);
        }

        // The benchmark gives accuracies and row keys exactly as `lswag eval` read them.
        const bench = readSource(o.bench, sourceKind(o.bench) ?? 'benchmark', {
            dataset: o.dataset,
        });
        for (const d of bench.diagnostics)
            if (d.severity === 'error')
                io.err(`${d.range.file}:${d.range.start.line + 1}: ${d.message}\n`);
        const columns = bench.accuracyColumns ?? [
            ...new Set(bench.specs.flatMap((s) => Object.keys(s.accuracy ?? {}))),
        ];
        if (!columns.includes(o.acc)) {
            throw new UsageError(
                `--acc '${o.acc}' is not an accuracy column of ${o.bench} (found: ${columns.join(', ') || 'none'})`,
            );
        }
        const specs = bench.specs.filter((s) => s.accuracy?.[o.acc!] !== undefined);
        const dataset = o.dataset ?? 'cifar10';
        const resultsFile =
            o.results ?? path.join('.lswag', 'eval', `${path.basename(o.bench)}.${dataset}.jsonl`);
        const resultsFiles = resultsFile.split(',');
        const missing = resultsFiles.find((f) => !existsSync(f));
        if (missing !== undefined) {
            const datasetArg = o.dataset ? ` --dataset ${o.dataset}` : '';
            const evalLine = `lswag eval --bench ${o.bench} --acc ${o.acc}${datasetArg}`;
            io.err(
                `lswag libra: no scores in ${missing}; score the benchmark first: ${evalLine} (or pass --results)\n`,
            );
            return 1;
        }
        const { options, results } = readMergedResults(resultsFiles);
        const scored = specs.filter((s) => results.has(keyOf(s)));
        if (scored.length < specs.length) {
            io.err(
                `using the ${scored.length} of ${specs.length} labelled architectures scored in ${resultsFile}; run lswag eval again to score the rest\n`,
            );
        }
        if (scored.length < 3) {
            io.err(
                `lswag libra: ${scored.length} scored architectures are too few to choose proxies\n`,
            );
            return 1;
        }
        const rows = scored.map((s) => results.get(keyOf(s))!);
        const table: LibraTable = {
            proxies: Object.fromEntries(
                options.proxies.map((p) => [p, rows.map((r) => r.scores[p] ?? null)]),
            ),
            accuracy: scored.map((s) => s.accuracy![o.acc!]),
            params: rows.map((r) => r.params ?? r.scores.params ?? null),
        };
        const report = libraReport(table, { bins, band });

        let presetFile: string | undefined;
        if (o['save-preset'] !== undefined) {
            const chosen = presetObjective(report, method);
            if (chosen === undefined || chosen.picks.length === 0) {
                io.err('lswag libra: no proxies were chosen, so there is no preset to save\n');
                return 1;
            }
            const preset: LibraPreset = {
                kind: 'lswag-libra-preset',
                space: o.space as SpaceId,
                dataset,
                acc: o.acc,
                picks: chosen.picks,
                method: chosen.method,
                ...(chosen.weights ? { weights: chosen.weights } : {}),
                createdFrom: {
                    n: report.libra.n,
                    bench: path.resolve(o.bench),
                    combined_spearman: chosen.combined_spearman,
                },
            };
            presetFile = savePreset(o['save-preset'], preset);
        }
        const context = {
            acc: o.acc,
            resultsFile,
            scored: scored.length,
            labelled: specs.length,
            presetFile,
        };
        io.out(
            o.json
                ? `${JSON.stringify(libraJson(report, context), null, 2)}\n`
                : formatLibraReport(report, context),
        );
        return 0;
    },
};

function presetObjective(
    report: ReturnType<typeof libraReport>,
    method: string,
): Objective | undefined {
    if (method === 'best') return report.best;
    if (method !== 'libra') return report.alternatives.find((a) => a.method === method);
    const picks = report.libra.picks.map((p) => p.proxy);
    return { method: 'libra', picks, combined_spearman: report.libra.combined_spearman, why: '' };
}
