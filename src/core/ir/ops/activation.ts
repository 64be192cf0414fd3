// Piecewise-linear activations met in exported torchvision models: Clip (ReLU6, hardtanh),
// HardSigmoid and HardSwish (MobileNetV3). Elementwise: the output has the input's type.
import { type OpSchema, input, same } from '../opSchema';

const unary: OpSchema = { infer: (ctx) => same(ctx) };

/** Clip's optional min and max inputs must be scalars (opset 11+ form). */
const clip: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        for (const k of [1, 2]) {
            const bound = ctx.inputs[k];
            if (bound && bound.shape.length > 0 && bound.shape.some((d) => d !== 1)) {
                throw new Error(
                    `Clip: input ${k} must be a scalar, got [${bound.shape.join(', ')}]`,
                );
            }
            if (bound && bound.dtype !== x.dtype) {
                throw new Error(`Clip: input ${k} is ${bound.dtype}, not ${x.dtype}`);
            }
        }
        return same(ctx);
    },
};

export const activationOps = {
    Clip: clip,
    HardSigmoid: unary,
    HardSwish: unary,
} satisfies Record<string, OpSchema>;
