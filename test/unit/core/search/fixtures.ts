// Test helpers for the search: settings, a fake deterministic scorer and a driver that plays the
// CLI's loop (plan generation g, score what is new, append) and can stop after k evaluations.
import type { ScoreResult } from '../../../../src/protocol/worker';
import { BudgetChecker } from '../../../../src/core/search/constraints';
import { EVOLUTION_DEFAULTS } from '../../../../src/core/search/evolution';
import type { EvalRecord } from '../../../../src/core/search/objective';
import {
    type SearchSettings,
    generationCount,
    planGeneration,
} from '../../../../src/core/search/planner';
import {
    RUN_FILE_VERSION,
    type RunFile,
    type SearchHeader,
    summarizeGeneration,
} from '../../../../src/core/search/runFile';
import { type Genome, genomeKey } from '../../../../src/core/search/spaces';
import { hashString } from '../../../../src/core/util/rng';

/** Objective `fake` has structure to climb; `other` is a plain hash of the key (no structure). */
export const evolutionSettings = (seed = 3, generations = 4, proxy = 'fake'): SearchSettings => ({
    space: 'nb201',
    objective: { kind: 'proxy', proxy },
    seed,
    budget: {},
    dataset: 'cifar10',
    algorithm: {
        kind: 'evolution',
        options: {
            ...EVOLUTION_DEFAULTS,
            population: 10,
            generations,
            topK: 3,
            mutations: 5,
            crossovers: 5,
        },
    },
});

export const headerOf = (settings: SearchSettings): SearchHeader => ({
    kind: 'lswag-search',
    version: RUN_FILE_VERSION,
    settings,
    score: {
        proxies: ['fake'],
        data: { kind: 'synthetic' },
        batch: 4,
        batches: 2,
        seed: 0,
        psiSamples: 4,
        gradientMode: 'batches',
    },
});

/** A stable score per key with structure to climb (NB201: higher op indices score more), as a proxy would. */
export function fakeResult(g: Genome): ScoreResult {
    const key = genomeKey(g);
    return {
        name: key,
        source: key,
        family: 'nb201',
        params: 1000,
        flops: 1000,
        errors: [],
        device: 'cpu',
        seconds: 0,
        scores: {
            fake:
                (g.space === 'nb201' ? g.ops.reduce((a, b) => a + b, 0) : 0) +
                hashString(key) / 2 ** 32,
            other: hashString(key, 7) / 2 ** 32,
        },
    };
}

export const fakeRecord = (g: Genome, generation: number): EvalRecord => ({
    kind: 'eval',
    key: genomeKey(g),
    genome: g,
    generation,
    result: fakeResult(g),
});

/** Runs the search loop on `run`; stops (as a kill would) after `limit` new evaluations. Returns the count scored. */
export function drive(settings: SearchSettings, run: RunFile, limit = Infinity): number {
    const checker = new BudgetChecker(settings.budget, settings.dataset);
    let scored = 0;
    for (let g = 0; g < generationCount(settings); g++) {
        for (const genome of planGeneration(settings, g, run.records, checker).genomes) {
            if (run.has(genomeKey(genome))) continue;
            if (scored === limit) return scored;
            run.appendEval(fakeRecord(genome, g));
            scored++;
        }
        if (!run.generations.has(g))
            run.appendGeneration(summarizeGeneration(settings.objective, run.records, g));
    }
    return scored;
}
