// NAS-Bench-201 cell strings: `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`, node i listing its inputs j < i.

export const NB201_OPS = [
    'none',
    'skip_connect',
    'nor_conv_1x1',
    'nor_conv_3x3',
    'avg_pool_3x3',
] as const;
export type Nb201Op = (typeof NB201_OPS)[number];

/** One edge of the cell: node `to` receives op(node `from`). */
export interface Nb201Edge {
    readonly to: number;
    readonly from: number;
    readonly op: Nb201Op;
}

/** A cell-string error with the character offset (within the string) where it was found. */
export class CellStringError extends Error {
    constructor(
        message: string,
        readonly offset: number,
        readonly length: number,
    ) {
        super(message);
    }
}

/** Matches candidate cell strings in free text (validated separately by parseCell). */
export const CELL_PATTERN = /\|(?:[A-Za-z0-9_]+~\d+\|)+(?:\+\|(?:[A-Za-z0-9_]+~\d+\|)+)*/g;

/**
 * Parses and validates a cell string: three nodes with 1, 2 and 3 inputs, input indices 0..i-1 in
 * order, known ops. Edges come back in the order the network applies them (node 1, 2, 3; j ascending).
 */
export function parseCell(text: string): Nb201Edge[] {
    const nodes = text.split('+');
    if (nodes.length !== 3)
        throw new CellStringError(
            `expected 3 nodes separated by '+', found ${nodes.length}`,
            0,
            text.length,
        );
    const edges: Nb201Edge[] = [];
    let offset = 0;
    nodes.forEach((node, k) => {
        const to = k + 1;
        if (!node.startsWith('|') || !node.endsWith('|') || node.length < 2) {
            throw new CellStringError(`node ${to} must look like |op~j|...|`, offset, node.length);
        }
        const parts = node.slice(1, -1).split('|');
        if (parts.length !== to) {
            throw new CellStringError(
                `node ${to} needs ${to} input(s), found ${parts.length}`,
                offset,
                node.length,
            );
        }
        let at = offset + 1;
        parts.forEach((part, j) => {
            const [op, from, extra] = part.split('~');
            if (extra !== undefined || from === undefined || !/^\d+$/.test(from)) {
                throw new CellStringError(`'${part}' is not op~index`, at, part.length);
            }
            if (!(NB201_OPS as readonly string[]).includes(op)) {
                throw new CellStringError(
                    `unknown op '${op}' (expected one of ${NB201_OPS.join(', ')})`,
                    at,
                    op.length,
                );
            }
            if (Number(from) !== j) {
                throw new CellStringError(
                    `node ${to} input ${j + 1} must read node ${j}, not ${from}`,
                    at,
                    part.length,
                );
            }
            edges.push({ to, from: j, op: op as Nb201Op });
            at += part.length + 1;
        });
        offset += node.length + 1;
    });
    return edges;
}

export function formatCell(edges: readonly Nb201Edge[]): string {
    return [1, 2, 3]
        .map(
            (to) =>
                `|${edges
                    .filter((e) => e.to === to)
                    .map((e) => `${e.op}~${e.from}`)
                    .join('|')}|`,
        )
        .join('+');
}

/** Reads a NASLib op-index tuple (edge order 0->1, 0->2, 0->3, 1->2, 1->3, 2->3). */
export function cellFromNaslib(tuple: readonly number[]): string {
    const ops: Nb201Op[] = ['skip_connect', 'none', 'nor_conv_3x3', 'nor_conv_1x1', 'avg_pool_3x3'];
    const [a, b, c, d, e, f] = tuple.map((i) => ops[i]);
    return `|${a}~0|+|${b}~0|${d}~1|+|${c}~0|${e}~1|${f}~2|`;
}
