// Gradient rules of elementwise ops. g = output cotangent, x = inputs, y = outputs.
// Broadcast inputs get full-shape cotangents here; the walker sums them back down.
import { getString } from '../../ir/attrs';
import { onnxTypeCodes } from '../../ir/tensor';
import { type GradRule, NoGradRuleError } from '../gradRule';

export const add: GradRule = ({ g }) => [g, g]; //                   d(a+b) = (g, g)
export const sub: GradRule = ({ g }, b) => [g, b.neg(g)]; //          d(a-b) = (g, -g)
export const mul: GradRule = ({ g, x: [a, c], wants }, b) => [
    wants[0] ? b.mul(g, c!) : null, //                                       d(ab)/da = b
    wants[1] ? b.mul(g, a!) : null, //                                       d(ab)/db = a
];
export const div: GradRule = ({ g, x: [, c], y: [q], wants }, b) => [
    wants[0] ? b.div(g, c!) : null, //                                       d(a/b)/da = 1/b
    wants[1] ? b.neg(b.div(b.mul(g, q), c!)) : null, //                      d(a/b)/db = -(a/b)/b
];
export const neg: GradRule = ({ g }, b) => [b.neg(g)];
export const identity: GradRule = ({ g }) => [g];
export const abs: GradRule = ({ g, x: [x] }, b) => [b.mul(g, b.sign(x!))]; //       |x|' = sign(x)
// Why a multiply by the cast mask and not Where: onnxruntime's CPU Where was 7-25x slower than
// Mul + Cast on an NB201 activation (128x16x32x32), a third of an L-SWAG probe's kernel time.
export const relu: GradRule = ({ g, x: [x] }, b) => [
    b.mul(g, b.cast(b.greater(x!, b.scalar(0, x!)), onnxTypeCodes[g.dtype])), // relu' = 1[x > 0]
];
export const sigmoid: GradRule = ({ g, y: [s] }, b) => [
    b.mul(g, b.mul(s, b.sub(b.scalar(1, s), s))), //                         σ' = σ(1-σ)
];
export const tanh: GradRule = ({ g, y: [t] }, b) => [
    b.mul(g, b.sub(b.scalar(1, t), b.mul(t, t))), //                         tanh' = 1 - tanh²
];
export const exp: GradRule = ({ g, y: [e] }, b) => [b.mul(g, e)]; //  exp' = exp
export const log: GradRule = ({ g, x: [x] }, b) => [b.div(g, x!)]; // log' = 1/x
export const sqrt: GradRule = ({ g, y: [r] }, b) => [
    b.div(b.mulScalar(g, 0.5), r), //                                        √x' = 1/(2√x)
];
export const reciprocal: GradRule = ({ g, y: [r] }, b) => [
    b.neg(b.mul(g, b.mul(r, r))), //                                         (1/x)' = -1/x²
];
export const erf: GradRule = ({ g, x: [x] }, b) => [
    b.mul(g, b.mulScalar(b.exp(b.neg(b.mul(x!, x!))), 2 / Math.sqrt(Math.PI))), // erf' = 2/√π e^{-x²}
];

/** gelu(x) = x Φ(x), so gelu' = Φ(x) + x φ(x) with φ the standard normal density. */
export const gelu: GradRule = ({ g, x: [x], attrs, node }, b) => {
    if (getString(attrs, 'approximate', 'none') !== 'none') {
        throw new NoGradRuleError(
            node.op,
            node.name,
            "has no gradient rule for approximate='tanh'",
        );
    }
    const cdf = b.mulScalar(b.addScalar(b.erf(b.mulScalar(x!, Math.SQRT1_2)), 1), 0.5);
    const pdf = b.mulScalar(b.exp(b.mulScalar(b.mul(x!, x!), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [b.mul(g, b.add(cdf, b.mul(x!, pdf)))];
};

export const pow: GradRule = ({ g, x: [a, e], y: [p], wants }, b) => [
    wants[0] ? b.mul(g, b.mul(e!, b.pow(a!, b.sub(e!, b.scalar(1, e!))))) : null, // d(a^e)/da = e a^(e-1)
    wants[1] ? b.mul(g, b.mul(p, b.log(a!))) : null, //                            d(a^e)/de = a^e ln a
];

export const where: GradRule = ({ g, x: [c], wants }, b) => [
    null, //                                                                  the condition is not differentiable
    wants[1] ? b.where(c!, g, b.scalar(0, g)) : null,
    wants[2] ? b.where(c!, b.scalar(0, g), g) : null,
];

export const cast: GradRule = ({ g, x: [x] }, b) => [
    g.dtype === x!.dtype ? g : b.cast(g, onnxTypeCodes[x!.dtype]), //      cast back to the input's type
];
