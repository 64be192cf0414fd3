// The gated DARTS supernet of the pruning search: every op on every edge of both cell kinds, each
// op's output multiplied by a gate (a scalar graph input, one per cell kind, edge and op, shared by
// the cells of that kind). Why: the 780 candidates of a pruning run differ only in which ops are
// left, so with gates 0 (removed) or 1 (kept) they are one ONNX model, one session, and a candidate
// is one run with other gate values. The build notes which nodes and parameters each gate's op
// added, so scoring can drop them from every per-layer quantity (core/proxies/gatedSupernet.ts).
import type { Node, Value } from '../ir/graph';
import { DARTS_NODES, DARTS_OPS } from '../spec/dartsGenotype';
import type { DartsSupernetSpec } from '../spec/spec';
import type { BuildOptions, BuiltModel } from './built';
import { type CellBody, buildDartsMacro } from './darts';
import type { OpCtx } from './layers';
import { SUPERNET_EDGES, checkSupernet, supernetCell } from './dartsSupernet';

export type CellKind = 'normal' | 'reduce';
export const CELL_KINDS: readonly CellKind[] = ['normal', 'reduce'];

/** One gate: the op `op` on edge `edge` of every cell of kind `cell`. */
export interface Gate {
    readonly cell: CellKind;
    readonly edge: number;
    readonly op: number;
    /** The [1] graph input that multiplies the op's output. */
    readonly input: Value;
    /** Nodes the op added in any cell of its kind (not the gate's own Mul). */
    readonly nodes: Set<Node>;
    /** Parameters the op added in any cell of its kind. */
    readonly params: Value[];
}

export interface GatedSupernet extends BuiltModel {
    /** Gates in a fixed order: normal then reduce, edge by edge, op by op. */
    readonly gates: readonly Gate[];
}

/** The shape of a supernet without its op sets (what the gated model is built for). */
export type SupernetShape = Pick<
    DartsSupernetSpec,
    'channels' | 'layers' | 'imageSize' | 'classes'
>;

/** Index of gate (cell, edge, op) in GatedSupernet.gates. */
export const gateIndex = (cell: CellKind, edge: number, op: number): number =>
    ((cell === 'normal' ? 0 : 1) * SUPERNET_EDGES.length + edge) * DARTS_OPS.length + op;

export const gateName = (cell: CellKind, edge: number, op: number): string =>
    `gate.${cell}.${edge}.${op}`;

/** Gate values (1 kept, 0 removed) for the op sets of a supernet spec, in GatedSupernet.gates order. */
export function gateValues(spec: Pick<DartsSupernetSpec, 'normal' | 'reduce'>): number[] {
    const values: number[] = [];
    for (const cell of CELL_KINDS)
        SUPERNET_EDGES.forEach((_, edge) =>
            DARTS_OPS.forEach((_, op) => values.push(spec[cell][edge].includes(op) ? 1 : 0)),
        );
    return values;
}

export function buildGatedSupernet(shape: SupernetShape, opts: BuildOptions): GatedSupernet {
    const all = SUPERNET_EDGES.map(() => DARTS_OPS.map((_, k) => k));
    checkSupernet({ family: 'darts-supernet', name: 'gated', normal: all, reduce: all, ...shape });
    const gates: Gate[] = [];
    const gateOf = new Map<number, Gate>();
    const gateFor = (c: OpCtx, cell: CellKind, edge: number, op: number): Gate => {
        const index = gateIndex(cell, edge, op);
        let gate = gateOf.get(index);
        if (!gate) {
            const input = c.b.input(gateName(cell, edge, op), 'float32', [1]);
            gate = { cell, edge, op, input, nodes: new Set(), params: [] };
            gateOf.set(index, gate);
        }
        return gate;
    };
    const cellBody = (cell: CellKind): CellBody =>
        supernetCell(all, {
            build: (c, edge, op, build) => {
                const gate = gateFor(c, cell, edge, op);
                const [nodesBefore, paramsBefore] = [
                    c.b.graph.nodes.length,
                    c.b.graph.params.length,
                ];
                const out = build();
                for (const n of c.b.graph.nodes.slice(nodesBefore)) gate.nodes.add(n);
                for (const p of c.b.graph.params.slice(paramsBefore)) gate.params.push(p.value);
                return out;
            },
            term: (c, edge, op, value) => c.b.mul(value, gateFor(c, cell, edge, op).input),
        });
    const normal = cellBody('normal');
    const reduce = cellBody('reduce');
    const built = buildDartsMacro(
        { ...shape, multiplier: () => DARTS_NODES },
        (c, states, reduction, name) => (reduction ? reduce : normal)(c, states, reduction, name),
        opts,
    );
    for (let i = 0; i < 2 * SUPERNET_EDGES.length * DARTS_OPS.length; i++) {
        const gate = gateOf.get(i);
        if (!gate) throw new Error(`gated supernet: gate ${i} was never built`);
        gates.push(gate);
    }
    return { ...built, gates };
}
