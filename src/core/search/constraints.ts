// The parameter budget of a search: params of a genome in closed form (genomeParams.ts, cached by
// canonical key), and bounded retries that draw children until one fits the budget and is new.
import type { Rng } from '../util/rng';
import { dartsDistance } from './dartsGenome';
import { genomeParams } from './genomeParams';
import { nb101Distance } from './nb101Genome';
import type { SpaceId } from '../spec/spaceId';
import { type Genome, genomeKey, sampleGenome } from './spaces';

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
        /** NB101's stem / DARTS' C when the search narrows them (genomeToSpec's width). */
        private readonly width?: number,
    ) {
        this.allowedKeys = pool && new Set(pool.map(genomeKey));
    }

    private readonly allowedKeys: ReadonlySet<string> | undefined;

    /** A uniform draw from the pool when there is one, else from the whole space. */
    sample(space: SpaceId, rng: Rng): Genome {
        // Why: rejection sampling from 15,625 cells rarely hits a small pool; drawing from it never misses.
        return this.pool && this.pool.length > 0
            ? this.pool[rng.int(this.pool.length)]
            : sampleGenome(space, rng);
    }

    /**
     * `g` itself when there is no pool or it is a member; else the member nearest to it (fewest
     * differing genes; the first in pool order on ties) that is not in `seen` and fits the budget.
     */
    project(g: Genome, seen: ReadonlySet<string>): Genome | undefined {
        if (!this.pool || this.allowedKeys!.has(genomeKey(g))) return g;
        let best: Genome | undefined;
        let bestDistance = Infinity;
        for (const candidate of this.pool) {
            const d = geneDistance(g, candidate);
            if (d < bestDistance && !seen.has(genomeKey(candidate)) && this.fits(candidate)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Parameter count of the network the genome builds. */
    params(g: Genome): number {
        const key = genomeKey(g);
        let p = this.cache.get(key);
        if (p === undefined) {
            // Why closed form: building each candidate's graph stalled the extension host per generation.
            p = genomeParams(g, this.dataset, this.width);
            this.cache.set(key, p);
        }
        return p;
    }

    get isUnbounded(): boolean {
        return this.budget.min === undefined && this.budget.max === undefined;
    }

    fits(g: Genome): boolean {
        if (this.allowedKeys && !this.allowedKeys.has(genomeKey(g))) return false;
        if (this.isUnbounded) return true; // Why: nothing is counted when nothing is checked.
        const p = this.params(g);
        return (
            (this.budget.min === undefined || p >= this.budget.min) &&
            (this.budget.max === undefined || p <= this.budget.max)
        );
    }
}

/** Genes that differ between two genomes of one space (NB201 ops; AutoFormer fields and per-layer genes). */
export function geneDistance(a: Genome, b: Genome): number {
    if (a.space === 'nb201' && b.space === 'nb201')
        return a.ops.reduce((n, op, i) => n + (op === b.ops[i] ? 0 : 1), 0);
    if (a.space === 'nb101' && b.space === 'nb101') return nb101Distance(a, b);
    if (a.space === 'darts' && b.space === 'darts') return dartsDistance(a, b);
    if (a.space !== b.space || a.space === 'nb201' || a.space === 'nb101' || a.space === 'darts')
        return Infinity;
    if (b.space === 'nb201' || b.space === 'nb101' || b.space === 'darts') return Infinity;
    const differ = (x: readonly number[], y: readonly number[]) =>
        x.reduce((n, v, i) => n + (v === y[i] ? 0 : 1), 0);
    return (
        (a.embedDim === b.embedDim ? 0 : 1) +
        (a.depth === b.depth ? 0 : 1) +
        differ(a.mlpRatio, b.mlpRatio) +
        differ(a.numHeads, b.numHeads)
    );
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
        const made = make();
        // Why: within a pool, a child that left it moves to the nearest new member, so mutation and
        // crossover still explore around their parents instead of being redrawn until they hit the pool.
        const g = checker.project(made, seen);
        if (g === undefined) return undefined; // Every member is taken.
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
    return b.min === undefined && b.max === undefined
        ? 'no budget'
        : `${m(b.min) || '0'}-${m(b.max) || 'inf'} params`;
}
