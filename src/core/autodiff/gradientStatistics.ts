// In-graph reductions of gradients, so a run returns a few numbers per parameter, not the tensors.
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';

export type GradientStatistic = 'sum' | 'sumSquares' | 'sumAbs';

/**
 * Reduces a gradient to a scalar, or to one value per batch group when `grouped` (the leading
 * axis of a [G, ...] per-group gradient is kept).
 */
export function reduceGradient(b: GraphBuilder, g: Value, statistic: GradientStatistic, grouped = false): Value {
    const axes = g.shape.map((_, k) => k).filter((k) => !(grouped && k === 0));
    const term = statistic === 'sum' ? g : statistic === 'sumAbs' ? b.abs(g) : b.mul(g, g);
    return axes.length === 0 ? term : b.reduceSum(term, axes, false);
}
