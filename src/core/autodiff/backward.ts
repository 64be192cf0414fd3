// Reverse-mode autodiff at graph-build time: walks the forward nodes backwards and appends the
// gradient nodes (plain ONNX ops) to the same graph. Owns accumulation, unbroadcasting, symbolic
// zeros and batch-group bookkeeping; the per-op formulas live in rules/.
import type { GraphBuilder } from '../ir/builder';
import type { Node, Value } from '../ir/graph';
import { formatShape, isFloat, shapeEquals } from '../ir/tensor';
import {
    type AnyGradRule,
    type GradRuleTable,
    type MultiOutputGradContext,
    NoGradRuleError,
} from './gradRule';
import { gradRules } from './rules/index';
import { unbroadcast } from './unbroadcast';

export interface BackwardOptions {
    /** Values to differentiate with respect to: parameters, inputs or intermediate activations. */
    readonly wrt: readonly Value[];
    /** Parameters whose gradient is wanted per batch group ([G, ...shape]) rather than summed. */
    readonly groups?: ReadonlyMap<Value, number>;
    /** Cotangent of `target`; defaults to 1 (target must then be a scalar). */
    readonly seed?: Value;
    /** Values treated as constants: no cotangent flows through them into what produced them. */
    readonly stopGradients?: ReadonlySet<Value>;
    /**
     * The gradient graph will itself be differentiated (grasp's H g): rules pick forms whose own
     * gradients are cheap where the first-order-fastest form has an expensive adjoint.
     */
    readonly differentiatedAgain?: boolean;
    /** The rule table; tests substitute a broken rule to prove the checks catch it. */
    readonly rules?: GradRuleTable;
}

/** Ops through which a grouped cotangent passes unchanged apart from its shape. */
const GROUP_TRANSPARENT = new Set([
    'Identity',
    'Transpose',
    'Reshape',
    'Flatten',
    'Squeeze',
    'Unsqueeze',
]);

/**
 * Appends d target / d v for every v in `opts.wrt` and returns them (null where target does not
 * depend on v). Gradient values are ordinary graph values; mark them as outputs to fetch them.
 */
export function backward(
    b: GraphBuilder,
    target: Value,
    opts: BackwardOptions,
): Map<Value, Value | null> {
    const nodes = b.graph.nodes.slice(); // Why: rules append nodes; walk only the forward part.
    const dependsOnWrt = forwardReach(nodes, opts.wrt);
    const groupOf = groupPropagation(nodes, opts.groups ?? new Map());
    const contributions = new Map<Value, Value[]>();
    const seed = opts.seed ?? seedFor(b, target);
    contributions.set(target, [seed]);

    for (let k = nodes.length - 1; k >= 0; k--) {
        const node = nodes[k];
        if (!node.outputs.some((o) => contributions.has(o))) continue;
        if (opts.stopGradients && node.outputs.every((o) => opts.stopGradients!.has(o))) continue;
        const wants = node.inputs.map((x) => x !== null && isFloat(x.dtype) && dependsOnWrt.has(x));
        if (!wants.some(Boolean)) continue;
        const table: GradRuleTable = opts.rules ?? gradRules;
        const rule = table[node.op];
        if (!rule) throw new NoGradRuleError(node.op, node.name);
        const context = {
            node,
            x: node.inputs,
            y: node.outputs,
            attrs: node.attrs,
            wants,
            groups: (i: number) => (node.inputs[i] ? (groupOf.get(node.inputs[i]!) ?? 1) : 1),
            differentiatedAgain: opts.differentiatedAgain ?? false,
        };
        const grads = applyRule(
            rule,
            context,
            node.outputs.map((o) => total(b, contributions.get(o))),
            b,
        );
        if (!grads) continue;
        node.inputs.forEach((x, i) => {
            const gi = grads[i];
            if (!x || !wants[i] || !gi) return;
            const fitted = fitToInput(b, node, gi, x, context.groups(i));
            const list = contributions.get(x) ?? [];
            list.push(fitted);
            contributions.set(x, list);
        });
    }
    return new Map(opts.wrt.map((w) => [w, total(b, contributions.get(w))]));
}

/**
 * Calls a rule with the cotangents of the node's outputs. A single-output rule gets its first
 * output's cotangent as a plain value; null (no call) when that one is a symbolic zero.
 */
function applyRule(
    rule: AnyGradRule,
    context: Omit<MultiOutputGradContext, 'g'>,
    cotangents: readonly (Value | null)[],
    b: GraphBuilder,
): (Value | null)[] | null {
    if (typeof rule !== 'function') return rule.multiOutput({ ...context, g: cotangents }, b);
    const other = cotangents.findIndex((g, k) => k > 0 && g !== null);
    if (other > 0) {
        const { node } = context;
        throw new NoGradRuleError(
            node.op,
            node.name,
            `has no gradient through its output ${other} ('${node.outputs[other].name}')`,
        );
    }
    const g = cotangents[0];
    return g ? rule({ ...context, g }, b) : null;
}

function seedFor(b: GraphBuilder, target: Value): Value {
    if (target.shape.length !== 0) {
        throw new Error(
            `backward: target ${formatShape(target.shape)} is not a scalar; pass a seed`,
        );
    }
    return b.scalar(1, target);
}

function total(b: GraphBuilder, list: Value[] | undefined): Value | null {
    if (!list || list.length === 0) return null;
    return list.reduce((acc, v) => b.add(acc, v));
}

/** Brings a rule's cotangent to the input's shape (or [G, ...shape] for grouped inputs). */
function fitToInput(b: GraphBuilder, node: Node, g: Value, x: Value, groups: number): Value {
    if (groups === 1) return unbroadcast(b, g, x.shape);
    const expected = [groups, ...x.shape];
    if (!shapeEquals(g.shape, expected)) {
        throw new NoGradRuleError(
            node.op,
            node.name,
            `cannot give per-group gradients for '${x.name}' (got ${formatShape(g.shape)}, want ${formatShape(expected)})`,
        );
    }
    return g;
}

/** The values that depend on any of `wrt` (only these need cotangents). */
function forwardReach(nodes: readonly Node[], wrt: readonly Value[]): Set<Value> {
    const reach = new Set(wrt);
    for (const n of nodes) {
        // Why float inputs only: no gradient flows through integer or boolean values (masks, shapes).
        if (n.inputs.some((x) => x && isFloat(x.dtype) && reach.has(x)))
            for (const o of n.outputs) reach.add(o);
    }
    return reach;
}

/** Grouped parameters keep their group count through shape-only ops (e.g. Transpose(W) -> MatMul). */
function groupPropagation(
    nodes: readonly Node[],
    groups: ReadonlyMap<Value, number>,
): Map<Value, number> {
    const out = new Map(groups);
    for (const n of nodes) {
        const src = n.inputs[0];
        if (src && GROUP_TRANSPARENT.has(n.op) && out.has(src))
            out.set(n.outputs[0], out.get(src)!);
    }
    return out;
}
