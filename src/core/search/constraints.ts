// The parameter budget of a search: params of a genome via modelCost (cached by canonical key), and
// bounded retries that draw children until one fits the budget and is new.
import { modelCost } from '../spaces/index';
import type { Rng } from '../util/rng';
import { type Genome, type SpaceId, genomeKey, genomeToSpec, sampleGenome } from './spaces';

/** Inclusive parameter bounds; an absent bound is no bound. */
export interface ParamBudget {
    readonly min?: number;
    readonly max?: number;
}

/** Attempts per child before a slot is given up (AutoFormer tries 10 per wanted child; we allow more). */
export const MAX_ATTEMPTS_PER_CHILD = 200;

export class BudgetChecker {
    private readonly cache = new Map<string, number>();

    constructor(
        readonly budget: ParamBudget,
        private readonly dataset = 'cifar10',
        /** The only genomes a search may visit (a search within a benchmark's cells); undefined = the whole space. */
        private readonly pool?: readonly Genome[],
    ) {
        this.allowedKeys = pool && new Set(pool.map(genomeKey));
    }

    private readonly allowedKeys: ReadonlySet<string> | undefined;

    /** A uniform draw from the pool when there is one, else from the whole space. */
    sample(space: SpaceId, rng: Rng): Genome {
        // Why: rejection sampling from 15,625 cells rarely hits a small pool; drawing from it never misses.
        return this.pool && this.pool.length > 0 ? this.pool[rng.int(this.pool.length)] : sampleGenome(space, rng);
    }

    /** Parameter count of the network the genome builds. */
    params(g: Genome): number {
        const key = genomeKey(g);
        let p = this.cache.get(key);
        if (p === undefined) {
            p = modelCost(genomeToSpec(g, this.dataset)).params;
            this.cache.set(key, p);
        }
        return p;
    }

    get isUnbounded(): boolean {
        return this.budget.min === undefined && this.budget.max === undefined;
    }

    fits(g: Genome): boolean {
        if (this.allowedKeys && !this.allowedKeys.has(genomeKey(g))) return false;
        if (this.isUnbounded) return true; // Why: no graph is built when nothing is checked.
        const p = this.params(g);
        return (this.budget.min === undefined || p >= this.budget.min) && (this.budget.max === undefined || p <= this.budget.max);
    }
}

/**
 * Calls `make` until it returns a genome that fits the budget and whose key is not in `seen`, at most
 * `attempts` times; adds the accepted key to `seen`. Undefined when no attempt succeeded.
 */
export function drawFitting(
    make: () => Genome,
    checker: BudgetChecker,
    seen: Set<string>,
    attempts = MAX_ATTEMPTS_PER_CHILD,
): Genome | undefined {
    for (let i = 0; i < attempts; i++) {
        const g = make();
        const key = genomeKey(g);
        if (seen.has(key) || !checker.fits(g)) continue;
        seen.add(key);
        return g;
    }
    return undefined;
}

/** A readable budget, for messages: "18.0M-23.0M params". */
export function formatBudget(b: ParamBudget): string {
    const m = (n: number | undefined) => (n === undefined ? '' : `${(n / 1e6).toFixed(1)}M`);
    return b.min === undefined && b.max === undefined ? 'no budget' : `${m(b.min) || '0'}-${m(b.max) || 'inf'} params`;
}
