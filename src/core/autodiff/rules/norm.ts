// Gradient rules of the normalisation ops: LayerNormalization and our composite training-mode
// BatchNormTraining (ir/ops/composite.ts), each in closed form.
import { getFloat, getInt } from '../../ir/attrs';
import type { Value } from '../../ir/graph';
import { groupedView } from '../../ir/layers';
import { normAxis } from '../../ir/opSchema';
import type { GradRule, MultiOutputGradRule } from '../gradRule';

/**
 * y = x̂ γ + β with x̂ = (x - μ) r, r = 1/√(σ² + ε) over the normalised axes:
 * dx = r (gγ - mean(gγ) - x̂ mean(gγ x̂)), dγ = Σ g x̂, dβ = Σ g (sums by the walker's unbroadcast).
 */
export const layerNormalization: GradRule = ({ g: gy, x: [x, gamma, beta], attrs, wants }, b) => {
    const axis = normAxis(getInt(attrs, 'axis', -1), x!.shape.length);
    const axes = x!.shape.map((_, k) => k).filter((k) => k >= axis);
    const mean = b.reduceMean(x!, axes);
    const centred = b.sub(x!, mean);
    const variance = b.reduceMean(b.mul(centred, centred), axes);
    const rstd = b.reciprocal(b.sqrt(b.addScalar(variance, getFloat(attrs, 'epsilon', 1e-5))));
    const xhat = b.mul(centred, rstd);
    const gg = b.mul(gy, gamma!);
    const dx = wants[0]
        ? b.mul(
              rstd,
              b.sub(
                  b.sub(gg, b.reduceMean(gg, axes)),
                  b.mul(xhat, b.reduceMean(b.mul(gg, xhat), axes)),
              ),
          )
        : null;
    return [dx, wants[1] ? b.mul(gy, xhat) : null, beta && wants[2] ? gy : null];
};

/**
 * Training-mode batch norm (per group and channel, statistics from the batch):
 * x̂ = (x - μ) r, y = γ x̂ + β  ⇒  dx = γ r (g - mean(g) - x̂ mean(g x̂)), dγ = Σ g x̂, dβ = Σ g.
 * Through the statistics outputs (used when a gradient graph is differentiated again):
 * dμ/dx = 1/M and dr/dx = -r² x̂ / M, with M values per group and channel.
 * μ and r are the node's own outputs, so nothing is recomputed but x̂.
 */
export const batchNormTraining: MultiOutputGradRule = {
    multiOutput: (
        { g: [gOut, gMean, gRstd], x: [x, scale], y: [, mean, rstd], attrs, wants },
        b,
    ) => {
        const view = groupedView(x!, getInt(attrs, 'groups', 1));
        const broadcast = [mean.shape[0], 1, mean.shape[1], ...view.perChannel.slice(3)];
        const xhat = b.mul(
            b.sub(b.reshape(x!, view.shape), b.reshape(mean, broadcast)),
            b.reshape(rstd, broadcast),
        );
        const gy = gOut ? b.reshape(gOut, view.shape) : null;
        const gx = gy ? b.mul(gy, xhat) : null;
        const channelSums = view.shape.map((_, k) => k).filter((k) => k !== 2);
        const perStat = view.axes.reduce((m, k) => m * view.shape[k], 1);
        const terms: Value[] = [];
        if (wants[0] && gy && gx) {
            const centred = b.sub(
                b.sub(gy, b.reduceMean(gy, view.axes)),
                b.mul(xhat, b.reduceMean(gx, view.axes)),
            );
            terms.push(
                b.mul(
                    centred,
                    b.mul(b.reshape(rstd, broadcast), b.reshape(scale!, view.perChannel)),
                ),
            );
        }
        if (wants[0] && gMean)
            terms.push(b.expand(b.mulScalar(b.reshape(gMean, broadcast), 1 / perStat), view.shape));
        if (wants[0] && gRstd)
            terms.push(
                b.mul(
                    xhat,
                    b.mulScalar(
                        b.reshape(b.mul(gRstd, b.mul(rstd, rstd)), broadcast),
                        -1 / perStat,
                    ),
                ),
            );
        const dx = terms.length
            ? b.reshape(
                  terms.reduce((acc, t) => b.add(acc, t)),
                  x!.shape,
              )
            : null;
        return [
            dx,
            wants[1] && gx ? b.reduceSum(gx, channelSums, false) : null,
            wants[2] && gy ? b.reduceSum(gy, channelSums, false) : null,
        ];
    },
};
