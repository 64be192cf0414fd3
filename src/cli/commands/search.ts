// `lswag search`: evolution or random search over NB201 / AutoFormer scored by a proxy or a LIBRA
// preset. Every scored architecture is appended to the run file at once, so a killed search resumes
// (--resume or the same --out) without losing or re-scoring anything; docs/search.md has the details.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatBudget } from '../../core/search/constraints';
import { formatArchitectureFile } from '../../core/search/exportArch';
import {
    type EvalRecord,
    type Objective,
    objectiveLabel,
    rankRecords,
} from '../../core/search/objective';
import { RunFile, RunFileError, type SearchHeader, readRunHeader } from '../../core/search/runFile';
import { RunLock, RunLockedError } from '../../core/search/runLock';
import { SPACE_IDS, type SpaceId } from '../../core/spec/spaceId';
import { calibratedWindows } from '../../host/calibrationStore';
import { type CliIo, defineCommand } from '../command';
import { dataFromOptions } from '../dataOption';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { exitCodeFor, exitCodes } from '../exitCodes';
import { DATASET_FLAG, DATA_OPTIONS, ENGINE_OPTIONS } from '../optionGroups';
import { UsageError, parseCommandOptions } from '../options';
import { UserInputError } from '../../host/errors';
import { loadPreset } from '../../host/presetStore';
import { buildSearchHeader, libraObjective } from '../../host/searchHeader';
import { type SearchBenchmark, readSearchBenchmark } from '../../host/searchBenchmark';
import { type SearchEnd, expectedEvaluations, runSearch } from '../../host/searchLoop';
import { checkPositiveInt } from '../../host/optionChecks';
import { SCORE_OPTIONS, engineSettings } from '../../host/scoreOptions';
import { ProgressBar } from '../progressBar';
import { PruneRun } from '../../host/pruneRun';
import { runPruneCommand } from './searchPrune';
import { terminalText } from '../terminalText';
import { QUEUE_FLAG, type ScoringEngine, connectQueue } from '../queueOption';

const searchOptions = {
    own: {
        space: { type: 'string', value: SPACE_IDS.join('|'), help: 'The search space.' },
        objective: {
            type: 'string',
            value: '<proxy>|libra:<preset>',
            help: 'What the search maximises: one proxy, or a saved LIBRA combination.',
        },
        population: {
            type: 'number',
            value: 'P',
            help: 'Evolution: architectures per generation (default 50).',
        },
        generations: { type: 'number', value: 'G', help: 'Evolution: generations (default 20).' },
        samples: {
            type: 'number',
            value: 'S',
            help: 'Random search of S architectures instead of evolution.',
        },
        'params-min': {
            type: 'string',
            value: 'M',
            help: 'Smallest parameter count: 18 (millions), 500k or 2.3e7.',
        },
        'params-max': {
            type: 'string',
            value: 'M',
            help: 'Largest parameter count (autoformer-s defaults to 18-23 M).',
        },
        within: {
            type: 'string',
            value: 'BENCH.csv',
            help: 'NB201 only: search among the cells of a benchmark and show their accuracies.',
        },
        dataset: DATASET_FLAG,
        width: {
            type: 'number',
            value: 'C',
            help: 'nb101/darts: narrower network for a cheaper search (NB101 stem channels, default 128; DARTS C, default 32; --prune default 8).',
        },
        prune: {
            type: 'boolean',
            help: 'darts: the pruning-based search (TE-NAS style) instead of evolution; see docs/spaces-nb101-darts.md.',
        },
        layers: {
            type: 'number',
            value: 'L',
            help: 'With --prune: cells of the supernet (default 5).',
        },
        out: {
            type: 'string',
            value: 'RUN',
            help: 'A new run: a name under .lswag/runs/ or a path.',
        },
        resume: {
            type: 'string',
            value: 'RUN',
            help: 'Continue a run with the settings it was started with.',
        },
        top: {
            type: 'number',
            value: 'K',
            help: 'Best architectures printed at the end (default 10).',
        },
        export: {
            type: 'string',
            value: 'FILE.arch.yaml',
            help: 'Write the best architectures as an architecture file.',
        },
        queue: QUEUE_FLAG,
    },
    shared: [...DATA_OPTIONS, 'psiSamples', 'window', ...ENGINE_OPTIONS],
} as const;

/** Options that define a search; with --resume they come from the run file instead. */
const SETTING_OPTIONS = [
    'space',
    'objective',
    'population',
    'generations',
    'samples',
    'params-min',
    'params-max',
    'dataset',
    'within',
    'width',
    'prune',
    'layers',
] as const;
const SHARED_SETTING_OPTIONS = [
    'seed',
    'data',
    'labels',
    'batch',
    'batches',
    'psiSamples',
    'window',
] as const;

/** `.lswag/runs/NAME.jsonl` for a bare name, the path itself otherwise. */
export function runPath(name: string): string {
    return /[\\/]/.test(name) || name.endsWith('.jsonl')
        ? path.resolve(name)
        : path.resolve('.lswag', 'runs', `${name}.jsonl`);
}

/** "23" = 23 M params; "500k", "23M", "2.3e7" as written. */
export function parseParams(flag: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const m = /^([0-9.e+]+)\s*([kKmM]?)$/.exec(value.trim());
    const n = m ? Number(m[1]) : NaN;
    if (!m || !Number.isFinite(n) || n < 0)
        throw new UsageError(
            `--${flag} must be a parameter count like 18 (millions), 500k or 2.3e7`,
        );
    const unit = m[2].toLowerCase();
    return Math.round(unit === 'k' ? n * 1e3 : unit === 'm' || n < 1e4 ? n * 1e6 : n);
}

type Parsed = ReturnType<typeof parse>;
const parse = (args: readonly string[]) => parseCommandOptions(args, searchOptions);

function parseObjective(value: string | undefined, space: SpaceId, io: CliIo): Objective {
    if (!value) throw new UsageError('--objective is required: a proxy, lswag, or libra:<preset>');
    if (!value.startsWith('libra:')) {
        const proxies = SCORE_OPTIONS.proxies.check(value, '--objective');
        if (proxies.length !== 1)
            throw new UsageError(
                '--objective takes one proxy (or libra:<preset> to combine several)',
            );
        return { kind: 'proxy', proxy: proxies[0] };
    }
    const name = value.slice('libra:'.length);
    const preset = loadPreset(name);
    if (preset.space !== space)
        io.err(`warning: preset '${name}' was chosen on ${preset.space}, searching ${space}\n`);
    return libraObjective(name, preset);
}

/** The run header a fresh search writes, from the command line. */
export function headerFromOptions(o: Parsed, io: CliIo): SearchHeader {
    const space = o.space as SpaceId;
    if (!SPACE_IDS.includes(space))
        throw new UsageError(`--space must be one of ${SPACE_IDS.join(', ')}`);
    const isRandom = o.samples !== undefined;
    if (isRandom && (o.population !== undefined || o.generations !== undefined)) {
        throw new UsageError(
            'give --samples (random search) or --population/--generations (evolution), not both',
        );
    }
    const min = parseParams('params-min', o['params-min']);
    const max = parseParams('params-max', o['params-max']);
    try {
        return buildSearchHeader(
            {
                space,
                objective: parseObjective(o.objective, space, io),
                algorithm: isRandom
                    ? { kind: 'random', samples: o.samples! }
                    : { kind: 'evolution', population: o.population, generations: o.generations },
                budget: {
                    ...(min !== undefined ? { min } : {}),
                    ...(max !== undefined ? { max } : {}),
                },
                seed: o.values.seed,
                dataset: o.dataset,
                ...(o.width !== undefined ? { width: o.width } : {}),
                data: dataFromOptions(o.values),
                batch: o.values.batch,
                batches: o.values.batches,
                psiSamples: o.values.psiSamples,
                window: o.values.window,
                ...(o.within !== undefined ? { within: path.resolve(o.within) } : {}),
                calibratedWindows: calibratedWindows(),
            },
            (field) => `--${field}`,
        );
    } catch (e) {
        // Why: the builder's errors name the option; the CLI reports them as usage errors (exit 2).
        if (e instanceof UserInputError && !(e instanceof UsageError))
            throw new UsageError(e.message);
        throw e;
    }
}

/** The header `lswag search ARGS --out RUN` would write (tests compare the panel's with it). */
export const headerFromArgs = (args: readonly string[], io: CliIo): SearchHeader =>
    headerFromOptions(parse(args), io);

/** The run file the options name (--resume or --out) and the header to open it with. */
function runTarget(o: Parsed, io: CliIo): { file: string; header: SearchHeader } {
    if (o.resume !== undefined) {
        if (o.out !== undefined) throw new UsageError('give --out RUN or --resume RUN, not both');
        const given = [
            ...SETTING_OPTIONS.filter((k) => o[k] !== undefined),
            ...SHARED_SETTING_OPTIONS.filter((k) => o.values[k] !== undefined).map(
                (k) => SCORE_OPTIONS[k].flag,
            ),
        ];
        if (given.length > 0)
            throw new UsageError(
                `--resume takes the search settings from the run file; drop --${given.join(', --')}`,
            );
        const file = runPath(o.resume);
        return { file, header: readRunHeader(file) };
    }
    if (o.out === undefined)
        throw new UsageError(
            'give --out RUN (a name under .lswag/runs/ or a path) or --resume RUN',
        );
    return { file: runPath(o.out), header: headerFromOptions(o, io) };
}

/** Opens the run under its lock (see runLock.ts); the caller releases the lock when the search ends. */
function openRun(o: Parsed, io: CliIo): { run: RunFile; lock: RunLock } {
    let target: ReturnType<typeof runTarget>;
    try {
        target = runTarget(o, io);
    } catch (e) {
        if (e instanceof RunFileError) throw new UsageError(e.message);
        throw e;
    }
    // Why before opening: opening cuts a torn last line, which must not race another searcher's append.
    let lock: RunLock;
    try {
        lock = RunLock.acquire(target.file);
    } catch (e) {
        if (e instanceof RunFileError && !(e instanceof RunLockedError))
            throw new UsageError(e.message);
        throw e;
    }
    try {
        return { run: RunFile.open(target.file, target.header), lock };
    } catch (e) {
        lock.release();
        if (e instanceof RunFileError) throw new UsageError(e.message);
        throw e;
    }
}

function formatTop(
    records: readonly { record: EvalRecord; value: number }[],
    bench: SearchBenchmark | undefined,
): string {
    const accuracyOf = (key: string) =>
        bench?.columns.map((c) => bench.accuracies.get(key)?.[c]?.toFixed(2) ?? '-') ?? [];
    const rows = records.map((r, i) => [
        `${i + 1}`,
        Number.isFinite(r.value) ? r.value.toPrecision(6) : '-',
        r.record.result.params?.toLocaleString('en-US') ?? '-',
        `${r.record.generation}`,
        ...accuracyOf(r.record.key),
        r.record.key,
    ]);
    const head = ['rank', 'objective', 'params', 'gen', ...(bench?.columns ?? []), 'key'];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
    return (
        [head, ...rows]
            .map((row) =>
                row
                    .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c])))
                    .join('  '),
            )
            .join('\n') + '\n'
    );
}

/** Searches an opened (and locked) run to its end and prints the best architectures. */
async function searchOpened(o: Parsed, io: CliIo, run: RunFile, topCount: number): Promise<number> {
    const { settings } = readRunHeader(run.file);
    const bench = settings.within === undefined ? undefined : readSearchBenchmark(settings.within);
    const expected = expectedEvaluations(settings);
    io.err(
        `search ${settings.space} by ${settings.algorithm.kind}, objective ${objectiveLabel(settings.objective)}, ${formatBudget(settings.budget)}` +
            `${bench ? `, within the ${bench.accuracies.size} cells of ${settings.within}` : ''}; run ${run.file}\n`,
    );
    // Why every line: a skipped record is re-scored, so the user should see why it did not count.
    for (const s of run.skipped)
        io.err(`warning: ${run.file} line ${s.line} skipped: ${terminalText(s.reason)}\n`);
    if (run.records.length > 0)
        io.err(`resuming: ${run.records.length} architectures already scored\n`);

    const { queue, failed } = await connectQueue(o.queue, io);
    if (failed) return exitCodes.someFailed;
    const engine: ScoringEngine = queue ?? createEngine(engineSettings(o.values), engineLog(io));
    const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY), 'searching');
    let end: SearchEnd;
    try {
        end = await runSearch(run, engine, {
            onProgress: (p) => bar.update(p.evaluated, expected, `gen ${p.generation}`),
            onMessage: (text) => io.err(`\n${text}\n`),
            ...(bench ? { pool: bench.pool } : {}),
        });
    } finally {
        bar.finish();
        await engine.stop();
    }
    if (end !== 'complete')
        io.err(
            `\nthe search could not be scored completely; run 'lswag search --resume ${run.file}' to retry\n`,
        );
    const top = rankRecords(settings.objective, run.records).slice(0, topCount);
    io.out(formatTop(top, bench));
    io.out(`${run.records.length} architectures scored; run ${run.file}\n`);
    if (o.export) {
        const entries = top.map((r, i) => ({
            name: `${settings.space}-search-${i + 1}`,
            genome: r.record.genome,
            note: `${objectiveLabel(settings.objective)} = ${r.value}`,
        }));
        writeFileSync(
            o.export,
            formatArchitectureFile(
                entries,
                settings.dataset,
                `Best ${top.length} of lswag search run ${path.basename(run.file)}`,
                settings.width,
            ),
        );
        io.err(`wrote ${top.length} architectures to ${o.export}\n`);
    }
    // Why: an incomplete search failed for some candidates even when every record it holds is fine.
    const code = exitCodeFor(run.records.map((r) => r.result));
    return end !== 'complete' && code === exitCodes.allScored ? exitCodes.someFailed : code;
}

export const searchCommand = defineCommand({
    summary:
        'Search NB201, NB101, DARTS or AutoFormer by evolution or random sampling (DARTS also by pruning); runs are files that resume after a kill.',
    usage: `lswag search --space ${SPACE_IDS.join('|')} --objective <proxy>|libra:<preset> [options] --out RUN | --resume RUN`,
    options: searchOptions,
    async run(o, io) {
        if (o.positional.length > 0)
            throw new UsageError(`unexpected argument '${o.positional[0]}'`);
        // Why first: a bad --top found after an hour of searching would waste the run's output.
        const top = checkPositiveInt(o.top ?? 10, '--top');
        if (o.prune || (o.resume !== undefined && PruneRun.isPruneRun(runPath(o.resume))))
            return runPruneCommand(o, io, parseObjective);
        if (o.layers !== undefined) throw new UsageError('--layers goes with --prune');
        let opened: ReturnType<typeof openRun>;
        try {
            opened = openRun(o, io);
        } catch (e) {
            // Why not a usage error: the command is right, the run is busy; say who holds it, exit 1.
            if (!(e instanceof RunLockedError)) throw e;
            io.err(`lswag search: ${e.message}\n`);
            return 1;
        }
        try {
            return await searchOpened(o, io, opened.run, top);
        } finally {
            opened.lock.release();
        }
    },
});
