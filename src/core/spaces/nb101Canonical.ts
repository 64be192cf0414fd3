// A canonical form of NAS-Bench-101 cells, invariant to how the interior vertices are numbered: two
// cells that are the same labelled DAG (isomorphic, ops included) get the same form, so a search keys
// them as one network. NAS-Bench-101 itself dedups with an iterated neighbourhood hash; here, with at
// most 5 interior vertices, every numbering can simply be tried (<= 120) and the smallest text kept,
// which is exact (no hash collisions) and stays a readable, buildable cell.
//
// Note: the benchmark treats isomorphic cells as one model, and so do we, although the builder splits
// the output's channels unevenly by vertex number when they do not divide (e.g. 43/43/42 of 128).
import { type PrunedNb101Cell, formatNb101Cell, pruneNb101Cell } from '../spec/nb101Cell';
import type { Nb101Spec } from '../spec/spec';

/** Orders of the interior vertices 1..n-2 in which every edge goes from an earlier to a later one. */
function topologicalOrders(matrix: PrunedNb101Cell['matrix']): number[][] {
    const n = matrix.length;
    const orders: number[][] = [];
    const extend = (order: number[], left: number[]) => {
        if (left.length === 0) {
            orders.push(order);
            return;
        }
        for (const v of left) {
            // Why: v may come next only when none of the vertices still left feeds it.
            if (left.some((u) => u !== v && matrix[u][v] === 1)) continue;
            extend(
                [...order, v],
                left.filter((u) => u !== v),
            );
        }
    };
    extend(
        [],
        Array.from({ length: n - 2 }, (_, i) => i + 1),
    );
    return orders;
}

/** The cell renumbered so that interior vertex `order[k]` becomes vertex k + 1. */
function renumber(cell: PrunedNb101Cell, order: readonly number[]): PrunedNb101Cell {
    const n = cell.matrix.length;
    const old = [0, ...order, n - 1];
    return {
        matrix: old.map((i) => old.map((j) => cell.matrix[i][j])),
        ops: old.map((i) => cell.ops[i]),
    };
}

/**
 * The numbering of a pruned cell with the smallest text (formatNb101Cell) among all numberings that
 * keep the matrix upper-triangular. Equal for isomorphic cells; itself a valid pruned cell.
 */
export function canonicalNb101Cell(cell: PrunedNb101Cell): PrunedNb101Cell {
    let best = cell;
    let bestText = formatNb101Cell(cell);
    for (const order of topologicalOrders(cell.matrix)) {
        const candidate = renumber(cell, order);
        const text = formatNb101Cell(candidate);
        if (text < bestText) {
            best = candidate;
            bestText = text;
        }
    }
    return best;
}

/**
 * What makes two NB101 specs one network: the canonical pruned cell and the skeleton's settings
 * (names, sources and accuracies aside); undefined for an invalid cell (scoring reports it).
 */
export function nb101NetworkKey(spec: Nb101Spec): string | undefined {
    let cell: PrunedNb101Cell;
    try {
        cell = canonicalNb101Cell(pruneNb101Cell(spec));
    } catch {
        return undefined;
    }
    const { classes, imageSize, stemChannels, stacks, cellsPerStack } = spec;
    return JSON.stringify([
        formatNb101Cell(cell),
        classes,
        imageSize,
        stemChannels,
        stacks,
        cellsPerStack,
    ]);
}
