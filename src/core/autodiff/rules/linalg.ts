// Gradient rules of matrix products. Weight operands can be asked for per-group gradients.
import { getFloat, getInt } from '../../ir/attrs';
import type { GraphBuilder } from '../../ir/builder';
import type { Value } from '../../ir/graph';
import type { GradRule } from '../gradRule';

/**
 * Σ over the rows of each batch group of aᵀ g: a [M.., K] and g [M.., N] (leading axes are rows,
 * sample-major) give [G, K, N]. This is how one run yields per-micro-batch weight gradients.
 */
export function groupedOuter(b: GraphBuilder, a: Value, g: Value, groups: number): Value {
    const k = a.shape[a.shape.length - 1];
    const n = g.shape[g.shape.length - 1];
    const a3 = b.reshape(a, [groups, -1, k]);
    const g3 = b.reshape(g, [groups, -1, n]);
    return b.matMul(b.swapLastTwo(a3), g3);
}

/**
 * Y = A B (numpy semantics): dA = g Bᵀ, dB = Aᵀ g; 1-D operands act as a row / column vector.
 * Batch axes are summed by the walker's unbroadcast, except where the product flattens to one
 * Gemm (flatGemm).
 */
export const matMul: GradRule = ({ g, x: [a, w], wants, groups, node }, b) => {
    if (groups(0) > 1)
        throw new Error(`MatMul '${node.name}': per-group gradients only for the second operand`);
    const a2 = a!.shape.length === 1 ? b.unsqueeze(a!, [0]) : a!;
    const w2 = w!.shape.length === 1 ? b.unsqueeze(w!, [1]) : w!;
    let g2 = g;
    if (a!.shape.length === 1) g2 = b.unsqueeze(g2, [g2.shape.length - 1]);
    if (w!.shape.length === 1) g2 = b.unsqueeze(g2, [g2.shape.length]);
    const flat = flatGemm(a2, w2);
    let da = !wants[0]
        ? null
        : flat
          ? flat.product(b, g2, w2, 0, 1, a2.shape)
          : b.matMul(g2, b.swapLastTwo(w2));
    let dw: Value | null = null;
    if (wants[1] && groups(1) > 1) {
        if (w!.shape.length !== 2)
            throw new Error(`MatMul '${node.name}': per-group gradients need a 2-D weight`);
        dw = groupedOuter(b, a2, g2, groups(1));
    } else if (wants[1]) {
        dw = flat ? flat.product(b, a2, g2, 1, 0, w2.shape) : b.matMul(b.swapLastTwo(a2), g2);
    }
    if (da && a!.shape.length === 1) da = b.squeeze(da, [da.shape.length - 2]);
    if (dw && w!.shape.length === 1) dw = b.squeeze(dw, [dw.shape.length - 1]);
    return [da, dw];
};

/**
 * When A B is one matrix product in disguise -- B 2-D (A's leading axes are just more rows), or
 * both 3-D with a batch of 1 -- each cotangent is one Gemm of the flattened operands, whose
 * transA/transB flags replace a transposed copy and whose sum over rows replaces a batched product
 * plus a reduction. Why: grasp's double backward transposed the unfolded conv input ([C·K, N·P],
 * 37 MB for an NB201 stage-1 conv) this way ~20 times per run. Undefined otherwise.
 */
function flatGemm(a: Value, w: Value) {
    const batchOfOne =
        a.shape.length === 3 && w.shape.length === 3 && a.shape[0] === 1 && w.shape[0] === 1;
    if (w.shape.length !== 2 && !batchOfOne) return undefined;
    const matrix = (b: GraphBuilder, v: Value) =>
        v.shape.length === 2 ? v : b.reshape(v, [-1, v.shape[v.shape.length - 1]]);
    return {
        /** op(x) op(y) of the flattened operands, reshaped to `shape` (the operand it is the cotangent of). */
        product(
            b: GraphBuilder,
            x: Value,
            y: Value,
            transX: number,
            transY: number,
            shape: readonly number[],
        ): Value {
            const out = b.gemm(matrix(b, x), matrix(b, y), null, transX, transY);
            return out.shape.length === shape.length ? out : b.reshape(out, shape);
        },
    };
}

/**
 * Y = α A' B' + β C with A' = transA ? Aᵀ : A, B' = transB ? Bᵀ : B:
 * dA' = α g B'ᵀ, dB' = α A'ᵀ g, dC = β g (unbroadcast by the walker).
 */
export const gemm: GradRule = ({ g, x: [a, w, c], attrs, wants, groups, node }, b) => {
    const alpha = getFloat(attrs, 'alpha', 1);
    const beta = getFloat(attrs, 'beta', 1);
    const tA = getInt(attrs, 'transA', 0);
    const tB = getInt(attrs, 'transB', 0);
    const scale = (v: Value, s: number) => (s === 1 ? v : b.mulScalar(v, s));
    if (groups(0) > 1)
        throw new Error(`Gemm '${node.name}': per-group gradients only for operand B`);
    const da = wants[0]
        ? scale(tA ? b.gemm(w!, g, null, tB, 1) : b.gemm(g, w!, null, 0, tB ? 0 : 1), alpha)
        : null;
    let dw: Value | null = null;
    if (wants[1] && groups(1) > 1) {
        const rowsA = tA ? b.transpose(a!, [1, 0]) : a!;
        const outer = groupedOuter(b, rowsA, g, groups(1)); // [G, K, N] = dB' per group
        dw = scale(tB ? b.transpose(outer, [0, 2, 1]) : outer, alpha);
    } else if (wants[1]) {
        dw = scale(tB ? b.gemm(g, a!, null, 1, tA) : b.gemm(a!, g, null, tA ? 0 : 1, 0), alpha);
    }
    const dc = c && wants[2] ? scale(g, beta) : null;
    return [da, dw, dc];
};
