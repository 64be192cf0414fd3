// NAS-Bench-101 cells: a DAG of at most 7 vertices (input, up to 5 operations, output) given as an
// upper-triangular adjacency matrix plus one op per vertex. Validation follows the benchmark's own
// rules (Ying et al. 2019): vertices off every input->output path are pruned first, then the pruned
// cell may have at most 7 vertices and 9 edges.

export const NB101_OPS = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3'] as const;
export type Nb101Op = (typeof NB101_OPS)[number];

export const NB101_MAX_VERTICES = 7;
export const NB101_MAX_EDGES = 9;

/** A cell as the benchmark writes it: `ops[0]` is 'input', the last is 'output'. */
export interface Nb101Cell {
    readonly matrix: readonly (readonly number[])[];
    readonly ops: readonly string[];
}

/** A validated, pruned cell: interior ops are Nb101Op. */
export interface PrunedNb101Cell {
    readonly matrix: readonly (readonly number[])[];
    readonly ops: readonly ('input' | 'output' | Nb101Op)[];
}

/** Thrown with a message in the user's terms ("vertex 3 ..."). */
export class Nb101CellError extends Error {}

function checkShape(cell: Nb101Cell): void {
    const n = cell.matrix.length;
    if (n < 2) throw new Nb101CellError(`the matrix needs at least 2 vertices, found ${n}`);
    if (n > NB101_MAX_VERTICES)
        throw new Nb101CellError(`at most ${NB101_MAX_VERTICES} vertices, found ${n}`);
    cell.matrix.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== n)
            throw new Nb101CellError(`matrix row ${i} must have ${n} entries`);
        row.forEach((v, j) => {
            if (v !== 0 && v !== 1)
                throw new Nb101CellError(`matrix[${i}][${j}] must be 0 or 1, not ${String(v)}`);
            if (v === 1 && j <= i)
                throw new Nb101CellError(
                    `matrix[${i}][${j}] is 1 but the matrix must be upper-triangular (edges go from a vertex to a later one)`,
                );
        });
    });
    if (cell.ops.length !== n)
        throw new Nb101CellError(`${n} vertices need ${n} ops, found ${cell.ops.length}`);
    if (cell.ops[0] !== 'input') throw new Nb101CellError(`ops[0] must be 'input'`);
    if (cell.ops[n - 1] !== 'output') throw new Nb101CellError(`ops[${n - 1}] must be 'output'`);
    cell.ops.slice(1, -1).forEach((op, k) => {
        if (!(NB101_OPS as readonly string[]).includes(op))
            throw new Nb101CellError(`ops[${k + 1}] '${op}' is not one of ${NB101_OPS.join(', ')}`);
    });
}

/** Vertices reachable from `start` following edges forward (or backward). */
function reachable(
    m: readonly (readonly number[])[],
    start: number,
    forward: boolean,
): Set<number> {
    const seen = new Set([start]);
    const stack = [start];
    while (stack.length > 0) {
        const v = stack.pop()!;
        for (let u = 0; u < m.length; u++) {
            const linked = forward ? m[v][u] === 1 : m[u][v] === 1;
            if (linked && !seen.has(u)) {
                seen.add(u);
                stack.push(u);
            }
        }
    }
    return seen;
}

/**
 * Checks the cell and removes the vertices that lie on no input->output path (as the benchmark's
 * ModelSpec does); throws Nb101CellError when the result is not a valid NB101 cell.
 */
export function pruneNb101Cell(cell: Nb101Cell): PrunedNb101Cell {
    checkShape(cell);
    const n = cell.matrix.length;
    const fromInput = reachable(cell.matrix, 0, true);
    const toOutput = reachable(cell.matrix, n - 1, false);
    if (!fromInput.has(n - 1))
        throw new Nb101CellError('the output is not reachable from the input');
    const keep = [...Array(n).keys()].filter((v) => fromInput.has(v) && toOutput.has(v));
    const matrix = keep.map((i) => keep.map((j) => cell.matrix[i][j]));
    const edges = matrix.reduce((s, row) => s + row.reduce((a, v) => a + v, 0), 0);
    if (edges > NB101_MAX_EDGES)
        throw new Nb101CellError(
            `at most ${NB101_MAX_EDGES} edges, found ${edges}${keep.length < n ? ' after pruning' : ''}`,
        );
    return { matrix, ops: keep.map((v) => cell.ops[v]) as PrunedNb101Cell['ops'] };
}

/** NASLib's op indices in its NB101 tuples (nasbench101/conversions.py: input, output, maxpool, 1x1, 3x3). */
const NASLIB_NB101_OPS = ['input', 'output', 'maxpool3x3', 'conv1x1-bn-relu', 'conv3x3-bn-relu'];

/** Reads NASLib's 56-int NB101 encoding: the flattened 7x7 matrix, then 7 op indices. */
export function nb101CellFromNaslib(tuple: readonly number[]): Nb101Cell {
    const n = NB101_MAX_VERTICES;
    if (tuple.length !== n * n + n)
        throw new Nb101CellError(
            `a NASLib NB101 key has ${n * n + n} numbers, found ${tuple.length}`,
        );
    const matrix = [...Array(n).keys()].map((i) => tuple.slice(i * n, i * n + n));
    const ops = tuple.slice(n * n).map((k) => {
        const op = NASLIB_NB101_OPS[k];
        if (op === undefined) throw new Nb101CellError(`NASLib op index ${k} is not 0..4`);
        return op;
    });
    return { matrix, ops };
}

/** NASLib's 56-int encoding of a 7-vertex cell (the inverse of nb101CellFromNaslib). */
export function nb101CellToNaslib(cell: Nb101Cell): number[] {
    if (cell.matrix.length !== NB101_MAX_VERTICES)
        throw new Nb101CellError('NASLib encodes 7-vertex cells only');
    return [...cell.matrix.flat(), ...cell.ops.map((op) => NASLIB_NB101_OPS.indexOf(op))];
}

/** Canonical text of a cell (used as its name and search key): rows of the matrix, then ops. */
export function formatNb101Cell(cell: Nb101Cell): string {
    const short: Record<string, string> = {
        input: 'in',
        output: 'out',
        'conv3x3-bn-relu': 'c3',
        'conv1x1-bn-relu': 'c1',
        maxpool3x3: 'mp',
    };
    return `${cell.matrix.map((r) => r.join('')).join('/')}:${cell.ops.map((o) => short[o] ?? o).join(',')}`;
}
