// `lswag score <files or folders...>`: reads every architecture the front ends find, scores them in
// the engine worker and prints a ranked table (or JSON). Per-candidate problems are reported and
// never stop the rest; the exit code is non-zero only when nothing could be scored.
import { createPythonFrontend, defaultWasmLocations } from '../../core/frontends/pythonSource';
import { type SourceResult, readSources } from '../../core/frontends/sources';
import type { ArchitectureSpec, SpecDiagnostic } from '../../core/spec/spec';
import type { ScoreOptions } from '../../protocol/worker';
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
            return 1;
        }

        const engine = createEngine(engineSettings(o.values), engineLog(io, o.verbose));
        const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY) && !o.json, 'scoring');
        try {
            const report = await engine.start();
            const outcome = await engine.score(specs, scoreOptions, {
                onProgress: (p) => bar.update(p.done, p.total, p.message),
            });
            bar.finish();
            const results = outcome.results;
            if (o.json) {
                io.out(
                    `${JSON.stringify({ device: report.device, skipped: report.skipped, options: scoreOptions, results }, null, 2)}\n`,
                );
            } else {
                io.out(formatResultsTable(results, scoreOptions.proxies));
                io.out(
                    `device ${report.device}; data ${scoreOptions.data.kind}; B=${scoreOptions.batch}, N=${scoreOptions.batches}, S=${scoreOptions.psiSamples}\n`,
                );
            }
            for (const r of results) for (const e of r.errors) io.err(`${r.source}: ${e}\n`);
            const anyScored = results.some((r) => Object.values(r.scores).some((v) => v !== null));
            return anyScored ? 0 : 1;
        } finally {
            await engine.stop();
        }
    },
});
