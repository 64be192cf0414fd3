// The contract between the backward walker and the per-op gradient (VJP) rules.
import type { Attrs } from '../ir/attrs';
import type { GraphBuilder } from '../ir/builder';
import type { Node, Value } from '../ir/graph';

/** What every rule sees of the forward node. */
interface NodeContext {
    readonly node: Node;
    /** Forward inputs (null for omitted optional inputs). */
    readonly x: readonly (Value | null)[];
    /** Forward outputs. */
    readonly y: readonly Value[];
    readonly attrs: Attrs;
    /** Whether input i needs a cotangent; rules may skip the rest. */
    readonly wants: readonly boolean[];
    /**
     * Batch groups G for input i: G > 1 asks for a cotangent of shape [G, ...x[i].shape] whose
     * slice k is the gradient from batch rows k*B/G .. (k+1)*B/G - 1 alone. Only weight operands
     * of Conv, Gemm and MatMul (and Transpose/Reshape/Identity applied to them) support it.
     */
    readonly groups: (i: number) => number;
    /** The cotangents will be differentiated again (BackwardOptions.differentiatedAgain). */
    readonly differentiatedAgain: boolean;
}

export interface GradContext extends NodeContext {
    /**
     * Cotangent of the first output. Never a symbolic zero: the walker skips the node when it is
     * one, and refuses a cotangent on any other output (those carry no gradient here).
     */
    readonly g: Value;
}

export interface MultiOutputGradContext extends NodeContext {
    /** Cotangents of every output; null is a symbolic zero. */
    readonly g: readonly (Value | null)[];
}

/**
 * The rule of an op whose gradient flows from its first output only (every op but a few). Returns
 * one cotangent per forward input; null means "no gradient" (or not wanted).
 */
export type GradRule = (ctx: GradContext, b: GraphBuilder) => (Value | null)[];

/** The rule of an op whose other outputs carry gradient too (Split, BatchNormTraining). */
export interface MultiOutputGradRule {
    readonly multiOutput: (ctx: MultiOutputGradContext, b: GraphBuilder) => (Value | null)[];
}

export type AnyGradRule = GradRule | MultiOutputGradRule;

/** A rule table keyed by op; backward() takes one to substitute rules in tests. */
export type GradRuleTable = Readonly<Partial<Record<string, AnyGradRule>>>;

export class NoGradRuleError extends Error {
    constructor(
        readonly op: string,
        readonly nodeName: string,
        detail = 'has no gradient rule',
    ) {
        super(`op '${op}' (node '${nodeName}') ${detail}`);
    }
}

/** For ops whose outputs do not depend differentiably on their inputs (shapes, comparisons). */
export const notDifferentiable: GradRule = ({ x }) => x.map(() => null);
