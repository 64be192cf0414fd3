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
 * How the gated supernet (dartsSupernetGates.ts) joins in: `build` wraps the building of one op (to
 * note the nodes and parameters it adds), `term` turns an op's output into its term of the node's
 * sum (times its gate). Why terms after all ops of the node: the rebuilt graph's first consumer
 * after the ops is the sum, so the gated graph keeps every value's consumers in the same order,
 * and autodiff adds their gradient contributions up in the same order (same float32 rounding).
 */
export interface SupernetHooks {
    readonly build?: (c: OpCtx, edge: number, op: number, build: () => Value) => Value;
    readonly term?: (c: OpCtx, edge: number, op: number, value: Value) => Value;
}

/** The cell body of a supernet with `ops` per edge (the same sets in every cell of a kind). */
export function supernetCell(
    ops: readonly (readonly number[])[],
    hooks: SupernetHooks = {},
): CellBody {
    return (c, inputs, reduction, name) => {
        const states: Value[] = [...inputs];
        for (let node = 0; node < DARTS_NODES; node++) {
            const built: { edge: number; op: number; value: Value }[] = [];
            SUPERNET_EDGES.forEach((e, i) => {
                if (e.node !== node) return;
                for (const k of ops[i]) {
                    const stride = reduction && e.from < 2 ? 2 : 1;
                    const op = () =>
                        dartsOp(c, states[e.from], DARTS_OPS[k], stride, `${name}.edges.${i}.${k}`);
                    built.push({
                        edge: i,
                        op: k,
                        value: hooks.build ? hooks.build(c, i, k, op) : op(),
                    });
                }
            });
            const terms = built.map((t) =>
                hooks.term ? hooks.term(c, t.edge, t.op, t.value) : t.value,
            );
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
