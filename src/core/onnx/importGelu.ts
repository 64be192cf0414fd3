// Finds exact-GELU subgraphs that exporters spell out in primitives, to import each as one Gelu.
// Invariant: a match covers nodes whose intermediate results nothing else reads.
import type { NodeProto } from './proto';

/** One exact GELU spelled x * 0.5 * (1 + erf(x / sqrt 2)) in any association order. */
export interface GeluMatch {
    /** The GELU's input tensor name. */
    readonly x: string;
    /** The tensor the last node of the pattern produces. */
    readonly output: string;
    /** Indices of every node in the pattern; `last` is where the Gelu is emitted. */
    readonly nodes: readonly number[];
    readonly last: number;
}

const TOLERANCE = 1e-6;
const near = (v: number | undefined, target: number) =>
    v !== undefined && Math.abs(v - target) <= TOLERANCE;
const isDefaultDomain = (n: NodeProto) => n.domain === '' || n.domain === 'ai.onnx';

export interface GraphIndex {
    readonly nodes: readonly NodeProto[];
    /** The value of a one-element float constant (Constant node or initialiser), else undefined. */
    scalarOf(name: string): number | undefined;
    /** How many node inputs and graph outputs read `name`. */
    readers(name: string): number;
    /** Indices of the nodes that read `name`. */
    consumers(name: string): readonly number[];
    producer(name: string): number | undefined;
}

/** The other operand of a binary node, given one operand's name, or undefined. */
function other(n: NodeProto, name: string): string | undefined {
    if (n.input.length !== 2) return undefined;
    if (n.input[0] === name) return n.input[1];
    if (n.input[1] === name) return n.input[0];
    return undefined;
}

/** The single node that reads `name`, when exactly one node (and no graph output) reads it. */
function soleConsumer(g: GraphIndex, name: string, op: string): number | undefined {
    const cs = g.consumers(name);
    if (
        cs.length !== 1 ||
        g.readers(name) !== 1 ||
        g.nodes[cs[0]].opType !== op ||
        !isDefaultDomain(g.nodes[cs[0]])
    ) {
        return undefined;
    }
    return cs[0];
}

/** x for u = x / sqrt(2) or u = x * (1 / sqrt(2)); undefined otherwise. */
function scaledInput(g: GraphIndex, u: string): { x: string; node: number } | undefined {
    const p = g.producer(u);
    if (p === undefined || !isDefaultDomain(g.nodes[p])) return undefined;
    const n = g.nodes[p];
    if (n.opType === 'Div' && n.input.length === 2 && near(g.scalarOf(n.input[1]), Math.SQRT2)) {
        return { x: n.input[0], node: p };
    }
    if (n.opType === 'Mul' && n.input.length === 2) {
        for (const [a, c] of [n.input, [...n.input].reverse()]) {
            if (near(g.scalarOf(c), Math.SQRT1_2)) return { x: a, node: p };
        }
    }
    return undefined;
}

function matchAt(g: GraphIndex, erfIndex: number): GeluMatch | undefined {
    const erf = g.nodes[erfIndex];
    const u = erf.input[0];
    const scaled = scaledInput(g, u);
    if (!scaled || g.readers(u) !== 1) return undefined;
    const { x } = scaled;
    const nodes = [scaled.node, erfIndex];

    const addIndex = soleConsumer(g, erf.output[0], 'Add');
    if (addIndex === undefined) return undefined;
    const add = g.nodes[addIndex];
    if (!near(g.scalarOf(other(add, erf.output[0]) ?? ''), 1)) return undefined;
    nodes.push(addIndex);

    // Multiply the (1 + erf) term by x and by 0.5, in either order or as one factor x * 0.5.
    let current = add.output[0];
    let hasX = false;
    let hasHalf = false;
    while (!(hasX && hasHalf)) {
        const mulIndex = soleConsumer(g, current, 'Mul');
        if (mulIndex === undefined) return undefined;
        const mul = g.nodes[mulIndex];
        const factor = other(mul, current);
        if (factor === undefined) return undefined;
        if (!hasX && factor === x) hasX = true;
        else if (!hasHalf && near(g.scalarOf(factor), 0.5)) hasHalf = true;
        else if (!hasX && !hasHalf && isHalfX(g, factor, x)) {
            nodes.push(g.producer(factor)!);
            hasX = hasHalf = true;
        } else return undefined;
        nodes.push(mulIndex);
        current = mul.output[0];
    }
    const last = nodes[nodes.length - 1];
    return { x, output: current, nodes: [...nodes].sort((a, b) => a - b), last };
}

/** True when `name` is x * 0.5 (or 0.5 * x) read only by the pattern. */
function isHalfX(g: GraphIndex, name: string, x: string): boolean {
    const p = g.producer(name);
    if (p === undefined || g.readers(name) !== 1) return false;
    const n = g.nodes[p];
    if (n.opType !== 'Mul' || !isDefaultDomain(n)) return false;
    const c = other(n, x);
    return c !== undefined && near(g.scalarOf(c), 0.5);
}

/** Every non-overlapping exact-GELU pattern in the graph. */
export function findGelus(g: GraphIndex): GeluMatch[] {
    const used = new Set<number>();
    const matches: GeluMatch[] = [];
    g.nodes.forEach((n, i) => {
        if (n.opType !== 'Erf' || !isDefaultDomain(n) || n.input.length !== 1) return;
        const m = matchAt(g, i);
        if (!m || m.nodes.some((k) => used.has(k))) return;
        m.nodes.forEach((k) => used.add(k));
        matches.push(m);
    });
    return matches;
}
