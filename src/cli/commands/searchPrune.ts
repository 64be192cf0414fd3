// `lswag search --space darts --prune`: the pruning-based training-free search (core/search/pruning.ts)
// from the command line: a run file that resumes after a kill, progress per scored supernet, and the
// result printed as a DARTS genotype and written as an architecture file (family darts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliIo } from '../command';
import { objectiveLabel, objectiveProxies, type Objective } from '../../core/search/objective';
import { PRUNE_DEFAULTS, PRUNE_PROBE_DEFAULTS, pruneEvaluations } from '../../core/search/pruning';
import { gatedNeedsOnly } from '../../core/proxies/gatedSupernet';
import { combinedNeeds, proxyById } from '../../core/proxies/index';
import type { ProxyDef } from '../../core/proxies/proxyDef';
import type { SpaceId } from '../../core/spec/spaceId';
import { calibratedWindows } from '../../host/calibrationStore';
import { integerAtLeast } from '../../host/optionChecks';
import { runPrune } from '../../host/pruneLoop';
import { PRUNE_RUN_VERSION, type PruneHeader, PruneRun } from '../../host/pruneRun';
import { pruneResultFile } from '../../host/pruneResult';
import { buildScoreOptions, engineSettings } from '../../host/scoreOptions';
import { UserInputError } from '../../host/errors';
import { dataFromOptions } from '../dataOption';
import { createEngine } from '../engine';
import { engineLog } from '../engineLog';
import { UsageError } from '../options';
import { ProgressBar } from '../progressBar';

/** The parsed options of `lswag search` that the pruning search reads. */
export interface PruneOptions {
    readonly space?: string;
    readonly objective?: string;
    readonly width?: number;
    readonly layers?: number;
    readonly out?: string;
    readonly resume?: string;
    readonly export?: string;
    readonly samples?: number;
    readonly population?: number;
    readonly generations?: number;
    readonly values: Parameters<typeof dataFromOptions>[0] &
        Parameters<typeof engineSettings>[0] & {
            seed?: number;
            batch?: number;
            batches?: number;
            psiSamples?: number;
            window?: readonly [number, number];
        };
}

type ParseObjective = (value: string | undefined, space: SpaceId, io: CliIo) => Objective;

/** `.lswag/runs/NAME.jsonl` for a bare name, the path itself otherwise (as search.ts's runPath). */
const runFile = (name: string) =>
    /[\\/]/.test(name) || name.endsWith('.jsonl')
        ? path.resolve(name)
        : path.resolve('.lswag', 'runs', `${name}.jsonl`);

/** The header of a new pruning run from the options (search defaults for the width and the probe). */
export function freshPruneHeader(
    o: PruneOptions,
    io: CliIo,
    parseObjective: ParseObjective,
): PruneHeader {
    if (o.space !== 'darts')
        throw new UsageError('--prune searches the darts space: give --space darts');
    if (o.samples !== undefined || o.population !== undefined || o.generations !== undefined)
        throw new UsageError('--prune takes no --samples, --population or --generations');
    const objective = parseObjective(o.objective, 'darts', io);
    try {
        const channels = integerAtLeast(2, 1024)(o.width ?? PRUNE_DEFAULTS.channels, '--width');
        if (channels % 2 !== 0) throw new UserInputError('--width must be even for darts');
        const layers = integerAtLeast(3, 64)(o.layers ?? PRUNE_DEFAULTS.layers, '--layers');
        const score = buildScoreOptions({
            proxies: objectiveProxies(objective),
            data: dataFromOptions(o.values),
            batch: o.values.batch ?? PRUNE_PROBE_DEFAULTS.batch,
            batches: o.values.batches ?? PRUNE_PROBE_DEFAULTS.batches,
            seed: o.values.seed,
            psiSamples: o.values.psiSamples,
            gradientMode: 'batches',
            window: o.values.window,
            calibratedWindows: calibratedWindows(),
        });
        return {
            kind: 'lswag-prune',
            version: PRUNE_RUN_VERSION,
            settings: { ...PRUNE_DEFAULTS, objective, channels, layers },
            score,
        };
    } catch (e) {
        if (e instanceof UserInputError && !(e instanceof UsageError))
            throw new UsageError(e.message);
        throw e;
    }
}

export async function runPruneCommand(
    o: PruneOptions,
    io: CliIo,
    parseObjective: ParseObjective,
): Promise<number> {
    if ((o.out === undefined) === (o.resume === undefined))
        throw new UsageError('give --out RUN for a new pruning search or --resume RUN');
    let run: PruneRun;
    try {
        run =
            o.resume !== undefined
                ? PruneRun.open(runFile(o.resume))
                : PruneRun.open(runFile(o.out!), freshPruneHeader(o, io, parseObjective));
    } catch (e) {
        if (e instanceof UserInputError && !(e instanceof UsageError))
            throw new UsageError(e.message);
        throw e;
    }
    const s = run.header.settings;
    io.err(
        `pruning search in darts, objective ${objectiveLabel(s.objective)}, supernet C=${s.channels}, ${s.layers} cells, ` +
            `${pruneEvaluations()} supernets to score; run ${run.file}\n`,
    );
    if (run.results.size > 0) io.err(`resuming: ${run.results.size} supernets already scored\n`);
    const defs = objectiveProxies(s.objective)
        .map(proxyById)
        .filter((d): d is ProxyDef => d !== undefined);
    if (!gatedNeedsOnly(combinedNeeds(defs)))
        io.err(
            `note: ${objectiveLabel(s.objective)} needs a pass the gated supernet does not serve (grasp, meco, AZ-NAS or zen): ` +
                'every supernet is rebuilt and scored on its own, hours instead of minutes\n',
        );
    const engine = createEngine(engineSettings(o.values), engineLog(io));
    const bar = new ProgressBar(io.err, Boolean(process.stderr.isTTY), 'pruning');
    const started = Date.now();
    let outcome: Awaited<ReturnType<typeof runPrune>>;
    try {
        outcome = await runPrune(run, engine, {
            onProgress: (n, total, round) => bar.update(n, total, `round ${round}`),
            onMessage: (text) => io.err(`\n${text}\n`),
        });
    } finally {
        bar.finish();
        await engine.stop();
    }
    if (outcome.end !== 'complete') {
        io.err(
            `\nthe pruning search did not finish; run 'lswag search --resume ${run.file}' to go on\n`,
        );
        return 1;
    }
    const result = pruneResultFile(run.file, run.header, outcome.plan.genotype);
    io.out(`${result.genotype}\n`);
    io.err(
        `${run.results.size} supernets scored in ${outcome.plan.rounds} rounds (${((Date.now() - started) / 1000).toFixed(0)} s this session)\n`,
    );
    const archFile = o.export ?? result.file;
    writeFileSync(archFile, result.text);
    io.err(`wrote ${archFile}\n`);
    return 0;
}
