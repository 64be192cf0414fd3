// NB101's canonical numbering: the same key for a relabelled (isomorphic) cell, different keys for
// different cells, and the canonical cell is the same network (same parameter count, same form).
import assert from 'node:assert/strict';
import test from 'node:test';
import { nb101Key, nb101Spec, sampleNb101 } from '../../../../src/core/search/nb101Genome';
import { modelCost } from '../../../../src/core/spaces/index';
import { canonicalNb101Cell } from '../../../../src/core/spaces/nb101Canonical';
import { NB101_DEFAULTS } from '../../../../src/core/spec/defaults';
import { NB101_OPS, formatNb101Cell, pruneNb101Cell } from '../../../../src/core/spec/nb101Cell';
import { Rng } from '../../../../src/core/util/rng';

// Two parallel branches: 1 = conv3x3 -> 2 = maxpool, and 3 = conv1x1 -> 4 = conv3x3, both into the output.
const CELL = {
    matrix: [
        [0, 1, 0, 1, 0, 0, 0],
        [0, 0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
    ],
    ops: [0, 2, 1, 0, 0], // conv3x3, maxpool, conv1x1, conv3x3, (vertex 5 is dangling)
};
// The same cell, branches swapped and numbered in interleaved order: 1 = conv1x1, 2 = conv3x3 (the
// maxpool branch's head), 3 = conv3x3, 4 = maxpool; the dangling vertex 5 now has another op.
const RELABELLED = {
    matrix: [
        [0, 1, 1, 0, 0, 0, 0],
        [0, 0, 0, 1, 0, 0, 0],
        [0, 0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
    ],
    ops: [1, 0, 0, 2, 1],
};
const genome = (c: typeof CELL) => ({ space: 'nb101' as const, ...c });

test('nb101KeyIsTheSameForARelabelledCellAndTheSearchBuildsOneNetworkForBoth', () => {
    const a = genome(CELL);
    const b = genome(RELABELLED);
    // The numbering differs, so the plain (pruned) texts differ ...
    const plain = (g: typeof a) =>
        formatNb101Cell(
            pruneNb101Cell({
                matrix: g.matrix,
                ops: ['input', ...g.ops.map((k) => NB101_OPS[k]), 'output'],
            }),
        );
    assert.notEqual(plain(a), plain(b));
    // ... but the key and the network the search builds are one.
    assert.equal(nb101Key(a), nb101Key(b));
    assert.deepEqual(nb101Spec(a), nb101Spec(b));
    // Swapping the two ops of one branch is another network, with another key.
    const other = genome({ ...CELL, ops: [2, 0, 1, 0, 0] });
    assert.notEqual(nb101Key(other), nb101Key(a));
});

/** A random renumbering of the interior vertices that keeps the matrix upper-triangular. */
function randomTopologicalRelabel(
    cell: ReturnType<typeof pruneNb101Cell>,
    rng: Rng,
): ReturnType<typeof pruneNb101Cell> {
    const n = cell.matrix.length;
    const left = Array.from({ length: n - 2 }, (_, i) => i + 1);
    const order: number[] = [];
    while (left.length > 0) {
        const ready = left.filter((v) => !left.some((u) => cell.matrix[u][v] === 1));
        const v = ready[rng.int(ready.length)];
        order.push(v);
        left.splice(left.indexOf(v), 1);
    }
    const old = [0, ...order, n - 1];
    return {
        matrix: old.map((i) => old.map((j) => cell.matrix[i][j])),
        ops: old.map((i) => cell.ops[i]),
    };
}

test('canonicalNb101CellIsInvariantToRenumberingAndKeepsTheNetwork', () => {
    const rng = new Rng(7);
    let renumbered = 0;
    for (let t = 0; t < 60; t++) {
        const g = sampleNb101(rng);
        const cell = pruneNb101Cell({
            matrix: g.matrix,
            ops: ['input', ...g.ops.map((k) => NB101_OPS[k]), 'output'],
        });
        const canonical = canonicalNb101Cell(cell);
        assert.equal(formatNb101Cell(canonicalNb101Cell(canonical)), formatNb101Cell(canonical));
        for (let r = 0; r < 3; r++) {
            const relabelled = randomTopologicalRelabel(cell, rng);
            if (formatNb101Cell(relabelled) !== formatNb101Cell(cell)) renumbered++;
            assert.deepEqual(canonicalNb101Cell(relabelled), canonical);
        }
        // Same edges and ops, so the same parameter count (60, 120, 240 channels split evenly 1..5 ways).
        const cost = (c: typeof cell) =>
            modelCost({ family: 'nb101', name: 'c', ...c, ...NB101_DEFAULTS, stemChannels: 60 })
                .params;
        assert.equal(cost(canonical), cost(cell));
    }
    assert.ok(renumbered > 20, `only ${renumbered} renumberings changed the text`);
});
