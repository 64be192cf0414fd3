// Convolution and pooling. The IR keeps explicit pads (importers resolve auto_pad).
import { type Attrs, getInt, getInts } from '../attrs';
import { type OpSchema, ShapeError, input } from '../opSchema';
import { formatShape } from '../tensor';

export interface WindowAttrs {
    readonly kernel: number[];
    readonly strides: number[];
    readonly dilations: number[];
    /** ONNX order: all begins, then all ends. */
    readonly pads: number[];
    readonly ceilMode: boolean;
}

/** Reads kernel/stride/dilation/pad attributes for `spatial` dimensions with ONNX defaults. */
export function windowAttrs(
    attrs: Attrs,
    spatial: number,
    kernel?: readonly number[],
): WindowAttrs {
    const k = [...(kernel ?? getInts(attrs, 'kernel_shape'))];
    const autoPad = attrs.auto_pad;
    if (autoPad && autoPad.kind === 'string' && autoPad.value !== 'NOTSET') {
        throw new ShapeError(`auto_pad=${autoPad.value} must be resolved to explicit pads`);
    }
    return {
        kernel: k,
        strides: [...getInts(attrs, 'strides', new Array(spatial).fill(1))],
        dilations: [...getInts(attrs, 'dilations', new Array(spatial).fill(1))],
        pads: [...getInts(attrs, 'pads', new Array(2 * spatial).fill(0))],
        ceilMode: getInt(attrs, 'ceil_mode', 0) === 1,
    };
}

/** Output length of a sliding window along each spatial axis. */
export function windowOutput(inSpatial: readonly number[], w: WindowAttrs): number[] {
    const n = inSpatial.length;
    return inSpatial.map((len, k) => {
        const span = w.dilations[k] * (w.kernel[k] - 1) + 1;
        const padded = len + w.pads[k] + w.pads[k + n];
        const q = (padded - span) / w.strides[k];
        let out = (w.ceilMode ? Math.ceil(q) : Math.floor(q)) + 1;
        // Why: with ceil_mode the last window must start inside the input or left padding (ONNX rule).
        if (w.ceilMode && (out - 1) * w.strides[k] >= len + w.pads[k]) out--;
        if (out < 1) throw new ShapeError(`window larger than padded input (${len} + pads)`);
        return out;
    });
}

const conv: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const w = input(ctx, 1);
        const group = getInt(ctx.attrs, 'group', 1);
        const spatial = x.shape.length - 2;
        if (w.shape.length !== x.shape.length)
            throw new ShapeError('Conv: weight rank differs from input');
        if (x.shape[1] !== w.shape[1] * group || w.shape[0] % group !== 0) {
            throw new ShapeError(
                `Conv: channels ${formatShape(x.shape)} vs weight ${formatShape(w.shape)} with group=${group}`,
            );
        }
        const win = windowAttrs(ctx.attrs, spatial, w.shape.slice(2));
        return [
            {
                dtype: x.dtype,
                shape: [x.shape[0], w.shape[0], ...windowOutput(x.shape.slice(2), win)],
            },
        ];
    },
};

const convTranspose: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const w = input(ctx, 1);
        const group = getInt(ctx.attrs, 'group', 1);
        const spatial = x.shape.length - 2;
        if (x.shape[1] !== w.shape[0]) throw new ShapeError('ConvTranspose: channel mismatch');
        const win = windowAttrs(ctx.attrs, spatial, w.shape.slice(2));
        const outPad = getInts(ctx.attrs, 'output_padding', new Array(spatial).fill(0));
        const out = x.shape
            .slice(2)
            .map(
                (len, k) =>
                    win.strides[k] * (len - 1) +
                    outPad[k] +
                    (win.kernel[k] - 1) * win.dilations[k] +
                    1 -
                    win.pads[k] -
                    win.pads[k + spatial],
            );
        return [{ dtype: x.dtype, shape: [x.shape[0], w.shape[1] * group, ...out] }];
    },
};

const pool: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const win = windowAttrs(ctx.attrs, x.shape.length - 2);
        const shape = [x.shape[0], x.shape[1], ...windowOutput(x.shape.slice(2), win)];
        return ctx.op === 'MaxPool'
            ? [
                  { dtype: x.dtype, shape },
                  { dtype: 'int64', shape },
              ]
            : [{ dtype: x.dtype, shape }];
    },
};

const globalPool: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        return [
            { dtype: x.dtype, shape: [x.shape[0], x.shape[1], ...x.shape.slice(2).map(() => 1)] },
        ];
    },
};

export const convOps = {
    Conv: conv,
    ConvTranspose: convTranspose,
    MaxPool: pool,
    AveragePool: pool,
    GlobalAveragePool: globalPool,
} satisfies Record<string, OpSchema>;
