// Second order by differentiating a gradient graph again: H g for the gradient g the graph already
// has, as PyTorch's double backward computes it. Every gradient rule emits plain ops that have
// rules of their own, so backward() applies to its own output.
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { backward } from './backward';

/**
 * H g with respect to `wrt`, given g = `grads` (d loss / d wrt, from backward): z = Σ stop(g)·g,
 * where stop is an Identity the second backward treats as a constant, so dz/dw = H g.
 * Returns null for a value the loss does not depend on at second order.
 */
export function hessianTimesGradient(
    b: GraphBuilder,
    grads: ReadonlyMap<Value, Value | null>,
    wrt: readonly Value[],
): Map<Value, Value | null> {
    const constants = new Set<Value>();
    const terms: Value[] = [];
    for (const w of wrt) {
        const g = grads.get(w);
        if (!g) continue;
        const fixed = b.identity(g);
        constants.add(fixed);
        terms.push(b.sumAll(b.mul(fixed, g)));
    }
    if (terms.length === 0) throw new Error('the loss depends on none of the values');
    return backward(
        b,
        terms.reduce((acc, t) => b.add(acc, t)),
        { wrt, stopGradients: constants },
    );
}
