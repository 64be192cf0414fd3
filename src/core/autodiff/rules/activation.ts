// Gradient rules of the piecewise-linear activations (Clip, HardSigmoid, HardSwish).
// At the kinks the gradient is taken as 0, as PyTorch's hardtanh/hardsigmoid backward does.
import { getFloat } from '../../ir/attrs';
import type { GraphBuilder } from '../../ir/builder';
import type { Value } from '../../ir/graph';
import { onnxTypeCodes } from '../../ir/tensor';
import type { GradRule } from '../gradRule';

/** 1 where low < x < high (either bound may be absent), as x's float type. */
function insideMask(b: GraphBuilder, x: Value, low: Value | null, high: Value | null): Value {
    const code = onnxTypeCodes[x.dtype];
    const above = low ? b.cast(b.greater(x, low), code) : null;
    const below = high ? b.cast(b.op('Less', [x, high]), code) : null;
    if (above && below) return b.mul(above, below);
    return above ?? below ?? b.scalar(1, x);
}

/** clip(x, lo, hi)' = 1[lo < x < hi]; the bounds get no gradient. */
export const clip: GradRule = ({ g, x: [x, low, high] }, b) => [
    b.mul(g, insideMask(b, x!, low ?? null, high ?? null)),
    null,
    null,
];

/** hardsigmoid(x) = max(0, min(1, αx + β)), so its derivative is α where 0 < αx + β < 1. */
export const hardSigmoid: GradRule = ({ g, x: [x], attrs }, b) => {
    const alpha = getFloat(attrs, 'alpha', 0.2);
    const beta = getFloat(attrs, 'beta', 0.5);
    const z = b.addScalar(b.mulScalar(x!, alpha), beta);
    return [b.mulScalar(b.mul(g, insideMask(b, z, b.scalar(0, z), b.scalar(1, z))), alpha)];
};

/** hardswish(x) = x·hardsigmoid(x) with α = 1/6, β = 1/2: derivative x/3 + 1/2 on (-3, 3), 1 above. */
export const hardSwish: GradRule = ({ g, x: [x] }, b) => {
    const middle = insideMask(b, x!, b.scalar(-3, x!), b.scalar(3, x!));
    const above = b.cast(b.op('Greater', [x!, b.scalar(3, x!)]), onnxTypeCodes[x!.dtype]);
    const slope = b.add(b.mul(middle, b.addScalar(b.mulScalar(x!, 1 / 3), 0.5)), above);
    return [b.mul(g, slope)];
};
