// AutoFormer's evolution as a pure planner: generation g's proposals are a function of (seed, g) and
// the records of generations < g only, so a resumed run re-derives exactly the proposals it had.
// Gen 0 samples `population` genomes; gen g >= 1 ranks the archive (objective.ts), keeps the top k as
// parents and proposes `mutations` mutants plus `crossovers` children, all new and within the budget.
import { Rng, hashString } from '../util/rng';
import { drawFitting } from './constraints';
import { rankRecords } from './objective';
import type { PlanContext, Proposal } from './planTypes';
import { type Genome, crossoverGenomes, mutateGenome } from './spaces';

export interface EvolutionOptions {
    readonly population: number;
    readonly generations: number;
    readonly topK: number;
    readonly mutations: number;
    readonly crossovers: number;
    readonly mutationProb: number;
    readonly depthProb: number;
}

/** AutoFormer's defaults (docs/search.md, Algorithms). */
export const EVOLUTION_DEFAULTS: EvolutionOptions = {
    population: 50,
    generations: 20,
    topK: 10,
    mutations: 25,
    crossovers: 25,
    mutationProb: 0.2,
    depthProb: 0.4,
};

/** The random stream of generation g: seeded from (seed, g) alone, never from earlier draws. */
export function generationRng(seed: number, g: number): Rng {
    return new Rng(hashString(`lswag-search-generation-${g}`, seed));
}

export function planEvolution(g: number, ctx: PlanContext, o: EvolutionOptions): Proposal {
    const rng = generationRng(ctx.seed, g);
    const seen = new Set(ctx.archive.map((r) => r.key));
    const genomes: Genome[] = [];
    let unfilled = 0;
    const fill = (n: number, make: () => Genome) => {
        for (let i = 0; i < n; i++) {
            const child = drawFitting(make, ctx.checker, seen);
            if (child) genomes.push(child);
            else unfilled++;
        }
    };
    const parents = rankRecords(ctx.objective, ctx.archive)
        .slice(0, o.topK)
        .map((r) => r.record.genome);
    if (g === 0 || parents.length === 0) {
        fill(o.population, () => ctx.checker.sample(ctx.space, rng));
        return { genomes, unfilled };
    }
    const parent = () => parents[rng.int(parents.length)];
    fill(o.mutations, () => mutateGenome(parent(), rng, o.mutationProb, o.depthProb));
    fill(o.crossovers, () => crossoverGenomes(parent(), parent(), rng));
    return { genomes, unfilled };
}
