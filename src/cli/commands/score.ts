// `lswag score <files or folders...>`: reads every architecture the front ends find, scores them in
// the engine worker and prints a ranked table (or JSON). Per-candidate problems are reported and
// never stop the rest; the table (or JSON) always lists every candidate, and the exit code says how
// many were scored (cli/exitCodes.ts).
import type { DeviceReport, ScoreOptions, ScoreResult } from '../../protocol/worker';
import { exitCodeFor, exitCodes } from '../exitCodes';
import { defineCommand } from '../command';
import { dataFromOptions } from '../dataOption';
import { calibratedWindows } from '../../host/calibrationStore';
import { jobSpace } from '../../host/jobSpace';
import { checkDataset } from '../../host/optionChecks';
import { buildScoreOptions, engineSettings } from '../../host/scoreOptions';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { DATASET_FLAG, SCORING_OPTIONS } from '../optionGroups';
import { UsageError } from '../options';
import { ProgressBar } from '../progressBar';
import { formatResultsTable } from '../resultsTable';
import { inputOf, scoreInputs } from '../scoreInputs';
import { terminalOutput } from '../terminalText';
import { QUEUE_FLAG, type ScoringEngine, connectQueue } from '../queueOption';
import { ResultLog } from '../resultLog';
import { SHARD_FLAG, mergeHeader, parseShard, takeShard } from '../shardHeader';
import type { ArchitectureSpec } from '../../core/spec/spec';
import { failedResult, sourceOf } from '../../core/spec/scoreResult';

/**
 * The version of `lswag score --json`'s shape ({ schemaVersion, device, skipped, options, results }):
 * raised when a field changes meaning or goes away, so scripts can tell.
 */
export const SCORE_JSON_SCHEMA_VERSION = 1;

export const scoreCommand = defineCommand({
    summary: 'Score the architectures in files or folders with zero-cost proxies.',
    usage: 'lswag score <files or folders...> [options]',
    options: {
        own: {
            dataset: DATASET_FLAG,
            'keep-weights': {
                type: 'boolean',
                help: "ONNX models: score the file's weights instead of re-initialising them.",
            },
            'no-python': {
                type: 'boolean',
                help: 'Never start Python: PyTorch definitions that need tracing are listed, not scored.',
            },
            json: { type: 'boolean', help: 'Print the results as JSON.' },
            jsonl: {
                type: 'boolean',
                help: 'Print each result as one JSON line as soon as it is scored (a killed run keeps them).',
            },
            queue: QUEUE_FLAG,
            shard: SHARD_FLAG,
            out: {
                type: 'string',
                value: 'RESULTS.jsonl',
                help: "Also record each result in this results file (what 'lswag merge' joins); a rerun scores only what it lacks.",
            },
            verbose: {
                type: 'boolean',
                help: "Print why definitions could not be read statically, the tracer's output and all of the engine's warnings (data warnings are always printed).",
            },
        },
        shared: [...SCORING_OPTIONS, 'python', 'input'],
    },
    async run(o, io) {
        if (o.positional.length === 0) throw new UsageError('give at least one file or folder');
        // Why built before reading: a bad option value is refused before any file is read.
        const optionInput = {
            ...o.values,
            data: dataFromOptions(o.values),
            calibratedWindows: calibratedWindows(),
        };
        buildScoreOptions(optionInput);

        if (o.json && o.jsonl) throw new UsageError('give --json or --jsonl, not both');
        const inputs = await scoreInputs(
            {
                paths: o.positional,
                keepWeights: o['keep-weights'],
                dataset: o.dataset === undefined ? undefined : checkDataset(o.dataset, '--dataset'),
                input: o.values.input,
                python: o.values.python,
                noPython: o['no-python'],
                verbose: o.verbose,
            },
            io,
        );
        if (!inputs) return exitCodes.noneScored;
        // Architectures of one search space take that space's defaults (SPACE_DEFAULTS); decided on
        // every input, not the shard, so that shards' options agree for `lswag merge`.
        const scoreOptions: ScoreOptions = buildScoreOptions({
            ...optionInput,
            space: jobSpace(inputs.specs),
        });
        const shard = parseShard(o.shard);
        const specs = takeShard(inputs.specs, shard);
        const log = o.out
            ? new ResultLog(o.out, scoreOptions, mergeHeader(scoreOptions, shard))
            : undefined;
        const todo = log ? specs.filter((s) => !log.has(scoreKey(s))) : specs;
        if (todo.length < specs.length)
            io.err(
                `resuming: ${specs.length - todo.length} of ${specs.length} already in ${o.out}\n`,
            );
        // Why: every result says how its input was decided (a comment, the shape rule, --input).
        const withInput = (r: ScoreResult, i: number) => ({ ...r, ...inputOf(specs[i]) });

        const { queue, failed } = await connectQueue(o.queue, io);
        if (failed) return exitCodes.someFailed;
        const local = queue
            ? undefined
            : createEngine(engineSettings(o.values), engineLog(io, o.verbose));
        const engine: ScoringEngine = queue ?? local!;
        const bar = new ProgressBar(
            io.err,
            Boolean(process.stderr.isTTY) && !o.json && !o.jsonl,
            'scoring',
        );
        let device: DeviceReport | undefined;
        let results: ScoreResult[];
        try {
            device = await local?.start();
            const outcome = await engine.score(todo, scoreOptions, {
                onProgress: (p) => bar.update(p.done, p.total, p.message),
                onResult: (r, i) => {
                    log?.append(scoreKey(todo[i]), r);
                    if (o.jsonl)
                        io.out(`${JSON.stringify(withInput(r, specs.indexOf(todo[i])))}\n`);
                },
            });
            const fresh = new Map(todo.map((s, i) => [s, outcome.results[i]]));
            results = specs.flatMap((s) => log?.get(scoreKey(s)) ?? fresh.get(s) ?? []);
        } catch (e) {
            // Why: the engine could not start or went away; the table still lists every candidate.
            const reason = `not scored: ${e instanceof Error ? e.message : String(e)}`;
            results = specs.map(
                (spec) =>
                    log?.get(scoreKey(spec)) ??
                    failedResult(spec, scoreOptions.proxies, reason, device?.device ?? 'cpu'),
            );
        } finally {
            bar.finish();
            await engine.stop();
        }
        if (o.json) {
            const json = {
                schemaVersion: SCORE_JSON_SCHEMA_VERSION,
                device: device?.device ?? null,
                skipped: device?.skipped ?? [],
                options: scoreOptions,
                results: results.map(withInput),
            };
            io.out(`${JSON.stringify(json, null, 2)}\n`);
        } else if (!o.jsonl) {
            io.out(formatResultsTable(results, scoreOptions.proxies));
            const inputs = specs.flatMap((spec) => {
                const { input, inputFrom } = inputOf(spec);
                return inputFrom
                    ? [`  ${spec.name}: ${input ? `${input} ` : ''}(${inputFrom})`]
                    : [];
            });
            if (inputs.length > 0) io.out(terminalOutput(`inputs:\n${inputs.join('\n')}\n`));
            io.out(
                `device ${queue ? 'queue workers' : (device?.device ?? 'none')}; data ${scoreOptions.data.kind}; B=${scoreOptions.batch}, N=${scoreOptions.batches}, S=${scoreOptions.psiSamples}\n`,
            );
        }
        for (const r of results) for (const e of r.errors) io.err(`${r.source}: ${e}\n`);
        const code = exitCodeFor(results);
        // Why: a definition that could not be traced was found but not scored.
        return code === exitCodes.allScored && inputs.unscorable > 0 ? exitCodes.someFailed : code;
    },
});

/** A definition's key in a results file: where it is and its name (unique in its file). */
export const scoreKey = (spec: ArchitectureSpec): string => `${sourceOf(spec)}#${spec.name}`;
