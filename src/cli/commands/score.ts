// `lswag score <files or folders...>`: reads every architecture the front ends find, scores them in
// the engine worker and prints a ranked table (or JSON). Per-candidate problems are reported and
// never stop the rest; the exit code is non-zero only when nothing could be scored.
import { createPythonFrontend, defaultWasmLocations } from '../../core/frontends/pythonSource';
import { type SourceResult, readSources } from '../../core/frontends/sources';
import { proxyIds } from '../../core/proxies/index';
import type { ArchitectureSpec, SpecDiagnostic } from '../../core/spec/spec';
import type { DeviceChoice, ScoreOptions } from '../../protocol/worker';
import type { CliCommand, CliIo } from '../command';
import { parseDataOption } from '../dataOption';
import { calibratedWindows } from '../../host/calibrationStore';
import { createEngine } from '../engine';
import { UsageError, parseOptions } from '../options';
import { ProgressBar } from '../progressBar';
import { formatResultsTable } from '../resultsTable';

/** Proxies scored when --proxies is not given: L-SWAG and the ones its probe yields cheaply. */
export const DEFAULT_PROXIES = ['lswag', 'params', 'flops', 'zico', 'swap', 'nwot', 'synflow'];
export const DEFAULT_PSI_SAMPLES = 16;

const DEVICES: readonly DeviceChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

export function parseProxies(value: string | undefined): string[] {
    if (!value) return DEFAULT_PROXIES;
    if (value === 'all') return [...proxyIds];
    const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = ids.filter((id) => !proxyIds.includes(id));
    if (unknown.length > 0) throw new UsageError(`unknown proxy '${unknown[0]}' (known: ${proxyIds.join(', ')}, or 'all')`);
    return ids;
}

/** `--gradient-mode batches|per-sample` (default batches: gradient statistics over N mini-batches). */
export function parseGradientMode(value: string | undefined): ScoreOptions['gradientMode'] {
    if (value === undefined || value === 'batches') return 'batches';
    if (value === 'per-sample') return 'perSample';
    throw new UsageError('--gradient-mode must be batches or per-sample');
}

export function parseWindow(value: string | undefined): [number, number] | undefined {
    if (!value) return undefined;
    const m = /^(\d)-(\d)$/.exec(value);
    if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--window must look like 0-9 (depth bins lo-hi), got '${value}'`);
    return [Number(m[1]), Number(m[2])];
}

function formatDiagnostic(d: SpecDiagnostic): string {
    return `${d.range.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message}`;
}

const positiveInt = (name: string, v: number | undefined, fallback: number) => {
    const n = v ?? fallback;
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer`);
    return n;
};

export const scoreCommand: CliCommand = {
    summary: 'Score the architectures in files or folders with zero-cost proxies.',
    usage:
        'lswag score <files or folders...> [--proxies a,b|all] [--data synthetic|DIR|FILE.bin|FILE.npy] [--labels FILE.npy] ' +
        '[--batch 64] [--batches 2] [--seed 0] [--psi-samples 16] [--gradient-mode batches|per-sample] [--window lo-hi] ' +
        '[--dataset cifar10|cifar100|imagenet16-120] [--device auto|cpu|cuda|webgpu] [--threads N] [--keep-weights] [--json] [--verbose]',
    async run(args: readonly string[], io: CliIo): Promise<number> {
        const o = parseOptions(args, {
            proxies: 'string', data: 'string', labels: 'string', batch: 'number', batches: 'number', seed: 'number',
            'psi-samples': 'number', 'gradient-mode': 'string', window: 'string', dataset: 'string', device: 'string',
            threads: 'number', 'keep-weights': 'boolean', json: 'boolean', verbose: 'boolean',
        });
        if (o.positional.length === 0) throw new UsageError('give at least one file or folder');
        const device = (o.device ?? 'auto') as DeviceChoice;
        if (!DEVICES.includes(device)) throw new UsageError(`--device must be one of ${DEVICES.join(', ')}`);
        const batch = positiveInt('batch', o.batch, 64);
        const options: ScoreOptions = {
            proxies: parseProxies(o.proxies),
            data: parseDataOption(o.data, o.labels),
            batch,
            batches: positiveInt('batches', o.batches, 2),
            seed: o.seed ?? 0,
            psiSamples: Math.min(positiveInt('psi-samples', o['psi-samples'], DEFAULT_PSI_SAMPLES), batch),
            gradientMode: parseGradientMode(o['gradient-mode']),
            ...(o.window ? { window: parseWindow(o.window) } : {}),
            calibratedWindows: calibratedWindows(),
        };

        const needsPython = o.positional.some((p) => !p.endsWith('.onnx'));
        const wasm = needsPython ? defaultWasmLocations() : undefined;
        const python = wasm ? await createPythonFrontend(wasm) : undefined;
        const sources: SourceResult[] = readSources(o.positional, { python, keepWeights: o['keep-weights'], dataset: o.dataset });
        for (const d of sources.flatMap((s) => s.diagnostics)) if (d.severity !== 'info') io.err(`${formatDiagnostic(d)}\n`);
        const specs: ArchitectureSpec[] = sources.flatMap((s) => s.specs);
        if (specs.length === 0) {
            io.err('lswag score: no architectures found in the given paths\n');
            return 1;
        }

        const engine = createEngine(device, o.threads, (level, message) => {
            if (level === 'error' || (o.verbose && level === 'warn')) io.err(`engine ${level}: ${message}\n`);
        });
        const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY) && !o.json, 'scoring');
        try {
            const report = await engine.start();
            const outcome = await engine.score(specs, options, { onProgress: (p) => bar.update(p.done, p.total, p.message) });
            bar.finish();
            const results = outcome.results;
            if (o.json) {
                io.out(`${JSON.stringify({ device: report.device, skipped: report.skipped, options, results }, null, 2)}\n`);
            } else {
                io.out(formatResultsTable(results, options.proxies));
                io.out(`device ${report.device}; data ${options.data.kind}; B=${options.batch}, N=${options.batches}, S=${options.psiSamples}\n`);
            }
            for (const r of results) for (const e of r.errors) io.err(`${r.source}: ${e}\n`);
            const anyScored = results.some((r) => Object.values(r.scores).some((v) => v !== null));
            return anyScored ? 0 : 1;
        } finally {
            await engine.stop();
        }
    },
};
