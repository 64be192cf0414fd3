// Resize (nearest and linear, as PyTorch exports Upsample / interpolate): output types, and the
// per-axis interpolation matrices its gradient is built from (y = M x along each resized axis).
import { getString } from '../attrs';
import { type OpContext, type OpSchema, ShapeError, constInts, input } from '../opSchema';
import { type Shape, toNumbers } from '../tensor';

/** The resolved geometry of a Resize node: per axis, input length, output length and scale. */
export interface ResizePlan {
    readonly outShape: number[];
    readonly scales: number[];
}

function constFloats(ctx: OpContext, i: number): number[] | undefined {
    const v = ctx.inputs[i];
    if (!v) return undefined;
    const c = ctx.constant(i);
    if (!c) throw new ShapeError(`Resize: input '${v.name}' must be a build-time constant`);
    return toNumbers(c);
}

export function resizePlan(ctx: OpContext): ResizePlan {
    const x = input(ctx, 0);
    if (ctx.attrs.axes) throw new ShapeError("Resize: the 'axes' attribute is not supported");
    const sizes = ctx.inputs[3] ? constInts(ctx, 3) : undefined;
    const scalesIn = constFloats(ctx, 2);
    if (sizes && sizes.length === x.shape.length) {
        return { outShape: sizes, scales: sizes.map((m, k) => m / x.shape[k]) };
    }
    if (scalesIn && scalesIn.length === x.shape.length) {
        return { outShape: x.shape.map((d, k) => Math.floor(d * scalesIn[k])), scales: scalesIn };
    }
    throw new ShapeError(
        `Resize: needs scales or sizes with one entry per axis of X (rank ${x.shape.length})`,
    );
}

const resize: OpSchema = {
    infer: (ctx) => {
        const mode = getString(ctx.attrs, 'mode', 'nearest');
        if (mode !== 'nearest' && mode !== 'linear')
            throw new ShapeError(
                `Resize: mode '${mode}' is not supported (nearest and linear are)`,
            );
        return [{ dtype: input(ctx, 0).dtype, shape: resizePlan(ctx).outShape }];
    },
};

/** Where output index i samples the input axis (ONNX's coordinate_transformation_mode). */
function sourceCoordinate(mode: string, i: number, n: number, m: number, scale: number): number {
    switch (mode) {
        case 'half_pixel':
            return (i + 0.5) / scale - 0.5;
        case 'pytorch_half_pixel':
            return m > 1 ? (i + 0.5) / scale - 0.5 : 0;
        case 'align_corners':
            return m === 1 ? 0 : (i * (n - 1)) / (m - 1);
        case 'asymmetric':
            return i / scale;
        default:
            throw new ShapeError(
                `Resize: coordinate_transformation_mode '${mode}' is not supported`,
            );
    }
}

function nearestIndex(rounding: string, x: number): number {
    switch (rounding) {
        case 'round_prefer_floor':
            return Math.ceil(x - 0.5);
        case 'round_prefer_ceil':
            return Math.floor(x + 0.5);
        case 'floor':
            return Math.floor(x);
        case 'ceil':
            return Math.ceil(x);
        default:
            throw new ShapeError(`Resize: nearest_mode '${rounding}' is not supported`);
    }
}

/** The [m, n] matrix M of one axis: y[i] = sum_j M[i, j] x[j], as onnxruntime computes Resize. */
export function interpolationMatrix(
    attrs: OpContext['attrs'],
    n: number,
    m: number,
    scale: number,
): Float64Array {
    const mode = getString(attrs, 'mode', 'nearest');
    const transform = getString(attrs, 'coordinate_transformation_mode', 'half_pixel');
    const rounding = getString(attrs, 'nearest_mode', 'round_prefer_floor');
    const out = new Float64Array(m * n);
    const clamp = (j: number) => Math.min(Math.max(j, 0), n - 1);
    for (let i = 0; i < m; i++) {
        const x = sourceCoordinate(transform, i, n, m, scale);
        if (mode === 'nearest') {
            out[i * n + clamp(nearestIndex(rounding, x))] = 1;
            continue;
        }
        const c = Math.min(Math.max(x, 0), n - 1);
        const j0 = Math.floor(c);
        const j1 = Math.min(j0 + 1, n - 1);
        out[i * n + j0] += 1 - (c - j0);
        out[i * n + j1] += c - j0;
    }
    return out;
}

/** Axes whose length or scale changes (the ones the gradient must map back). */
export function resizedAxes(inShape: Shape, plan: ResizePlan): number[] {
    return inShape.flatMap((d, k) => (plan.outShape[k] !== d || plan.scales[k] !== 1 ? [k] : []));
}

export const resampleOps = {
    Resize: resize,
} satisfies Record<string, OpSchema>;
