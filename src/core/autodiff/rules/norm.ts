// Gradient rule of LayerNormalization. (Training-mode BatchNormalization is lowered to primitives
// by ir/layers.ts, so its gradient is the composition of the primitive rules.)
import { getFloat, getInt } from '../../ir/attrs';
import { normAxis } from '../../ir/opSchema';
import type { GradRule } from '../gradRule';
import { NoGradRuleError } from '../gradRule';

/**
 * y = x̂ γ + β with x̂ = (x - μ) r, r = 1/√(σ² + ε) over the normalised axes:
 * dx = r (gγ - mean(gγ) - x̂ mean(gγ x̂)), dγ = Σ g x̂, dβ = Σ g (sums by the walker's unbroadcast).
 */
export const layerNormalization: GradRule = ({ g, x: [x, gamma, beta], attrs, wants, node }, b) => {
    if (g[1] || g[2]) throw new NoGradRuleError(node.op, node.name, 'has no gradient through Mean/InvStdDev outputs');
    const axis = normAxis(getInt(attrs, 'axis', -1), x!.shape.length);
    const axes = x!.shape.map((_, k) => k).filter((k) => k >= axis);
    const mean = b.reduceMean(x!, axes);
    const centred = b.sub(x!, mean);
    const variance = b.reduceMean(b.mul(centred, centred), axes);
    const rstd = b.reciprocal(b.sqrt(b.addScalar(variance, getFloat(attrs, 'epsilon', 1e-5))));
    const xhat = b.mul(centred, rstd);
    const gy = g[0]!;
    const gg = b.mul(gy, gamma!);
    const dx = wants[0]
        ? b.mul(rstd, b.sub(b.sub(gg, b.reduceMean(gg, axes)), b.mul(xhat, b.reduceMean(b.mul(gg, xhat), axes))))
        : null;
    return [dx, wants[1] ? b.mul(gy, xhat) : null, beta && wants[2] ? gy : null];
};
