// NAS-Bench-101 genomes for the searches: a 7x7 upper-triangular matrix and 5 interior op indices.
// Sampling is NASLib's (uniform bits and ops, redrawn until the cell is valid); mutation flips each
// edge bit and resamples each op with a probability; crossover takes each matrix row and op from
// either parent. Invalid children are redrawn a bounded number of times.
import { canonicalNb101Cell } from '../spaces/nb101Canonical';
import { NB101_DEFAULTS } from '../spec/defaults';
import {
    NB101_MAX_VERTICES,
    NB101_OPS,
    type Nb101Cell,
    type PrunedNb101Cell,
    formatNb101Cell,
    pruneNb101Cell,
} from '../spec/nb101Cell';
import type { Nb101Spec } from '../spec/spec';
import type { Rng } from '../util/rng';

export interface Nb101Genome {
    readonly space: 'nb101';
    readonly matrix: readonly (readonly number[])[];
    /** Op indices (NB101_OPS) of vertices 1..5. */
    readonly ops: readonly number[];
}

const N = NB101_MAX_VERTICES;
const TRIES = 1000;

export function nb101CellOf(g: Pick<Nb101Genome, 'matrix' | 'ops'>): Nb101Cell {
    return { matrix: g.matrix, ops: ['input', ...g.ops.map((k) => NB101_OPS[k]), 'output'] };
}

export function isValidNb101(g: Nb101Genome): boolean {
    try {
        pruneNb101Cell(nb101CellOf(g));
        return true;
    } catch {
        return false;
    }
}

/** A valid genome from `make`, or `fallback` after TRIES invalid ones. */
function firstValid(make: () => Nb101Genome, fallback: Nb101Genome): Nb101Genome {
    for (let i = 0; i < TRIES; i++) {
        const g = make();
        if (isValidNb101(g)) return g;
    }
    return fallback;
}

const upper = (f: (i: number, j: number) => number) =>
    Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (j > i ? f(i, j) : 0)));

export function sampleNb101(rng: Rng): Nb101Genome {
    const make = (): Nb101Genome => ({
        space: 'nb101',
        matrix: upper(() => (rng.next() < 0.5 ? 1 : 0)),
        ops: Array.from({ length: N - 2 }, () => rng.int(NB101_OPS.length)),
    });
    // Why the chain fallback: it is always valid, so sampling never fails outright.
    return firstValid(make, {
        space: 'nb101',
        matrix: upper((i, j) => (j === i + 1 ? 1 : 0)),
        ops: [0, 0, 0, 0, 0],
    });
}

export function mutateNb101(g: Nb101Genome, rng: Rng, prob: number): Nb101Genome {
    // Why prob / 4 per bit: 21 bits against 5 ops; about one edge flips per mutation at prob 0.2.
    const make = (): Nb101Genome => ({
        space: 'nb101',
        matrix: upper((i, j) => (rng.next() < prob / 4 ? 1 - g.matrix[i][j] : g.matrix[i][j])),
        ops: g.ops.map((op) => (rng.next() < prob ? rng.int(NB101_OPS.length) : op)),
    });
    return firstValid(make, g);
}

export function crossoverNb101(a: Nb101Genome, b: Nb101Genome, rng: Rng): Nb101Genome {
    const make = (): Nb101Genome => ({
        space: 'nb101',
        matrix: a.matrix.map((row, i) => [...(rng.next() < 0.5 ? row : b.matrix[i])]),
        ops: a.ops.map((op, i) => (rng.next() < 0.5 ? op : b.ops[i])),
    });
    return firstValid(make, a);
}

/** The network a genome stands for: its pruned cell in canonical numbering; undefined if invalid. */
function canonicalCellOf(g: Nb101Genome): PrunedNb101Cell | undefined {
    try {
        return canonicalNb101Cell(pruneNb101Cell(nb101CellOf(g)));
    } catch {
        return undefined;
    }
}

/**
 * Canonical key: the pruned cell in canonical numbering, so genomes that differ only in dangling
 * vertices or in how the vertices are numbered (isomorphic cells) are one network, scored once.
 */
export function nb101Key(g: Nb101Genome): string {
    const cell = canonicalCellOf(g);
    return cell
        ? `nb101:${formatNb101Cell(cell)}`
        : `nb101-invalid:${formatNb101Cell(nb101CellOf(g))}`;
}

/** The spec of a genome: the very cell its key names (an invalid genome keeps its own, to fail there). */
export function nb101Spec(g: Nb101Genome, stemChannels?: number): Nb101Spec {
    return {
        family: 'nb101',
        name: nb101Key(g),
        ...(canonicalCellOf(g) ?? nb101CellOf(g)),
        ...NB101_DEFAULTS,
        ...(stemChannels ? { stemChannels } : {}),
    };
}

export function nb101Distance(a: Nb101Genome, b: Nb101Genome): number {
    let d = 0;
    for (let i = 0; i < N; i++)
        for (let j = i + 1; j < N; j++) d += a.matrix[i][j] === b.matrix[i][j] ? 0 : 1;
    return d + a.ops.reduce((n, op, i) => n + (op === b.ops[i] ? 0 : 1), 0);
}
