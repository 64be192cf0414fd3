// Elementwise ops: unary maths, broadcasting binary maths, comparisons, Where, Cast.
import { getInt } from '../attrs';
import { mapBroadcast } from '../hostEval';
import { type OpContext, type OpSchema, broadcastShapes, input, same } from '../opSchema';
import { type DType, dtypeFromOnnx, isInteger } from '../tensor';

const unary: OpSchema = { infer: (ctx) => same(ctx) };

function binaryInfer(ctx: OpContext, dtype?: DType) {
    const a = input(ctx, 0);
    const b = input(ctx, 1);
    if (a.dtype !== b.dtype) {
        throw new Error(`${ctx.op}: dtype mismatch ${a.dtype} vs ${b.dtype}`);
    }
    return [{ dtype: dtype ?? a.dtype, shape: broadcastShapes(ctx.op, a.shape, b.shape) }];
}

function arithmetic(fn: (a: number, b: number) => number, intFn = fn): OpSchema {
    return {
        infer: (ctx) => binaryInfer(ctx),
        fold: (ctx, [a, b]) => {
            const [out] = binaryInfer(ctx);
            return [mapBroadcast([a, b], out.shape, out.dtype, isInteger(a.dtype) ? intFn : fn)];
        },
    };
}

function comparison(fn: (a: number, b: number) => boolean): OpSchema {
    return {
        infer: (ctx) => binaryInfer(ctx, 'bool'),
        fold: (ctx, [a, b]) => {
            const [out] = binaryInfer(ctx, 'bool');
            return [mapBroadcast([a, b], out.shape, 'bool', (x, y) => (fn(x, y) ? 1 : 0))];
        },
    };
}

const where: OpSchema = {
    infer: (ctx) => {
        const [c, a, b] = [input(ctx, 0), input(ctx, 1), input(ctx, 2)];
        if (a.dtype !== b.dtype) throw new Error(`Where: dtype mismatch ${a.dtype} vs ${b.dtype}`);
        return [{ dtype: a.dtype, shape: broadcastShapes('Where', c.shape, a.shape, b.shape) }];
    },
    fold: (ctx, values) => {
        const [out] = where.infer(ctx);
        return [mapBroadcast(values, out.shape, out.dtype, (c, a, b) => (c ? a : b))];
    },
};

const cast: OpSchema = {
    infer: (ctx) => {
        const code = getInt(ctx.attrs, 'to');
        const dtype = dtypeFromOnnx(code);
        if (!dtype) throw new Error(`Cast: unsupported target type code ${code}`);
        return [{ dtype, shape: input(ctx, 0).shape }];
    },
    fold: (ctx, [x]) => {
        const [out] = cast.infer(ctx);
        const round = isInteger(out.dtype) ? Math.trunc : (v: number) => v;
        return [mapBroadcast([x], out.shape, out.dtype, (v) => round(v))];
    },
};

const identity: OpSchema = { infer: (ctx) => same(ctx), fold: (_ctx, [x]) => [x] };

/** Variadic elementwise Min/Max with broadcasting. */
const variadic: OpSchema = {
    infer: (ctx) => {
        const xs = ctx.inputs.map((_, i) => input(ctx, i));
        return [{ dtype: xs[0].dtype, shape: broadcastShapes(ctx.op, ...xs.map((x) => x.shape)) }];
    },
};

export const elementwiseOps = {
    Min: variadic,
    Max: variadic,
    Add: arithmetic((a, b) => a + b),
    Sub: arithmetic((a, b) => a - b),
    Mul: arithmetic((a, b) => a * b),
    Div: arithmetic(
        (a, b) => a / b,
        (a, b) => Math.trunc(a / b),
    ),
    Pow: {
        infer: (ctx) => [
            {
                dtype: input(ctx, 0).dtype,
                shape: broadcastShapes('Pow', input(ctx, 0).shape, input(ctx, 1).shape),
            },
        ],
    },
    Equal: comparison((a, b) => a === b),
    Less: comparison((a, b) => a < b),
    Greater: comparison((a, b) => a > b),
    Where: where,
    Cast: cast,
    Identity: identity,
    Neg: unary,
    Abs: unary,
    Sign: unary,
    Relu: unary,
    Gelu: unary,
    Erf: unary,
    Sigmoid: unary,
    Tanh: unary,
    Exp: unary,
    Log: unary,
    Sqrt: unary,
    Reciprocal: unary,
    Not: unary,
} satisfies Record<string, OpSchema>;
