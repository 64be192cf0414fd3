// DARTS (NB301) genomes for the searches: NASLib's compact encoding, per cell 8 (input, op) pairs.
// Sampling is NASLib's (each node two distinct inputs among the states before it, ops uniform);
// mutation resamples an op or an input with a probability; crossover takes each node's pair of
// edges from either parent, so every child is a valid genotype.
import { DARTS_DEFAULTS } from '../spec/defaults';
import { DARTS_NODES, DARTS_OPS, genotypeFromCompact, genotypeKey } from '../spec/dartsGenotype';
import type { DartsSpec } from '../spec/spec';
import type { Rng } from '../util/rng';

/** One edge: [input state, op index in DARTS_OPS]. */
export type CompactEdge = readonly [number, number];

export interface DartsGenome {
    readonly space: 'darts';
    readonly normal: readonly CompactEdge[];
    readonly reduce: readonly CompactEdge[];
}

function sampleCell(rng: Rng): CompactEdge[] {
    const edges: CompactEdge[] = [];
    for (let node = 0; node < DARTS_NODES; node++) {
        const states = node + 2;
        const a = rng.int(states);
        const b = (a + 1 + rng.int(states - 1)) % states; // Why: distinct from a, uniform otherwise.
        edges.push([a, rng.int(DARTS_OPS.length)], [b, rng.int(DARTS_OPS.length)]);
    }
    return edges;
}

export function sampleDarts(rng: Rng): DartsGenome {
    return { space: 'darts', normal: sampleCell(rng), reduce: sampleCell(rng) };
}

function mutateCell(edges: readonly CompactEdge[], rng: Rng, prob: number): CompactEdge[] {
    const out = edges.map((e) => [...e] as [number, number]);
    for (let i = 0; i < out.length; i++) {
        if (rng.next() < prob) out[i][1] = rng.int(DARTS_OPS.length);
        if (rng.next() < prob) {
            const states = Math.floor(i / 2) + 2;
            const sibling = out[i % 2 === 0 ? i + 1 : i - 1][0];
            const choices = [...Array(states).keys()].filter((s) => s !== sibling);
            out[i][0] = choices[rng.int(choices.length)];
        }
    }
    return out;
}

export function mutateDarts(g: DartsGenome, rng: Rng, prob: number): DartsGenome {
    return {
        space: 'darts',
        normal: mutateCell(g.normal, rng, prob),
        reduce: mutateCell(g.reduce, rng, prob),
    };
}

export function crossoverDarts(a: DartsGenome, b: DartsGenome, rng: Rng): DartsGenome {
    const cell = (x: readonly CompactEdge[], y: readonly CompactEdge[]) =>
        x.flatMap((_, i) =>
            i % 2 === 1 ? [] : rng.next() < 0.5 ? [x[i], x[i + 1]] : [y[i], y[i + 1]],
        );
    return { space: 'darts', normal: cell(a.normal, b.normal), reduce: cell(a.reduce, b.reduce) };
}

/** The genotype of a genome; the two inputs of a node in ascending order make one key. */
export function dartsGenotypeOf(g: Pick<DartsGenome, 'normal' | 'reduce'>) {
    return genotypeFromCompact([g.normal, g.reduce]);
}

/** Canonical key: a node's two edges sorted, since their sum does not depend on their order. */
export function dartsKey(g: DartsGenome): string {
    const sorted = (edges: readonly CompactEdge[]) =>
        edges.flatMap((_, i) =>
            i % 2 === 1 ? [] : [edges[i], edges[i + 1]].sort((p, q) => p[0] - q[0] || p[1] - q[1]),
        );
    return genotypeKey(dartsGenotypeOf({ normal: sorted(g.normal), reduce: sorted(g.reduce) }));
}

export function dartsSpec(g: DartsGenome, channels?: number): DartsSpec {
    return {
        family: 'darts',
        name: dartsKey(g),
        genotype: dartsGenotypeOf(g),
        ...DARTS_DEFAULTS,
        ...(channels ? { channels } : {}),
    };
}

export function dartsDistance(a: DartsGenome, b: DartsGenome): number {
    const cell = (x: readonly CompactEdge[], y: readonly CompactEdge[]) =>
        x.reduce((n, e, i) => n + (e[0] === y[i][0] ? 0 : 1) + (e[1] === y[i][1] ? 0 : 1), 0);
    return cell(a.normal, b.normal) + cell(a.reduce, b.reduce);
}
