// DARTS genotypes (Liu et al. 2019; the NAS-Bench-301 space): per cell type 4 intermediate nodes,
// each summing two ops applied to earlier states (0 = the cell before last, 1 = the last cell,
// 2.. = earlier nodes of this cell); the cell's output concatenates the `concat` states.

/** The 7 ops of the NB301 space (DARTS' 8 without 'none'). */
export const DARTS_OPS = [
    'max_pool_3x3',
    'avg_pool_3x3',
    'skip_connect',
    'sep_conv_3x3',
    'sep_conv_5x5',
    'dil_conv_3x3',
    'dil_conv_5x5',
] as const;
export type DartsOp = (typeof DARTS_OPS)[number];

/** One input of an intermediate node: op applied to state `from`. */
export type DartsEdge = readonly [op: DartsOp, from: number];

export interface DartsGenotype {
    /** 8 edges: node k (k = 0..3) owns edges 2k and 2k+1. */
    readonly normal: readonly DartsEdge[];
    readonly normalConcat: readonly number[];
    readonly reduce: readonly DartsEdge[];
    readonly reduceConcat: readonly number[];
}

export const DARTS_NODES = 4;

export class GenotypeError extends Error {}

/** Checks edge count, input indices (node k reads states 0..k+1), ops and concat lists. */
export function checkGenotype(g: DartsGenotype): void {
    for (const [kind, edges, concat] of [
        ['normal', g.normal, g.normalConcat],
        ['reduce', g.reduce, g.reduceConcat],
    ] as const) {
        if (edges.length !== 2 * DARTS_NODES)
            throw new GenotypeError(
                `${kind} needs ${2 * DARTS_NODES} edges, found ${edges.length}`,
            );
        edges.forEach(([op, from], i) => {
            const node = Math.floor(i / 2);
            if (!(DARTS_OPS as readonly string[]).includes(op))
                throw new GenotypeError(
                    `${kind} edge ${i}: unknown op '${op}' (expected one of ${DARTS_OPS.join(', ')})`,
                );
            if (!Number.isInteger(from) || from < 0 || from > node + 1)
                throw new GenotypeError(
                    `${kind} edge ${i}: node ${node + 2} can read states 0..${node + 1}, not ${from}`,
                );
        });
        if (concat.length === 0) throw new GenotypeError(`${kind}_concat is empty`);
        for (const s of concat)
            if (!Number.isInteger(s) || s < 0 || s > DARTS_NODES + 1)
                throw new GenotypeError(`${kind}_concat: state ${s} is not 0..${DARTS_NODES + 1}`);
    }
}

const DEFAULT_CONCAT = [2, 3, 4, 5];

/** NASLib's compact encoding: per cell 8 pairs (input state, op index in DARTS_OPS). */
export type CompactGenotype = readonly (readonly (readonly [number, number])[])[];

export function genotypeFromCompact(compact: CompactGenotype): DartsGenotype {
    if (compact.length !== 2) throw new GenotypeError('a compact genotype has 2 cells');
    const cell = (pairs: readonly (readonly [number, number])[]): DartsEdge[] =>
        pairs.map(([from, k]) => {
            const op = DARTS_OPS[k];
            if (op === undefined) throw new GenotypeError(`op index ${k} is not 0..6`);
            return [op, from] as const;
        });
    const g = {
        normal: cell(compact[0]),
        normalConcat: DEFAULT_CONCAT,
        reduce: cell(compact[1]),
        reduceConcat: DEFAULT_CONCAT,
    };
    checkGenotype(g);
    return g;
}

export function genotypeToCompact(g: DartsGenotype): [number, number][][] {
    return [g.normal, g.reduce].map((edges) =>
        edges.map(([op, from]) => [from, DARTS_OPS.indexOf(op)] as [number, number]),
    );
}

/** DARTS' own notation, as papers and repositories print it. */
export function formatGenotype(g: DartsGenotype): string {
    const edges = (es: readonly DartsEdge[]) =>
        `[${es.map(([op, from]) => `('${op}', ${from})`).join(', ')}]`;
    const list = (xs: readonly number[]) => `[${xs.join(', ')}]`;
    return (
        `Genotype(normal=${edges(g.normal)}, normal_concat=${list(g.normalConcat)}, ` +
        `reduce=${edges(g.reduce)}, reduce_concat=${list(g.reduceConcat)})`
    );
}

/** Short canonical key: both cells' (op index, input) pairs. */
export function genotypeKey(g: DartsGenotype): string {
    const cell = (es: readonly DartsEdge[]) =>
        es.map(([op, from]) => `${DARTS_OPS.indexOf(op)}${from}`).join('.');
    const concat = (c: readonly number[]) => (c.join('') === '2345' ? '' : `/${c.join('')}`);
    return `darts:${cell(g.normal)}${concat(g.normalConcat)}|${cell(g.reduce)}${concat(g.reduceConcat)}`;
}
