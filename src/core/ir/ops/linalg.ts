// Matrix products: MatMul (numpy semantics, batched broadcast) and Gemm.
import { getInt } from '../attrs';
import { type OpSchema, ShapeError, broadcastShapes, input } from '../opSchema';
import { formatShape } from '../tensor';

const matMul: OpSchema = {
    infer: (ctx) => {
        const a = input(ctx, 0);
        const b = input(ctx, 1);
        if (a.shape.length === 0 || b.shape.length === 0)
            throw new ShapeError('MatMul: scalar operand');
        const as = a.shape.length === 1 ? [1, a.shape[0]] : a.shape;
        const bs = b.shape.length === 1 ? [b.shape[0], 1] : b.shape;
        const k1 = as[as.length - 1];
        const k2 = bs[bs.length - 2];
        if (k1 !== k2) {
            throw new ShapeError(
                `MatMul: inner dims differ, ${formatShape(a.shape)} x ${formatShape(b.shape)}`,
            );
        }
        const batch = broadcastShapes('MatMul', as.slice(0, -2), bs.slice(0, -2));
        const shape = [...batch];
        if (a.shape.length > 1) shape.push(as[as.length - 2]);
        if (b.shape.length > 1) shape.push(bs[bs.length - 1]);
        return [{ dtype: a.dtype, shape }];
    },
};

const gemm: OpSchema = {
    infer: (ctx) => {
        const a = input(ctx, 0);
        const b = input(ctx, 1);
        if (a.shape.length !== 2 || b.shape.length !== 2)
            throw new ShapeError('Gemm: operands must be 2-D');
        const [m, ka] = getInt(ctx.attrs, 'transA', 0) ? [a.shape[1], a.shape[0]] : a.shape;
        const [kb, n] = getInt(ctx.attrs, 'transB', 0) ? [b.shape[1], b.shape[0]] : b.shape;
        if (ka !== kb) {
            throw new ShapeError(
                `Gemm: inner dims differ, ${formatShape(a.shape)} x ${formatShape(b.shape)}`,
            );
        }
        const c = ctx.inputs[2];
        if (c) broadcastShapes('Gemm', c.shape, [m, n]);
        return [{ dtype: a.dtype, shape: [m, n] }];
    },
};

export const linalgOps = { MatMul: matMul, Gemm: gemm } satisfies Record<string, OpSchema>;
