// Random search within a budget (as TF-TAS and AZ-NAS run it on AutoFormer): S distinct genomes,
// proposed in batches ("generations") so progress is summarised; pure and deterministic given the seed.
import { drawFitting } from './constraints';
import type { PlanContext, Proposal } from './planTypes';
import { generationRng } from './evolution';

export interface RandomOptions {
    readonly samples: number;
    /** Genomes per batch; the last batch takes what is left. */
    readonly batchSize: number;
}

export const RANDOM_BATCH = 50;

export function randomGenerations(o: RandomOptions): number {
    return Math.ceil(o.samples / o.batchSize);
}

/** Batch g: min(batchSize, samples - g*batchSize) new genomes, skipping every archived key. */
export function planRandom(g: number, ctx: PlanContext, o: RandomOptions): Proposal {
    const want = Math.max(0, Math.min(o.batchSize, o.samples - g * o.batchSize));
    const rng = generationRng(ctx.seed, g);
    const seen = new Set(ctx.archive.map((r) => r.key));
    const genomes = [];
    for (let i = 0; i < want; i++) {
        const child = drawFitting(() => ctx.checker.sample(ctx.space, rng), ctx.checker, seen);
        if (child) genomes.push(child);
    }
    return { genomes, unfilled: want - genomes.length };
}
