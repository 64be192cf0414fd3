// Gradient rules of reductions and the softmax family.
import { getInt } from '../../ir/attrs';
import type { GraphBuilder } from '../../ir/builder';
import type { Node, Value } from '../../ir/graph';
import { normAxis } from '../../ir/opSchema';
import { reduceAxes } from '../../ir/ops/reduce';
import { sizeOf } from '../../ir/tensor';
import type { GradRule } from '../gradRule';

/** The reduced axes of a Reduce* node, read back through the IR's own shape logic. */
function axesOf(b: GraphBuilder, node: Node): number[] {
    return reduceAxes({
        op: node.op,
        inputs: node.inputs,
        attrs: node.attrs,
        constant: (i) => (node.inputs[i] ? b.graph.constantOf(node.inputs[i]!) : undefined),
    });
}

/** Spreads a reduced cotangent back over the input's shape (restoring dropped axes first). */
function spread(b: GraphBuilder, g: Value, x: Value, axes: number[]): Value {
    const kept = x.shape.map((d, k) => (axes.includes(k) ? 1 : d));
    return b.expand(b.reshape(g, kept), x.shape);
}

export const reduceSum: GradRule = ({ g, x: [x], node }, b) => [spread(b, g, x!, axesOf(b, node))]; // ∂Σx/∂x = 1

export const reduceMean: GradRule = ({ g, x: [x], node }, b) => {
    const axes = axesOf(b, node);
    const count = sizeOf(axes.map((a) => x!.shape[a]));
    return [spread(b, b.mulScalar(g, 1 / count), x!, axes)]; //                     ∂mean/∂x = 1/n
};

export const reduceSumSquare: GradRule = ({ g, x: [x], node }, b) => [
    b.mul(spread(b, g, x!, axesOf(b, node)), b.mulScalar(x!, 2)), //                 ∂Σx²/∂x = 2x
];

/** y = softmax(x): dx = y ⊙ (g - Σ_axis g ⊙ y). */
export const softmax: GradRule = ({ g, y: [y], attrs }, b) => {
    const axis = normAxis(getInt(attrs, 'axis', -1), y.shape.length);
    return [b.mul(y, b.sub(g, b.reduceSum(b.mul(g, y), [axis], true)))];
};

/** y = log softmax(x): dx = g - exp(y) Σ_axis g. */
export const logSoftmax: GradRule = ({ g, y: [y], attrs }, b) => {
    const axis = normAxis(getInt(attrs, 'axis', -1), y.shape.length);
    return [b.sub(g, b.mul(b.exp(y), b.reduceSum(g, [axis], true)))];
};
