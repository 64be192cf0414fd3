// Composite ops of our own domain: single IR nodes with a closed-form gradient rule, expanded into
// plain ONNX ops when the graph is exported (onnx/lowerComposites.ts). Why: training-mode
// BatchNormalization as primitives made its backward the slowest part of a convolutional probe.
import { getInt } from '../attrs';
import { type OpSchema, ShapeError, input } from '../opSchema';
import { formatShape } from '../tensor';

export const COMPOSITE_DOMAIN = 'ai.lswag';

/**
 * BatchNormTraining(x [N, C, ...], scale [C], bias [C]; epsilon, groups G) -> y, mean [G, C],
 * rstd [G, C]: batch statistics per group of N/G rows ("ghost" batches), population variance.
 */
const batchNormTraining: OpSchema = {
    infer: (ctx) => {
        const [x, scale, bias] = [input(ctx, 0), input(ctx, 1), input(ctx, 2)];
        const groups = getInt(ctx.attrs, 'groups', 1);
        const [n, c] = x.shape;
        if (x.shape.length < 2 || n % groups !== 0) {
            throw new ShapeError(
                `BatchNormTraining: ${formatShape(x.shape)} cannot split into ${groups} groups`,
            );
        }
        for (const p of [scale, bias]) {
            if (p.shape.length !== 1 || p.shape[0] !== c)
                throw new ShapeError(`BatchNormTraining: ${p.name} must be [${c}]`);
        }
        return [
            { dtype: x.dtype, shape: x.shape },
            { dtype: x.dtype, shape: [groups, c] },
            { dtype: x.dtype, shape: [groups, c] },
        ];
    },
};

export const compositeOps = { BatchNormTraining: batchNormTraining } satisfies Record<
    string,
    OpSchema
>;
