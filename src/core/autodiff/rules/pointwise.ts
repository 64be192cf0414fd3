// Gradient rules of the pointwise activations in ir/ops/pointwise.ts, and Mod/Floor.
// m = 1[x > 0] as x's float type: the piecewise activations switch formula on it.
import { getFloat, getInt } from '../../ir/attrs';
import type { GraphBuilder } from '../../ir/builder';
import type { Value } from '../../ir/graph';
import { onnxTypeCodes } from '../../ir/tensor';
import type { GradRule } from '../gradRule';

/** 1[x > 0] in x's type (a Cast mask, as relu's rule: cheaper than Where in onnxruntime). */
function positive(b: GraphBuilder, x: Value): Value {
    return b.cast(b.greater(x, b.scalar(0, x)), onnxTypeCodes[x.dtype]);
}

/** m + (1 - m) * other: the derivative 1 where x > 0, `other` elsewhere. */
function onePositiveElse(b: GraphBuilder, x: Value, other: Value): Value {
    const m = positive(b, x);
    return b.add(m, b.mul(b.sub(b.scalar(1, m), m), other));
}

export const leakyRelu: GradRule = ({ g, x: [x], attrs }, b) => {
    const alpha = getFloat(attrs, 'alpha', 0.01);
    return [b.mul(g, b.addScalar(b.mulScalar(positive(b, x!), 1 - alpha), alpha))]; // 1 or alpha
};

/** PRelu(x, s) = x (x > 0), s x (else): dx = 1 or s; ds = 0 or x (the walker sums ds to s's shape). */
export const prelu: GradRule = ({ g, x: [x, slope], wants }, b) => {
    const m = positive(b, x!);
    const off = b.sub(b.scalar(1, m), m);
    return [
        wants[0] ? b.mul(g, b.add(m, b.mul(off, slope!))) : null,
        wants[1] ? b.mul(g, b.mul(off, x!)) : null,
    ];
};

/** Elu = x (x > 0), alpha (e^x - 1) (else): the derivative there is y + alpha. */
export const elu: GradRule = ({ g, x: [x], y: [y], attrs }, b) => [
    b.mul(g, onePositiveElse(b, x!, b.addScalar(y, getFloat(attrs, 'alpha', 1)))),
];

// ONNX's Selu defaults (float32 renderings of the SELU paper's constants).
const SELU_ALPHA = 1.67326319217681884765625;
const SELU_GAMMA = 1.05070102214813232421875;

/** Selu = gamma x (x > 0), gamma alpha (e^x - 1) (else): derivative gamma, or y + gamma alpha. */
export const selu: GradRule = ({ g, x: [x], y: [y], attrs }, b) => {
    const alpha = getFloat(attrs, 'alpha', SELU_ALPHA);
    const gamma = getFloat(attrs, 'gamma', SELU_GAMMA);
    const m = positive(b, x!);
    const off = b.mul(b.sub(b.scalar(1, m), m), b.addScalar(y, gamma * alpha));
    return [b.mul(g, b.add(b.mulScalar(m, gamma), off))];
};

/** Softplus = ln(1 + e^x): derivative σ(x). */
export const softplus: GradRule = ({ g, x: [x] }, b) => [b.mul(g, b.sigmoid(x!))];

/** Mish = x tanh(sp(x)), sp = softplus: derivative t + x (1 - t²) σ(x) with t = tanh(sp(x)). */
export const mish: GradRule = ({ g, x: [x] }, b) => {
    const t = b.tanh(b.op('Softplus', [x!]));
    const dt = b.mul(b.sub(b.scalar(1, t), b.mul(t, t)), b.sigmoid(x!));
    return [b.mul(g, b.add(t, b.mul(x!, dt)))];
};

/**
 * Mod(a, d) = a - q d with q = floor(a/d) (fmod=0) or trunc(a/d) (fmod=1), piecewise constant:
 * da = g, dd = -q g. Integer Mod (shape arithmetic) never reaches a gradient.
 */
export const mod: GradRule = ({ g, x: [a, d], attrs, wants }, b) => {
    const ratio = b.div(a!, d!);
    const isFmod = getInt(attrs, 'fmod', 0) === 1;
    // trunc(r) = sign(r) floor(|r|)
    const q = isFmod ? b.mul(b.sign(ratio), b.op('Floor', [b.abs(ratio)])) : b.op('Floor', [ratio]);
    return [wants[0] ? g : null, wants[1] ? b.neg(b.mul(g, q)) : null];
};
