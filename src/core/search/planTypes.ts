// What a search planner takes and gives: the archive of earlier generations in, genomes to score out.
import type { BudgetChecker } from './constraints';
import type { EvalRecord, Objective } from './objective';
import type { SpaceId } from '../spec/spaceId';
import type { Genome } from './spaces';

export interface PlanContext {
    readonly space: SpaceId;
    readonly seed: number;
    readonly objective: Objective;
    readonly checker: BudgetChecker;
    /** Every record of generations before the one being planned (any order). */
    readonly archive: readonly EvalRecord[];
}

export interface Proposal {
    /** Distinct, within the budget, and none of them in the archive. */
    readonly genomes: readonly Genome[];
    /** Slots that no attempt could fill (budget too tight or the space nearly exhausted). */
    readonly unfilled: number;
}
