// `lswag eval --bench FILE --acc COLUMN`: scores every architecture of a labelled benchmark with all
// proxies (streamed, appended to a results file so a long evaluation resumes where it stopped) and
// prints Spearman rho and Kendall tau-b per proxy, plus the time per architecture.
import path from 'node:path';
import { kendallTauB, spearman } from '../../core/eval/correlation';
import { readSource, sourceKind } from '../../core/frontends/sources';
import { proxyIds } from '../../core/proxies/index';
import { withSetLevelScores } from '../../core/proxies/setLevel';
import { sourceOf } from '../../core/spec/scoreResult';
import type { ArchitectureSpec } from '../../core/spec/spec';
import type { ScoreOptions, ScoreResult } from '../../protocol/worker';
import { defineCommand } from '../command';
import { dataFromOptions } from '../dataOption';
import { jobSpace, windowsOfSpaces } from '../../host/jobSpace';
import { checkDataset, checkPositiveInt } from '../../host/optionChecks';
import { buildScoreOptions, engineSettings } from '../../host/scoreOptions';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { DATASET_FLAG, SCORING_OPTIONS } from '../optionGroups';
import { UsageError } from '../options';
import { planTwins } from '../evalTwins';
import { ProgressBar } from '../progressBar';
import { ResultLog } from '../resultLog';
import { terminalText } from '../terminalText';
import { exitCodeFor, exitCodes } from '../exitCodes';
import { QUEUE_FLAG, type ScoringEngine, connectQueue } from '../queueOption';
import { SHARD_FLAG, mergeHeader, parseShard, takeShard } from '../shardHeader';

/** The version of `lswag eval --json`'s shape (EvalReport, plus not_scored): raised when a field changes. */
export const EVAL_JSON_SCHEMA_VERSION = 1;

/** Specs per engine job: small enough that a kill loses little, large enough to keep sessions warm. */
const CHUNK = 20;

export interface EvalReport {
    readonly n: number;
    readonly acc: string;
    readonly correlations: Record<string, { spearman: number | null; kendall: number | null }>;
    readonly seconds_per_arch: number;
}

export function correlate(
    results: readonly ScoreResult[],
    accuracy: readonly number[],
    proxies: readonly string[],
    acc: string,
): EvalReport {
    const finite = (v: number) => (Number.isFinite(v) ? v : null);
    const correlations: EvalReport['correlations'] = {};
    // Why here: set-level proxies (az_nas) exist only for the set being correlated.
    const scored = withSetLevelScores(results);
    for (const p of proxies) {
        const scores = scored.map((r) => r.scores[p] ?? null);
        correlations[p] = {
            spearman: finite(spearman(scores, accuracy)),
            kendall: finite(kendallTauB(scores, accuracy)),
        };
    }
    const seconds = results.reduce((s, r) => s + r.seconds, 0) / Math.max(results.length, 1);
    return { n: results.length, acc, correlations, seconds_per_arch: seconds };
}

export function keyOf(spec: ArchitectureSpec): string {
    return `${spec.name}@${spec.source ? spec.source.start.line + 1 : ''}`;
}

/** Every proxy but reg_swap, which scores nothing without a space's mu and sigma. */
const EVAL_PROXIES = proxyIds.filter((p) => p !== 'reg_swap');

export const evalCommand = defineCommand({
    summary:
        'Score a labelled benchmark with every proxy (--proxies: all but reg_swap unless given) and report rank correlations with accuracy.',
    usage: 'lswag eval --bench FILE --acc COLUMN [options]',
    options: {
        own: {
            bench: {
                type: 'string',
                value: 'FILE',
                help: 'A benchmark CSV/JSON-lines file, a NAS-Bench-Suite-Zero zc_*.json, or an architecture file whose candidates carry accuracy.',
            },
            acc: {
                type: 'string',
                value: 'COLUMN',
                help: 'The accuracy column to correlate with.',
            },
            limit: {
                type: 'number',
                value: 'N',
                help: 'Score only the first N labelled architectures, in file order (N >= 1; default all).',
            },
            dataset: DATASET_FLAG,
            out: {
                type: 'string',
                value: 'RESULTS.jsonl',
                help: 'The results file (default .lswag/eval/<bench>.<dataset>.jsonl); a rerun resumes it.',
            },
            profile: {
                type: 'boolean',
                help: 'Keep per-layer profiles and L-SWAG parts in the results (other windows offline).',
            },
            json: { type: 'boolean', help: 'Print the correlations as JSON.' },
            queue: QUEUE_FLAG,
            shard: SHARD_FLAG,
        },
        shared: SCORING_OPTIONS,
    },
    async run(o, io) {
        if (!o.bench || !o.acc) throw new UsageError('--bench and --acc are required');
        // Why checked before reading: `--limit -1` once meant slice(0, -1), all rows but the last.
        const limit = o.limit === undefined ? Infinity : checkPositiveInt(o.limit, '--limit');
        const dataset = o.dataset === undefined ? undefined : checkDataset(o.dataset, '--dataset');
        // A benchmark CSV/JSONL, or an architecture file whose candidates carry `accuracy`.
        let bench: ReturnType<typeof readSource>;
        try {
            bench = readSource(o.bench, sourceKind(o.bench) ?? 'benchmark', { dataset });
        } catch (e) {
            throw new UsageError(`cannot read --bench ${o.bench}: ${(e as Error).message}`);
        }
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
        const shard = parseShard(o.shard);
        const specs = takeShard(
            bench.specs.filter((s) => s.accuracy?.[o.acc!] !== undefined).slice(0, limit),
            shard,
        );
        const scoreOptions: ScoreOptions = buildScoreOptions({
            ...o.values,
            proxies: o.values.proxies ?? EVAL_PROXIES,
            data: dataFromOptions(o.values),
            calibratedWindows: windowsOfSpaces(specs),
            // Why: a benchmark of one space is scored with that space's defaults (SPACE_DEFAULTS).
            space: jobSpace(specs),
            // Why: with --profile the results file keeps per-layer profiles and L-SWAG parts, so
            // other windows can be compared offline without re-scoring.
            collectProfile: o.profile,
        });
        const outFile =
            o.out ??
            path.join(
                '.lswag',
                'eval',
                `${path.basename(o.bench)}.${dataset ?? 'cifar10'}${shard ? `.shard-${shard.index}-of-${shard.count}` : ''}.jsonl`,
            );
        // Why only shards and queue runs: the fingerprint hashes every data file, which `lswag merge` needs.
        const merge = shard || o.queue ? mergeHeader(scoreOptions, shard) : undefined;
        const log = new ResultLog(outFile, scoreOptions, merge);
        if (log.skipped.length > 0)
            io.err(
                `warning: ${outFile}: skipped lines ${log.skipped.join(', ')} (not results); they are scored again\n`,
            );
        const scoredBefore = specs.filter((s) => log.has(keyOf(s))).length;
        if (scoredBefore > 0)
            io.err(`resuming: ${scoredBefore} of ${specs.length} already scored in ${outFile}\n`);
        // Why: rows that are one network (NB101 twins, evalTwins.ts) are scored once.
        const twins = planTwins(specs, (s) => log.has(keyOf(s)));
        const asTwin = (r: ScoreResult, s: ArchitectureSpec): ScoreResult => ({
            ...r,
            name: s.name,
            source: sourceOf(s),
        });
        for (const [twin, s] of twins.fromScored)
            log.append(keyOf(s), asTwin(log.get(keyOf(twin))!, s));
        const todo = twins.score;
        const twinCount = specs.length - scoredBefore - todo.length;
        if (twinCount > 0)
            io.err(
                `${twinCount} rows are the same network as another row: each network is scored once\n`,
            );

        const { queue, failed } = await connectQueue(o.queue, io);
        if (failed) return exitCodes.someFailed;
        const engine: ScoringEngine =
            queue ?? createEngine(engineSettings(o.values), engineLog(io));
        // Why all at once on a queue: every worker gets work, and results are logged as they arrive.
        const chunkSize = queue ? Math.max(todo.length, 1) : CHUNK;
        const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY) && !o.json, 'evaluating');
        try {
            let done = scoredBefore + twins.fromScored.length;
            for (let i = 0; i < todo.length; i += chunkSize) {
                const chunk = todo.slice(i, i + chunkSize);
                try {
                    // Why onResult only: a candidate the engine gave up on without trying it to the
                    // end is in the outcome, not the log, so the next run retries it.
                    await engine.score(chunk, scoreOptions, {
                        onResult: (r, k) => {
                            log.append(keyOf(chunk[k]), r);
                            const rest = twins.twins.get(chunk[k]) ?? [];
                            for (const t of rest) log.append(keyOf(t), asTwin(r, t));
                            done += 1 + rest.length;
                            bar.update(done, specs.length, terminalText(r.name));
                        },
                    });
                } catch (e) {
                    // Why: a crashed worker is restarted by the engine; the rest still gets scored, and
                    // what is missing is scored on the next run (the log keeps the rest).
                    io.err(`\n${(e as Error).message}; continuing with the next architectures\n`);
                }
            }
        } finally {
            bar.finish();
            await engine.stop();
        }
        const scored = specs.filter((s) => log.has(keyOf(s)));
        if (scored.length < specs.length)
            io.err(
                `${specs.length - scored.length} architectures were not scored; run again to retry them\n`,
            );
        const results = scored.map((s) => log.get(keyOf(s))!);
        const report = correlate(
            results,
            scored.map((s) => s.accuracy![o.acc!]),
            scoreOptions.proxies,
            o.acc,
        );
        if (o.json) {
            io.out(
                `${JSON.stringify({ schemaVersion: EVAL_JSON_SCHEMA_VERSION, ...report, not_scored: specs.length - scored.length }, null, 2)}\n`,
            );
        } else {
            io.out(
                `n = ${report.n}, accuracy column ${report.acc}, ${report.seconds_per_arch.toFixed(2)} s per architecture\n`,
            );
            io.out(`${'proxy'.padEnd(12)} ${'spearman'.padStart(9)} ${'kendall'.padStart(9)}\n`);
            for (const [p, c] of Object.entries(report.correlations)) {
                io.out(
                    `${p.padEnd(12)} ${(c.spearman?.toFixed(3) ?? '-').padStart(9)} ${(c.kendall?.toFixed(3) ?? '-').padStart(9)}\n`,
                );
            }
        }
        // Candidates never scored count as failed, like those scored with errors.
        const missing = specs.length - scored.length;
        const code = exitCodeFor(results);
        return missing > 0 && code === exitCodes.allScored ? exitCodes.someFailed : code;
    },
});
