// Normalisation ops kept as single nodes. Training-mode BatchNormalization never reaches the IR:
// ir/layers.ts (batchNormTraining) lowers it to primitives.
import { getInt } from '../attrs';
import { type OpSchema, ShapeError, input, normAxis } from '../opSchema';

const layerNormalization: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const axis = normAxis(getInt(ctx.attrs, 'axis', -1), x.shape.length, 'LayerNormalization');
        const stats = x.shape.map((d, k) => (k < axis ? d : 1));
        return [
            { dtype: x.dtype, shape: x.shape },
            { dtype: x.dtype, shape: stats },
            { dtype: x.dtype, shape: stats },
        ];
    },
};

const batchNormalization: OpSchema = {
    infer: (ctx) => {
        if (getInt(ctx.attrs, 'training_mode', 0) !== 0) {
            throw new ShapeError(
                'BatchNormalization: training_mode=1 must be lowered (ir/layers.ts batchNormTraining)',
            );
        }
        const x = input(ctx, 0);
        return [{ dtype: x.dtype, shape: x.shape }];
    },
};

export const normOps = {
    LayerNormalization: layerNormalization,
    BatchNormalization: batchNormalization,
} satisfies Record<string, OpSchema>;
