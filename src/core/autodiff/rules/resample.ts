// Gradient rules of ops that copy or interpolate elements: Resize and Tile.
import { interpolationMatrix, resizePlan, resizedAxes } from '../../ir/ops/resample';
import { tensor } from '../../ir/tensor';
import { type GradRule, NoGradRuleError } from '../gradRule';
import { opContext } from './shape';

/**
 * Resize is linear in X and separable: y = M_h x M_w^T over the last two axes, so
 * dX = M_h^T g M_w, with M the [out, in] interpolation matrix of each axis (ir/ops/resample.ts).
 * Only the last two axes may be resized (images: N, C fixed), which is what exporters emit.
 */
export const resize: GradRule = ({ g, x: [x], node, attrs }, b) => {
    const plan = resizePlan(opContext(b, node));
    const rank = x!.shape.length;
    const axes = resizedAxes(x!.shape, plan);
    if (axes.some((k) => k < rank - 2)) {
        throw new NoGradRuleError(
            node.op,
            node.name,
            `has no gradient rule for resizing axis ${axes[0]} (only the last two axes)`,
        );
    }
    const matrix = (k: number) => {
        const [n, m] = [x!.shape[k], plan.outShape[k]];
        return tensor(g.dtype, [m, n], interpolationMatrix(attrs, n, m, plan.scales[k]));
    };
    let dx = g;
    if (axes.includes(rank - 1)) dx = b.matMul(dx, b.constant(matrix(rank - 1), 'resize_w')); // [.., m] @ [m, n]
    if (axes.includes(rank - 2)) {
        const t = matrix(rank - 2);
        const [m, n] = t.shape;
        const transposed = tensor(
            g.dtype,
            [n, m],
            Array.from(
                { length: n * m },
                (_, i) => t.data[(i % m) * n + Math.floor(i / m)] as number,
            ),
        );
        dx = b.matMul(b.constant(transposed, 'resize_h'), dx); // [n, m] @ [.., m, W]
    }
    return [dx, null, null, null];
};

/** Tile(x, repeats): view g as [r0, d0, r1, d1, ...] and sum over the repeat axes. */
export const tile: GradRule = ({ g, x: [x] }, b) => {
    const dims = x!.shape;
    const reps = g.shape.map((d, k) => d / dims[k]);
    const split = dims.flatMap((d, k) => [reps[k], d]);
    const summed = b.reduceSum(
        b.reshape(g, split),
        dims.map((_, k) => 2 * k),
        false,
    );
    return [summed, null];
};
