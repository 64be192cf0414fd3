// Recognises activation layers in a forward graph (docs/proxies.md): single activation ops by
// their ONNX op type, and activations that exporters spell out as x · f(x) in elementwise primitives
// (SiLU as Sigmoid·Mul, GELU's tanh form, Mish as x·tanh(softplus x), HardSwish as x·clip(x+3)/6).
// Every kind codes a unit as 1[pre-activation > 0]; the pre-activation is the op's input x.
import type { Graph, Node, Value } from '../ir/graph';

export type ActivationKind =
    | 'ReLU'
    | 'ReLU6/Clip'
    | 'LeakyReLU'
    | 'PReLU'
    | 'ELU'
    | 'SELU'
    | 'SiLU'
    | 'HardSwish'
    | 'Mish'
    | 'GELU'
    | 'Softplus'
    // Not activations: ViT sites counted only on request (ScoreOptions.vitActivations).
    | 'attention logits'
    | 'block output';

/** Why nwot, swap, Psi and lswag have no value for a network without activation layers. */
export const NO_ACTIVATION_LAYERS =
    'the network has no activation layers to take codes from (counted: ReLU, ReLU6/Clip, LeakyReLU, PReLU, ELU, SELU, SiLU/Swish, HardSwish, Mish, GELU, Softplus)';

/** Single ops that are activation layers, by ONNX op type (some arrive as other helpers add their import). */
const SINGLE_OPS: Readonly<Record<string, ActivationKind>> = {
    Relu: 'ReLU',
    Clip: 'ReLU6/Clip',
    LeakyRelu: 'LeakyReLU',
    PRelu: 'PReLU',
    Elu: 'ELU',
    Celu: 'ELU',
    Selu: 'SELU',
    HardSwish: 'HardSwish',
    Mish: 'Mish',
    Gelu: 'GELU',
    FastGelu: 'GELU',
    Softplus: 'Softplus',
};

/** Saturating functions that gate x in an x · f(x) pattern. */
const GATES = new Set(['Sigmoid', 'Tanh', 'Erf', 'HardSigmoid', 'Clip', 'Relu', 'Softplus']);

/** Elementwise ops a spelled-out activation may use besides its gate. */
const ARITHMETIC = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Neg', 'Exp', 'Log', 'Identity']);

/** Spelled-out patterns larger than this many nodes are not activations (GELU's tanh form has 9). */
const MAX_PATTERN_NODES = 12;

export interface FoundActivation {
    /** The node that produces the activation's output (the last node of a spelled-out pattern). */
    readonly node: Node;
    readonly preActivation: Value;
    readonly kind: ActivationKind;
}

interface Pattern {
    readonly x: Value;
    readonly nodes: Set<Node>;
    /** How many times the pattern reads x: x · f(x) reads it at least twice. */
    readonly reads: number;
}

function isConstant(graph: Graph, v: Value): boolean {
    return v.kind === 'constant' || graph.constantOf(v) !== undefined;
}

const isElementwise = (n: Node | undefined): n is Node =>
    n !== undefined && (ARITHMETIC.has(n.op) || GATES.has(n.op));

/**
 * The elementwise subgraph that computes `root` from `x` and constants alone (stopping at x), or
 * undefined when it reads another value or grows too large.
 */
function patternFrom(graph: Graph, root: Node, x: Value): Pattern | undefined {
    const nodes = new Set<Node>();
    let reads = 0;
    const visit = (node: Node): boolean => {
        if (nodes.has(node)) return true;
        nodes.add(node);
        if (nodes.size > MAX_PATTERN_NODES) return false;
        // Clip's and Pow's extra inputs are bounds and exponents: constants pass, other values fail.
        for (const v of node.inputs) {
            if (!v || isConstant(graph, v)) continue;
            if (v === x) reads++;
            else if (!isElementwise(graph.producer(v)) || !visit(graph.producer(v)!)) return false;
        }
        return true;
    };
    return visit(root) ? { x, nodes, reads } : undefined;
}

/** Values `root` reads through elementwise ops (nearest first): the candidates for its x. */
function candidatesOf(graph: Graph, root: Node): Value[] {
    const seen = new Set<Value>();
    const queue = [root];
    for (let k = 0; k < queue.length && queue.length <= MAX_PATTERN_NODES; k++) {
        for (const v of queue[k].inputs) {
            if (!v || isConstant(graph, v) || seen.has(v)) continue;
            seen.add(v);
            const producer = graph.producer(v);
            if (isElementwise(producer)) queue.push(producer);
        }
    }
    return [...seen];
}

/** The x · f(x) pattern rooted at `root`: the nearest x it reads at least twice through a gate. */
function patternOf(
    graph: Graph,
    root: Node,
): (Pattern & { readonly kind: ActivationKind }) | undefined {
    for (const x of candidatesOf(graph, root)) {
        const p = patternFrom(graph, root, x);
        const kind = p && p.reads >= 2 ? kindOf(new Set([...p.nodes].map((n) => n.op))) : undefined;
        if (p && kind) return { ...p, kind };
    }
    return undefined;
}

/** Which activation a spelled-out pattern computes, from the gates it uses. */
function kindOf(ops: Set<string>): ActivationKind | undefined {
    if (ops.has('Erf')) return 'GELU';
    if (ops.has('Tanh'))
        return ops.has('Softplus') || (ops.has('Exp') && ops.has('Log')) ? 'Mish' : 'GELU';
    if (ops.has('Sigmoid')) return 'SiLU';
    if (ops.has('HardSigmoid') || ops.has('Clip') || ops.has('Relu')) return 'HardSwish';
    return undefined;
}

function consumersOf(graph: Graph): Map<Value, Node[]> {
    const map = new Map<Value, Node[]>();
    for (const n of graph.nodes)
        for (const x of n.inputs) if (x) map.set(x, [...(map.get(x) ?? []), n]);
    return map;
}

/**
 * x · f(x) patterns: a Mul/Div root whose subgraph reads x at least twice and contains a gate, and
 * whose inner results nothing outside it reads. Only the largest pattern around a gate counts.
 */
function spelledOut(graph: Graph): Map<Node, FoundActivation & { readonly inner: Set<Node> }> {
    const consumers = consumersOf(graph);
    const found = new Map<Node, FoundActivation & { readonly inner: Set<Node> }>();
    for (const root of graph.nodes) {
        if (root.op !== 'Mul' && root.op !== 'Div') continue;
        const p = patternOf(graph, root);
        if (!p) continue;
        const leaks = [...p.nodes].some(
            (n) =>
                n !== root &&
                n.outputs.some((o) => (consumers.get(o) ?? []).some((c) => !p.nodes.has(c))),
        );
        if (leaks) continue;
        found.set(root, { node: root, preActivation: p.x, kind: p.kind, inner: p.nodes });
    }
    // Why: inside x·(0.5·(1 + tanh(c·(x + 0.044715·x³)))) the inner product reads x twice too;
    // only the outermost pattern is the activation.
    for (const [root, match] of [...found]) {
        for (const n of match.inner) if (n !== root) found.delete(n);
    }
    return found;
}

/** Activation layers in graph order, each with its kind and pre-activation. */
export function findActivations(graph: Graph): Map<Node, FoundActivation> {
    const patterns = spelledOut(graph);
    const inside = new Set([...patterns.values()].flatMap((m) => [...m.inner]));
    const out = new Map<Node, FoundActivation>();
    for (const node of graph.nodes) {
        const pattern = patterns.get(node);
        if (pattern)
            out.set(node, { node, preActivation: pattern.preActivation, kind: pattern.kind });
        else if (!inside.has(node) && SINGLE_OPS[node.op] && node.inputs[0]) {
            out.set(node, { node, preActivation: node.inputs[0], kind: SINGLE_OPS[node.op] });
        }
    }
    return out;
}

/** How many activation layers of each kind, for reporting which kinds a result counted. */
export function countKinds(
    found: Iterable<{ readonly kind: ActivationKind }>,
): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { kind } of found) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
}
