// The search spaces (docs/search.md): NAS-Bench-201 cells and AutoFormer-T/S/B ViTs, each with
// seeded sampling, mutation, crossover, a canonical key (duplicates are never re-scored) and
// conversion to an ArchitectureSpec.
import { AUTOFORMER_DEFAULTS, NB201_DATASETS, NB201_DEFAULTS } from '../spec/defaults';
import { NB201_OPS, formatCell, parseCell } from '../spec/nb201Cell';
import type { CellSpaceId, SpaceId } from '../spec/spaceId';
import type { ArchitectureSpec, AutoformerSpec } from '../spec/spec';
import type { Rng } from '../util/rng';
import {
    type DartsGenome,
    crossoverDarts,
    dartsKey,
    dartsSpec,
    mutateDarts,
    sampleDarts,
} from './dartsGenome';
import {
    type Nb101Genome,
    crossoverNb101,
    mutateNb101,
    nb101Key,
    nb101Spec,
    sampleNb101,
} from './nb101Genome';

export type AutoformerSpaceId = Exclude<SpaceId, CellSpaceId>;

/**
 * A genome: NB201 = 6 op indices (edge order of parseCell); NB101 = matrix + ops; DARTS = the
 * compact encoding; AutoFormer = the config fields.
 */
export type Genome =
    | { readonly space: 'nb201'; readonly ops: readonly number[] }
    | Nb101Genome
    | DartsGenome
    | {
          readonly space: AutoformerSpaceId;
          readonly embedDim: number;
          readonly depth: number;
          readonly mlpRatio: readonly number[];
          readonly numHeads: readonly number[];
      };

interface AutoformerChoices {
    readonly embedDim: readonly number[];
    readonly depth: readonly number[];
    readonly mlpRatio: readonly number[];
    readonly numHeads: readonly number[];
}

export const AUTOFORMER_SPACES: Readonly<Record<AutoformerSpaceId, AutoformerChoices>> = {
    'autoformer-t': {
        embedDim: [192, 216, 240],
        depth: [12, 13, 14],
        mlpRatio: [3.5, 4.0],
        numHeads: [3, 4],
    },
    'autoformer-s': {
        embedDim: [320, 384, 448],
        depth: [12, 13, 14],
        mlpRatio: [3.0, 3.5, 4.0],
        numHeads: [5, 6, 7],
    },
    'autoformer-b': {
        embedDim: [528, 576, 624],
        depth: [14, 15, 16],
        mlpRatio: [3.0, 3.5, 4.0],
        numHeads: [8, 9, 10],
    },
};

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

export function sampleGenome(space: SpaceId, rng: Rng): Genome {
    if (space === 'nb201')
        return { space, ops: Array.from({ length: 6 }, () => rng.int(NB201_OPS.length)) };
    if (space === 'nb101') return sampleNb101(rng);
    if (space === 'darts') return sampleDarts(rng);
    const c = AUTOFORMER_SPACES[space];
    const depth = pick(rng, c.depth);
    const maxDepth = Math.max(...c.depth);
    // Per-layer genes exist for the deepest option; only the first `depth` are used.
    return {
        space,
        embedDim: pick(rng, c.embedDim),
        depth,
        mlpRatio: Array.from({ length: maxDepth }, () => pick(rng, c.mlpRatio)),
        numHeads: Array.from({ length: maxDepth }, () => pick(rng, c.numHeads)),
    };
}

/** AutoFormer's mutation: each gene resampled with probability `prob`, depth with `depthProb`. */
export function mutateGenome(g: Genome, rng: Rng, prob = 0.2, depthProb = 0.4): Genome {
    if (g.space === 'nb201')
        return {
            ...g,
            ops: g.ops.map((op) => (rng.next() < prob ? rng.int(NB201_OPS.length) : op)),
        };
    if (g.space === 'nb101') return mutateNb101(g, rng, prob);
    if (g.space === 'darts') return mutateDarts(g, rng, prob);
    const c = AUTOFORMER_SPACES[g.space];
    return {
        ...g,
        embedDim: rng.next() < prob ? pick(rng, c.embedDim) : g.embedDim,
        depth: rng.next() < depthProb ? pick(rng, c.depth) : g.depth,
        mlpRatio: g.mlpRatio.map((r) => (rng.next() < prob ? pick(rng, c.mlpRatio) : r)),
        numHeads: g.numHeads.map((h) => (rng.next() < prob ? pick(rng, c.numHeads) : h)),
    };
}

/** Uniform crossover: each gene from either parent with probability 1/2. */
export function crossoverGenomes(a: Genome, b: Genome, rng: Rng): Genome {
    const coin = () => rng.next() < 0.5;
    if (a.space === 'nb201' && b.space === 'nb201')
        return { ...a, ops: a.ops.map((op, i) => (coin() ? op : b.ops[i])) };
    if (a.space === 'nb101' && b.space === 'nb101') return crossoverNb101(a, b, rng);
    if (a.space === 'darts' && b.space === 'darts') return crossoverDarts(a, b, rng);
    if (a.space === 'nb201' || a.space === 'nb101' || a.space === 'darts' || b.space !== a.space)
        throw new Error('crossover needs two genomes of one space');
    return {
        ...a,
        embedDim: coin() ? a.embedDim : b.embedDim,
        depth: coin() ? a.depth : b.depth,
        mlpRatio: a.mlpRatio.map((r, i) => (coin() ? r : b.mlpRatio[i])),
        numHeads: a.numHeads.map((h, i) => (coin() ? h : b.numHeads[i])),
    };
}

export function nb201CellOf(ops: readonly number[]): string {
    const order = [
        [1, 0],
        [2, 0],
        [2, 1],
        [3, 0],
        [3, 1],
        [3, 2],
    ] as const;
    return formatCell(order.map(([to, from], i) => ({ to, from, op: NB201_OPS[ops[i]] })));
}

/** The NB201 genome of a cell string (edges in any order within a node). */
export function nb201GenomeOfCell(cell: string): Genome {
    const edges = parseCell(cell);
    const order = [
        [1, 0],
        [2, 0],
        [2, 1],
        [3, 0],
        [3, 1],
        [3, 2],
    ] as const;
    const ops = order.map(([to, from]) => {
        const e = edges.find((x) => x.to === to && x.from === from);
        if (!e) throw new Error(`cell ${cell} has no edge ${from}->${to}`);
        return NB201_OPS.indexOf(e.op);
    });
    return { space: 'nb201', ops };
}

/** Canonical key: equal for genomes that build the same network (unused AutoFormer layers ignored). */
export function genomeKey(g: Genome): string {
    if (g.space === 'nb201') return nb201CellOf(g.ops);
    if (g.space === 'nb101') return nb101Key(g);
    if (g.space === 'darts') return dartsKey(g);
    const d = g.depth;
    return `${g.space}:e${g.embedDim}:d${d}:r${g.mlpRatio.slice(0, d).join(',')}:h${g.numHeads.slice(0, d).join(',')}`;
}

/**
 * The network a genome stands for. `width` narrows NB101's stem / DARTS' C for cheaper searches
 * (absent: the benchmark's own width); NB201 and AutoFormer ignore it.
 */
export function genomeToSpec(g: Genome, dataset = 'cifar10', width?: number): ArchitectureSpec {
    if (g.space === 'nb101') return nb101Spec(g, width);
    if (g.space === 'darts') return dartsSpec(g, width);
    if (g.space === 'nb201') {
        const d = NB201_DATASETS[dataset] ?? NB201_DATASETS.cifar10;
        return {
            family: 'nb201',
            name: genomeKey(g),
            cell: nb201CellOf(g.ops),
            ...NB201_DEFAULTS,
            ...d,
        };
    }
    const spec: AutoformerSpec = {
        family: 'autoformer',
        name: genomeKey(g),
        embedDim: g.embedDim,
        depth: g.depth,
        mlpRatio: g.mlpRatio.slice(0, g.depth),
        numHeads: g.numHeads.slice(0, g.depth),
        ...AUTOFORMER_DEFAULTS,
    };
    return spec;
}

/** The search space a spec belongs to, when it is one of ours (used to find calibrated windows). */
export function spaceOf(spec: ArchitectureSpec): SpaceId | undefined {
    if (spec.family === 'nb201' || spec.family === 'nb101' || spec.family === 'darts')
        return spec.family;
    if (spec.family !== 'autoformer') return undefined;
    for (const [id, c] of Object.entries(AUTOFORMER_SPACES) as [
        AutoformerSpaceId,
        AutoformerChoices,
    ][]) {
        // Why: embed_dim and depth decide the space; the published models use ratios outside it.
        if (c.embedDim.includes(spec.embedDim) && c.depth.includes(spec.depth)) return id;
    }
    return undefined;
}
