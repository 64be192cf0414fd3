// The header a fresh search run writes, built from decided values: one builder for the CLI's options
// and the extension's search form, so a run started by either has the same shape and the other resumes
// it (and `--out` on a panel-started run compares equal field by field).
import { type ParamBudget, formatBudget } from '../core/search/constraints';
import { EVOLUTION_DEFAULTS } from '../core/search/evolution';
import { type Objective, objectiveProxies } from '../core/search/objective';
import type { SearchSettings } from '../core/search/planner';
import { RANDOM_BATCH } from '../core/search/random';
import { RUN_FILE_VERSION, type SearchHeader } from '../core/search/runFile';
import { SPACE_IDS, type SpaceId } from '../core/spec/spaceId';
import type { LibraPreset } from '../core/libra/preset';
import type { DataSourceSpec, ScoreOptions } from '../protocol/worker';
import { UserInputError } from './errors';
import { checkDataset, integerAtLeast } from './optionChecks';
import { NB201_OPS } from '../core/spec/nb201Cell';
import { genomeParams } from '../core/search/genomeParams';
import { AUTOFORMER_SPACES, type Genome } from '../core/search/spaces';
import { type FieldName, buildScoreOptions } from './scoreOptions';

/** The most architectures per generation, generations or random samples a run may ask for. */
export const SEARCH_COUNT_MAX = 100_000;

/** Distinct NB201 cells: 5 ops on each of 6 edges. */
const NB201_CELLS = NB201_OPS.length ** 6;

/** Default parameter budgets per space (docs/search.md: AutoFormer-S 18-23 M); others none. */
export const DEFAULT_BUDGETS: Readonly<Partial<Record<SpaceId, ParamBudget>>> = {
    'autoformer-s': { min: 18e6, max: 23e6 },
};

/** What a search asks for; absent numbers take the defaults (scoreOptions.ts). */
export interface SearchRequest {
    readonly space: string;
    readonly objective: Objective;
    readonly algorithm:
        | {
              readonly kind: 'evolution';
              readonly population?: number;
              readonly generations?: number;
          }
        | { readonly kind: 'random'; readonly samples: number };
    /** Absent (or with neither bound) = the space's default budget. */
    readonly budget?: ParamBudget;
    readonly seed?: number;
    readonly dataset?: string;
    readonly data: DataSourceSpec;
    readonly batch?: number;
    readonly batches?: number;
    readonly psiSamples?: number;
    readonly window?: readonly [number, number];
    /** NB101 stem channels / DARTS C for a narrowed search (nb101 and darts only). */
    readonly width?: number;
    /** An absolute benchmark path (NB201 only). */
    readonly within?: string;
    readonly calibratedWindows: ScoreOptions['calibratedWindows'];
}

export type { FieldName } from './scoreOptions';

/** A LIBRA preset as a search objective (the field order the run header stores). */
export function libraObjective(
    name: string,
    preset: Pick<LibraPreset, 'picks' | 'weights'>,
): Objective {
    return {
        kind: 'libra',
        name,
        picks: [...preset.picks],
        ...(preset.weights ? { weights: [...preset.weights] } : {}),
    };
}

/** The budget a run uses: the given bounds, else the space's default. */
export function effectiveBudget(space: SpaceId, budget: ParamBudget | undefined): ParamBudget {
    const given = budget && (budget.min !== undefined || budget.max !== undefined);
    if (!given) return DEFAULT_BUDGETS[space] ?? {};
    return {
        ...(budget.min !== undefined ? { min: budget.min } : {}),
        ...(budget.max !== undefined ? { max: budget.max } : {}),
    };
}

/**
 * The smallest and the largest network of a space, in parameters. Why these two genomes: every
 * gene's parameter count grows with its choice (conv 3x3 is NB201's largest op, 'none' its
 * smallest; wider, deeper, more heads and a larger MLP ratio all add weights).
 */
export function spaceParamRange(space: SpaceId, dataset: string): { min: number; max: number } {
    if (space === 'nb201') {
        const cell = (op: number): Genome => ({ space, ops: [op, op, op, op, op, op] });
        return { min: genomeParams(cell(0), dataset), max: genomeParams(cell(3), dataset) };
    }
    // Why unbounded: no single genome is the largest NB101 cell or DARTS genotype; budgets that no
    // cell fits show up as unfilled slots instead.
    if (space === 'nb101' || space === 'darts') return { min: 0, max: Infinity };
    const c = AUTOFORMER_SPACES[space];
    const layers = Math.max(...c.depth);
    const vit = (pick: (xs: readonly number[]) => number): Genome => ({
        space,
        embedDim: pick(c.embedDim),
        depth: pick(c.depth),
        mlpRatio: Array.from({ length: layers }, () => pick(c.mlpRatio)),
        numHeads: Array.from({ length: layers }, () => pick(c.numHeads)),
    });
    return {
        min: genomeParams(
            vit((xs) => Math.min(...xs)),
            dataset,
        ),
        max: genomeParams(
            vit((xs) => Math.max(...xs)),
            dataset,
        ),
    };
}

/** The run header of a fresh search; throws UserInputError naming the field (through `name`) that is wrong. */
export function buildSearchHeader(r: SearchRequest, name: FieldName = (f) => f): SearchHeader {
    const positiveInt = (field: string, v: number | undefined, fallback: number) =>
        integerAtLeast(1, SEARCH_COUNT_MAX)(v ?? fallback, name(field));
    const space = r.space as SpaceId;
    if (!SPACE_IDS.includes(space))
        throw new UserInputError(`${name('space')} must be one of ${SPACE_IDS.join(', ')}`);
    let algorithm: SearchSettings['algorithm'];
    if (r.algorithm.kind === 'random') {
        // Why: a random search never repeats a cell, so it could never finish asking for more.
        if (space === 'nb201' && (r.algorithm.samples ?? 0) > NB201_CELLS)
            throw new UserInputError(
                `${name('samples')} must be at most ${NB201_CELLS}, the number of nb201 cells`,
            );
        algorithm = {
            kind: 'random',
            options: {
                samples: positiveInt('samples', r.algorithm.samples, 1),
                batchSize: RANDOM_BATCH,
            },
        };
    } else {
        const population = positiveInt(
            'population',
            r.algorithm.population,
            EVOLUTION_DEFAULTS.population,
        );
        const mutations = Math.floor(population / 2);
        algorithm = {
            kind: 'evolution',
            options: {
                ...EVOLUTION_DEFAULTS,
                population,
                generations: positiveInt(
                    'generations',
                    r.algorithm.generations,
                    EVOLUTION_DEFAULTS.generations,
                ),
                // Why: AutoFormer's 10 + 25 + 25 for 50, scaled when the population changes.
                topK: Math.max(2, Math.round(population / 5)),
                mutations,
                crossovers: population - mutations,
            },
        };
    }
    const budget = effectiveBudget(space, r.budget);
    for (const [field, v] of [
        ['params-min', budget.min],
        ['params-max', budget.max],
    ] as const) {
        if (v !== undefined && !(Number.isFinite(v) && v >= 0))
            throw new UserInputError(`${name(field)} must be a parameter count of at least 0`);
    }
    if (budget.min !== undefined && budget.max !== undefined && budget.min > budget.max) {
        throw new UserInputError(
            `${name('params-min')} is above ${name('params-max')}: no architecture fits`,
        );
    }
    // Why: AutoFormer's ViTs have no dataset head choice here; a dataset given for them would be ignored.
    if (r.dataset !== undefined && space !== 'nb201')
        throw new UserInputError(
            `${name('dataset')} applies to nb201 only; ${space} has no dataset choice`,
        );
    const dataset = r.dataset === undefined ? 'cifar10' : checkDataset(r.dataset, name('dataset'));
    const range = spaceParamRange(space, dataset);
    if ((budget.min ?? 0) > range.max || (budget.max ?? Infinity) < range.min) {
        throw new UserInputError(
            `no ${space} architecture fits ${formatBudget(budget)}: the space spans ${formatBudget(range)}`,
        );
    }
    const score: ScoreOptions = buildScoreOptions(
        {
            proxies: objectiveProxies(r.objective),
            data: r.data,
            batch: r.batch,
            batches: r.batches,
            seed: r.seed,
            psiSamples: r.psiSamples,
            gradientMode: 'batches',
            window: r.window,
            calibratedWindows: r.calibratedWindows,
        },
        name,
    );
    const seed = score.seed;
    if (r.within !== undefined && space !== 'nb201')
        throw new UserInputError(
            `${name('within')} takes a NAS-Bench-201 benchmark file and needs ${name('space')} nb201`,
        );
    const within = r.within === undefined ? {} : { within: r.within };
    if (r.width !== undefined && space !== 'nb101' && space !== 'darts')
        throw new UserInputError(`${name('width')} applies to nb101 and darts only`);
    const width =
        r.width === undefined ? {} : { width: integerAtLeast(2, 4096)(r.width, name('width')) };
    if (space === 'darts' && width.width !== undefined && width.width % 2 !== 0)
        throw new UserInputError(
            `${name('width')} must be even for darts (FactorizedReduce halves it)`,
        );
    const settings: SearchSettings = {
        space,
        objective: r.objective,
        seed,
        budget,
        dataset,
        algorithm,
        ...within,
        ...width,
    };
    return { kind: 'lswag-search', version: RUN_FILE_VERSION, settings, score };
}
