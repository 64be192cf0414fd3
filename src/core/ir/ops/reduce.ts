// Reductions (opset-18 form: axes as an optional constant input) and the softmax family.
import { getInt } from '../attrs';
import { type OpContext, type OpSchema, constInts, input, normAxis, same } from '../opSchema';

/** The axes a Reduce* node reduces over, normalised and sorted. */
export function reduceAxes(ctx: OpContext): number[] {
    const x = input(ctx, 0);
    const axes = constInts(ctx, 1) ?? [];
    if (axes.length === 0) {
        return getInt(ctx.attrs, 'noop_with_empty_axes', 0) ? [] : x.shape.map((_, k) => k);
    }
    return [...new Set(axes.map((a) => normAxis(a, x.shape.length, ctx.op)))].sort((a, b) => a - b);
}

const reduce: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const axes = new Set(reduceAxes(ctx));
        const keep = getInt(ctx.attrs, 'keepdims', 1) === 1;
        const shape: number[] = [];
        x.shape.forEach((d, k) => {
            if (!axes.has(k)) shape.push(d);
            else if (keep) shape.push(1);
        });
        return [{ dtype: x.dtype, shape }];
    },
};

const softmax: OpSchema = {
    infer: (ctx) => {
        normAxis(getInt(ctx.attrs, 'axis', -1), input(ctx, 0).shape.length, ctx.op);
        return same(ctx);
    },
};

export const reduceOps = {
    ReduceSum: reduce,
    ReduceMean: reduce,
    ReduceMax: reduce,
    ReduceMin: reduce,
    ReduceSumSquare: reduce,
    ReduceL2: reduce,
    Softmax: softmax,
    LogSoftmax: softmax,
} satisfies Record<string, OpSchema>;
