// Pointwise activations beyond ReLU/GELU (LeakyRelu, PRelu, Elu, Selu, Softplus, Mish) and the
// integer-friendly Mod and Floor (Swin's window padding computes sizes with Mod). onnxruntime runs
// them forward; the IR only types them and folds Mod/Floor on constants (shape arithmetic).
import { getInt } from '../attrs';
import { mapBroadcast } from '../hostEval';
import { type OpSchema, ShapeError, broadcastShapes, input, same } from '../opSchema';
import { isInteger } from '../tensor';

const unary: OpSchema = { infer: (ctx) => same(ctx) };

/** PRelu: the slope broadcasts to X (unidirectionally), the output has X's type and shape. */
const prelu: OpSchema = {
    infer: (ctx) => {
        const [x, slope] = [input(ctx, 0), input(ctx, 1)];
        const shape = broadcastShapes('PRelu', x.shape, slope.shape);
        if (shape.join(',') !== x.shape.join(',')) {
            throw new ShapeError(
                `PRelu: slope [${slope.shape.join(', ')}] does not broadcast to X [${x.shape.join(', ')}]`,
            );
        }
        return same(ctx);
    },
};

/** ONNX Mod: fmod=0 takes the divisor's sign (Python's %), fmod=1 the dividend's (C's fmod). */
export function modOf(a: number, b: number, isFmod: boolean): number {
    const r = a % b;
    if (isFmod || r === 0 || Math.sign(r) === Math.sign(b)) return r;
    return r + b;
}

const mod: OpSchema = {
    infer: (ctx) => {
        const [a, b] = [input(ctx, 0), input(ctx, 1)];
        if (a.dtype !== b.dtype)
            throw new ShapeError(`Mod: dtype mismatch ${a.dtype} vs ${b.dtype}`);
        const isFmod = getInt(ctx.attrs, 'fmod', 0) === 1;
        if (!isFmod && !isInteger(a.dtype))
            throw new ShapeError('Mod: float inputs need fmod=1 (ONNX)');
        return [{ dtype: a.dtype, shape: broadcastShapes('Mod', a.shape, b.shape) }];
    },
    fold: (ctx, [a, b]) => {
        const [out] = mod.infer(ctx);
        const isFmod = getInt(ctx.attrs, 'fmod', 0) === 1;
        return [mapBroadcast([a, b], out.shape, out.dtype, (x, y) => modOf(x, y, isFmod))];
    },
};

const floor: OpSchema = {
    infer: (ctx) => same(ctx),
    fold: (ctx, [x]) => [mapBroadcast([x], x.shape, input(ctx, 0).dtype, Math.floor)],
};

export const pointwiseOps = {
    LeakyRelu: unary,
    PRelu: prelu,
    Elu: unary,
    Selu: unary,
    Softplus: unary,
    Mish: unary,
    Mod: mod,
    Floor: floor,
} satisfies Record<string, OpSchema>;
