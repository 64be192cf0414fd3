// The DARTS supernet the pruning search scores (TE-NAS, Chen et al. 2021): every intermediate node
// reads every earlier state (2 + 3 + 4 + 5 = 14 edges per cell), and each edge carries a set of ops
// whose outputs are summed (the mixed op with equal weights). Pruning empties these sets op by op.
// The macro skeleton is DARTS' evaluation network (darts.ts); no norm is added after the pools.
import type { Value } from '../ir/graph';
import { DARTS_NODES, DARTS_OPS } from '../spec/dartsGenotype';
import type { DartsSupernetSpec } from '../spec/spec';
import type { BuildOptions, BuiltModel } from './built';
import { type CellBody, DartsShapeError, buildDartsMacro } from './darts';
import { dartsOp } from './dartsOps';
import type { OpCtx } from './layers';

/** Edges of one cell, node by node: node k (0-based) reads states 0..k+1. */
export const SUPERNET_EDGES: readonly { readonly node: number; readonly from: number }[] =
    Array.from({ length: DARTS_NODES }, (_, node) =>
        Array.from({ length: node + 2 }, (_, from) => ({ node, from })),
    ).flat();

/**
 * Builds one op of an edge; the gated supernet (dartsSupernetGates.ts) wraps it to multiply the
 * op's output by its gate and to note which nodes and parameters the op added.
 */
export type EdgeOpBuilder = (
    c: OpCtx,
    edge: number,
    op: number,
    reduction: boolean,
    build: () => Value,
) => Value;

const plainOp: EdgeOpBuilder = (_c, _edge, _op, _reduction, build) => build();

/** The cell body of a supernet with `ops` per edge (the same sets in every cell of a kind). */
export function supernetCell(
    ops: readonly (readonly number[])[],
    buildOp: EdgeOpBuilder = plainOp,
): CellBody {
    return (c, inputs, reduction, name) => {
        const states: Value[] = [...inputs];
        for (let node = 0; node < DARTS_NODES; node++) {
            const terms: Value[] = [];
            SUPERNET_EDGES.forEach((e, i) => {
                if (e.node !== node) return;
                for (const k of ops[i]) {
                    const stride = reduction && e.from < 2 ? 2 : 1;
                    terms.push(
                        buildOp(c, i, k, reduction, () =>
                            dartsOp(
                                c,
                                states[e.from],
                                DARTS_OPS[k],
                                stride,
                                `${name}.edges.${i}.${k}`,
                            ),
                        ),
                    );
                }
            });
            if (terms.length === 0)
                throw new DartsShapeError(`${name}: node ${node + 2} has no op on any input edge`);
            states.push(terms.reduce((acc, t) => c.b.add(acc, t)));
        }
        return c.b.concat(states.slice(2), 1);
    };
}

export function checkSupernet(spec: DartsSupernetSpec): void {
    for (const [kind, cell] of [
        ['normal', spec.normal],
        ['reduce', spec.reduce],
    ] as const) {
        if (cell.length !== SUPERNET_EDGES.length)
            throw new DartsShapeError(
                `${kind}: a supernet cell has ${SUPERNET_EDGES.length} edges, found ${cell.length}`,
            );
        cell.forEach((ops, i) => {
            if (
                !ops.every((k) => Number.isInteger(k) && k >= 0 && k < DARTS_OPS.length) ||
                new Set(ops).size !== ops.length
            )
                throw new DartsShapeError(
                    `${kind} edge ${i}: ops must be distinct indices 0..${DARTS_OPS.length - 1}`,
                );
        });
    }
    if (spec.channels % 2 !== 0 || spec.imageSize % 4 !== 0)
        throw new DartsShapeError('channels must be even and the image size a multiple of 4');
}

export function buildDartsSupernet(spec: DartsSupernetSpec, opts: BuildOptions): BuiltModel {
    checkSupernet(spec);
    const normal = supernetCell(spec.normal);
    const reduce = supernetCell(spec.reduce);
    return buildDartsMacro(
        { ...spec, multiplier: () => DARTS_NODES },
        (c, states, reduction, name) => (reduction ? reduce : normal)(c, states, reduction, name),
        opts,
    );
}
