// The contract between the backward walker and the per-op gradient (VJP) rules.
import type { Attrs } from '../ir/attrs';
import type { GraphBuilder } from '../ir/builder';
import type { Node, Value } from '../ir/graph';

export interface GradContext {
    readonly node: Node;
    /** Forward inputs (null for omitted optional inputs). */
    readonly x: readonly (Value | null)[];
    /** Forward outputs. */
    readonly y: readonly Value[];
    /** Cotangents of the outputs; null is a symbolic zero. */
    readonly g: readonly (Value | null)[];
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

/** Returns one cotangent per forward input; null means "no gradient" (or not wanted). */
export type GradRule = (ctx: GradContext, b: GraphBuilder) => (Value | null)[];

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
