// A search's settings and the one entry point that plans generation g with the chosen algorithm.
import type { BudgetChecker, ParamBudget } from './constraints';
import { type EvolutionOptions, planEvolution } from './evolution';
import type { EvalRecord, Objective } from './objective';
import type { Proposal } from './planTypes';
import { type RandomOptions, planRandom, randomGenerations } from './random';
import type { SpaceId } from '../spec/spaceId';

export interface SearchSettings {
    readonly space: SpaceId;
    readonly objective: Objective;
    readonly seed: number;
    readonly budget: ParamBudget;
    /** NB201 dataset (classes, image size); AutoFormer ignores it. */
    readonly dataset: string;
    /** NB101's stem channels / DARTS' C when narrowed for a cheaper search (absent: the benchmark's). */
    readonly width?: number;
    /** A benchmark file whose cells bound the search (experiments with known accuracies); absent = whole space. */
    readonly within?: string;
    readonly algorithm:
        | { readonly kind: 'evolution'; readonly options: EvolutionOptions }
        | { readonly kind: 'random'; readonly options: RandomOptions };
}

export function generationCount(s: SearchSettings): number {
    return s.algorithm.kind === 'evolution'
        ? s.algorithm.options.generations
        : randomGenerations(s.algorithm.options);
}

/** The records generation g is planned from: every record of an earlier generation. */
export function archiveBefore(records: readonly EvalRecord[], g: number): EvalRecord[] {
    return records.filter((r) => r.generation < g);
}

/** Generation g's proposals; a pure function of the settings, g and the records of generations < g. */
export function planGeneration(
    s: SearchSettings,
    g: number,
    records: readonly EvalRecord[],
    checker: BudgetChecker,
): Proposal {
    const ctx = {
        space: s.space,
        seed: s.seed,
        objective: s.objective,
        checker,
        archive: archiveBefore(records, g),
    };
    return s.algorithm.kind === 'evolution'
        ? planEvolution(g, ctx, s.algorithm.options)
        : planRandom(g, ctx, s.algorithm.options);
}
