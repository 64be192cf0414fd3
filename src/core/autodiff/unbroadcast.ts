// Undoes numpy broadcasting on a cotangent: sums it back down to the shape of the input it feeds.
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type Shape, shapeEquals } from '../ir/tensor';

export function unbroadcast(b: GraphBuilder, g: Value, shape: Shape): Value {
    if (shapeEquals(g.shape, shape)) return g;
    const lead = g.shape.length - shape.length;
    if (lead < 0)
        throw new Error(
            `unbroadcast: cotangent rank ${g.shape.length} < input rank ${shape.length}`,
        );
    const axes: number[] = [];
    g.shape.forEach((d, k) => {
        if (k < lead || (shape[k - lead] === 1 && d !== 1)) axes.push(k);
    });
    const summed = axes.length > 0 ? b.reduceSum(g, axes, true) : g;
    return shapeEquals(summed.shape, shape) ? summed : b.reshape(summed, shape);
}
