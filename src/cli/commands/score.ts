// `lswag score <files or folders...>`: reads every architecture the front ends find, scores them in
// the engine worker and prints a ranked table (or JSON). Per-candidate problems are reported and
// never stop the rest; the table (or JSON) always lists every candidate, and the exit code says how
// many were scored (cli/exitCodes.ts).
import { createPythonFrontend, defaultWasmLocations } from '../../core/frontends/pythonSource';
import { type SourceResult, readSources } from '../../core/frontends/sources';
import type { ArchitectureSpec, SpecDiagnostic } from '../../core/spec/spec';
import type { DeviceReport, ScoreOptions, ScoreResult } from '../../protocol/worker';
import { unscoredResult } from '../../engine/crashReport';
import { exitCodeFor, exitCodes } from '../exitCodes';
import { defineCommand } from '../command';
import { dataFromOptions } from '../dataOption';
import { calibratedWindows } from '../../host/calibrationStore';
import { checkDataset } from '../../host/optionChecks';
import { buildScoreOptions, engineSettings } from '../../host/scoreOptions';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { DATASET_FLAG, SCORING_OPTIONS } from '../optionGroups';
import { UsageError } from '../options';
import { ProgressBar } from '../progressBar';
import { formatResultsTable } from '../resultsTable';

/**
 * The version of `lswag score --json`'s shape ({ schemaVersion, device, skipped, options, results }):
 * raised when a field changes meaning or goes away, so scripts can tell.
 */
export const SCORE_JSON_SCHEMA_VERSION = 1;

function formatDiagnostic(d: SpecDiagnostic): string {
    return `${d.range.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message}`;
}

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
            json: { type: 'boolean', help: 'Print the results as JSON.' },
            verbose: {
                type: 'boolean',
                help: "Print all of the engine's warnings (data warnings are always printed).",
            },
        },
        shared: SCORING_OPTIONS,
    },
    async run(o, io) {
        if (o.positional.length === 0) throw new UsageError('give at least one file or folder');
        const scoreOptions: ScoreOptions = buildScoreOptions({
            ...o.values,
            data: dataFromOptions(o.values),
            calibratedWindows: calibratedWindows(),
        });

        const needsPython = o.positional.some((p) => !p.endsWith('.onnx'));
        const wasm = needsPython ? defaultWasmLocations() : undefined;
        const python = wasm ? await createPythonFrontend(wasm) : undefined;
        const sources: SourceResult[] = readSources(o.positional, {
            python,
            keepWeights: o['keep-weights'],
            dataset: o.dataset === undefined ? undefined : checkDataset(o.dataset, '--dataset'),
        });
        for (const d of sources.flatMap((s) => s.diagnostics))
            if (d.severity !== 'info') io.err(`${formatDiagnostic(d)}\n`);
        const specs: ArchitectureSpec[] = sources.flatMap((s) => s.specs);
        if (specs.length === 0) {
            io.err('lswag score: no architectures found in the given paths\n');
            return exitCodes.noneScored;
        }

        const engine = createEngine(engineSettings(o.values), engineLog(io, o.verbose));
        const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY) && !o.json, 'scoring');
        let device: DeviceReport | undefined;
        let results: ScoreResult[];
        try {
            device = await engine.start();
            const outcome = await engine.score(specs, scoreOptions, {
                onProgress: (p) => bar.update(p.done, p.total, p.message),
            });
            results = outcome.results;
        } catch (e) {
            // Why: the engine could not start or went away; the table still lists every candidate.
            const reason = `not scored: ${e instanceof Error ? e.message : String(e)}`;
            results = specs.map((spec) => unscoredResult(spec, scoreOptions, reason, device?.device ?? 'cpu'));
        } finally {
            bar.finish();
            await engine.stop();
        }
        if (o.json) {
            const json = { schemaVersion: SCORE_JSON_SCHEMA_VERSION, device: device?.device ?? null, skipped: device?.skipped ?? [], options: scoreOptions, results };
            io.out(`${JSON.stringify(json, null, 2)}\n`);
        } else {
            io.out(formatResultsTable(results, scoreOptions.proxies));
            io.out(
                `device ${device?.device ?? 'none'}; data ${scoreOptions.data.kind}; B=${scoreOptions.batch}, N=${scoreOptions.batches}, S=${scoreOptions.psiSamples}\n`,
            );
        }
        for (const r of results) for (const e of r.errors) io.err(`${r.source}: ${e}\n`);
        return exitCodeFor(results);
    },
});
