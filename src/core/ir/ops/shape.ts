// Shape-manipulating ops. Most fold at build time when their inputs are constants, which is how
// Shape -> Gather -> Concat -> Reshape chains from exporters collapse into plain constants.
import { getInt, getInts, getTensor } from '../attrs';
import { fromNumbers, gatherBy, mapBroadcast, stridesOf } from '../hostEval';
import {
    type OpContext,
    type OpSchema,
    ShapeError,
    broadcastShapes,
    constInts,
    input,
    normAxis,
    requiredInts,
} from '../opSchema';
import { type Shape, type TensorData, formatShape, sizeOf, toNumbers } from '../tensor';

function reshapeTarget(
    op: string,
    from: Shape,
    spec: readonly number[],
    allowZero: boolean,
): number[] {
    const out = spec.map((d, k) => (d === 0 && !allowZero ? from[k] : d));
    const inferred = out.indexOf(-1);
    if (inferred >= 0) {
        const known = out.reduce((acc, d, k) => (k === inferred ? acc : acc * d), 1);
        out[inferred] = known === 0 ? 0 : sizeOf(from) / known;
    }
    if (!Number.isInteger(out[inferred] ?? 0) || sizeOf(out) !== sizeOf(from)) {
        throw new ShapeError(`${op}: cannot reshape ${formatShape(from)} to ${formatShape(spec)}`);
    }
    return out;
}

const keepData = (t: TensorData, shape: Shape): TensorData => ({
    dtype: t.dtype,
    shape: [...shape],
    data: t.data,
});

const reshape: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const spec = requiredInts(ctx, 1);
        return [
            {
                dtype: x.dtype,
                shape: reshapeTarget(
                    'Reshape',
                    x.shape,
                    spec,
                    getInt(ctx.attrs, 'allowzero', 0) === 1,
                ),
            },
        ];
    },
    fold: (ctx, [x]) => [keepData(x, reshape.infer(ctx)[0].shape)],
};

const flatten: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const axis = getInt(ctx.attrs, 'axis', 1);
        const a = axis < 0 ? axis + x.shape.length : axis;
        return [{ dtype: x.dtype, shape: [sizeOf(x.shape.slice(0, a)), sizeOf(x.shape.slice(a))] }];
    },
    fold: (ctx, [x]) => [keepData(x, flatten.infer(ctx)[0].shape)],
};

export function transposePerm(ctx: OpContext): number[] {
    const rank = input(ctx, 0).shape.length;
    const perm = [...getInts(ctx.attrs, 'perm', [...Array(rank).keys()].reverse())];
    if (
        perm.length !== rank ||
        new Set(perm).size !== rank ||
        perm.some((p) => p < 0 || p >= rank)
    ) {
        throw new ShapeError(`Transpose: bad perm [${perm.join(',')}] for rank ${rank}`);
    }
    return perm;
}

const transpose: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        return [{ dtype: x.dtype, shape: transposePerm(ctx).map((p) => x.shape[p]) }];
    },
    fold: (ctx, [x]) => {
        const perm = transposePerm(ctx);
        const inStrides = stridesOf(x.shape);
        const out = transpose.infer(ctx)[0].shape;
        return [gatherBy(x, out, (c) => c.reduce((acc, v, k) => acc + v * inStrides[perm[k]], 0))];
    },
};

const concat: OpSchema = {
    infer: (ctx) => {
        const xs = ctx.inputs.map((_, i) => input(ctx, i));
        const axis = normAxis(getInt(ctx.attrs, 'axis'), xs[0].shape.length, 'Concat');
        const shape = [...xs[0].shape];
        shape[axis] = 0;
        for (const x of xs) {
            if (
                x.shape.length !== shape.length ||
                x.shape.some((d, k) => k !== axis && d !== shape[k])
            ) {
                throw new ShapeError(
                    `Concat: incompatible ${xs.map((v) => formatShape(v.shape)).join(', ')}`,
                );
            }
            shape[axis] += x.shape[axis];
        }
        return [{ dtype: xs[0].dtype, shape }];
    },
    fold: (ctx, values) => {
        const out = concat.infer(ctx)[0].shape;
        const axis = normAxis(getInt(ctx.attrs, 'axis'), out.length);
        const starts: number[] = [];
        let acc = 0;
        for (const v of values) {
            starts.push(acc);
            acc += v.shape[axis];
        }
        const parts = values.map((v) => ({ v: toNumbers(v), strides: stridesOf(v.shape) }));
        const flat: number[] = [];
        const strides = stridesOf(out);
        for (let i = 0; i < sizeOf(out); i++) {
            const c = out.map((d, k) => Math.floor(i / strides[k]) % d);
            let p = starts.length - 1;
            while (starts[p] > c[axis]) p--;
            c[axis] -= starts[p];
            flat.push(parts[p].v[c.reduce((s, x, k) => s + x * parts[p].strides[k], 0)]);
        }
        return [fromNumbers(values[0].dtype, out, flat)];
    },
};

export interface SliceAxis {
    readonly axis: number;
    readonly start: number;
    readonly step: number;
    readonly length: number;
}

/** Resolves Slice inputs (negative indices, clamping, steps) into per-axis ranges. */
export function sliceAxes(ctx: OpContext): SliceAxis[] {
    const x = input(ctx, 0);
    const starts = requiredInts(ctx, 1);
    const ends = requiredInts(ctx, 2);
    const axes = constInts(ctx, 3) ?? starts.map((_, k) => k);
    const steps = constInts(ctx, 4) ?? starts.map(() => 1);
    return axes.map((a, k) => {
        const axis = normAxis(a, x.shape.length, 'Slice');
        const dim = x.shape[axis];
        const step = steps[k];
        if (step === 0) throw new ShapeError('Slice: step 0');
        const clamp = (v: number, lo: number, hi: number) =>
            Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
        const start = step > 0 ? clamp(starts[k], 0, dim) : clamp(starts[k], 0, dim - 1);
        const end = step > 0 ? clamp(ends[k], 0, dim) : clamp(ends[k], -1, dim - 1);
        return { axis, start, step, length: Math.max(0, Math.ceil((end - start) / step)) };
    });
}

const slice: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const shape = [...x.shape];
        for (const s of sliceAxes(ctx)) shape[s.axis] = s.length;
        return [{ dtype: x.dtype, shape }];
    },
    fold: (ctx, [x]) => {
        const ranges = sliceAxes(ctx);
        const strides = stridesOf(x.shape);
        const out = slice.infer(ctx)[0].shape;
        return [
            gatherBy(x, out, (c) =>
                c.reduce((acc, v, k) => {
                    const r = ranges.find((s) => s.axis === k);
                    return acc + (r ? r.start + v * r.step : v) * strides[k];
                }, 0),
            ),
        ];
    },
};

const gather: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const idx = input(ctx, 1);
        const axis = normAxis(getInt(ctx.attrs, 'axis', 0), x.shape.length, 'Gather');
        return [
            {
                dtype: x.dtype,
                shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)],
            },
        ];
    },
    fold: (ctx, [x, idx]) => {
        const axis = normAxis(getInt(ctx.attrs, 'axis', 0), x.shape.length);
        const indices = toNumbers(idx);
        const strides = stridesOf(x.shape);
        const idxStrides = stridesOf(idx.shape);
        const r = idx.shape.length;
        const out = gather.infer(ctx)[0].shape;
        return [
            gatherBy(x, out, (c) => {
                const flatIdx = c
                    .slice(axis, axis + r)
                    .reduce((s, v, k) => s + v * idxStrides[k], 0);
                let j = indices[flatIdx];
                if (j < 0) j += x.shape[axis];
                const src = [...c.slice(0, axis), j, ...c.slice(axis + r)];
                return src.reduce((s, v, k) => s + v * strides[k], 0);
            }),
        ];
    },
};

function squeezeShape(ctx: OpContext): number[] {
    const x = input(ctx, 0);
    const axes = constInts(ctx, 1)?.map((a) => normAxis(a, x.shape.length, 'Squeeze'));
    return x.shape.filter((d, k) => (axes ? !axes.includes(k) : d !== 1));
}

function unsqueezeShape(ctx: OpContext): number[] {
    const x = input(ctx, 0);
    const axes = requiredInts(ctx, 1);
    const rank = x.shape.length + axes.length;
    const norm = axes.map((a) => normAxis(a, rank, 'Unsqueeze'));
    const shape: number[] = [];
    let j = 0;
    for (let k = 0; k < rank; k++) shape.push(norm.includes(k) ? 1 : x.shape[j++]);
    return shape;
}

const squeeze: OpSchema = {
    infer: (ctx) => [{ dtype: input(ctx, 0).dtype, shape: squeezeShape(ctx) }],
    fold: (ctx, [x]) => [keepData(x, squeezeShape(ctx))],
};

const unsqueeze: OpSchema = {
    infer: (ctx) => [{ dtype: input(ctx, 0).dtype, shape: unsqueezeShape(ctx) }],
    fold: (ctx, [x]) => [keepData(x, unsqueezeShape(ctx))],
};

const expand: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        return [
            { dtype: x.dtype, shape: broadcastShapes('Expand', x.shape, requiredInts(ctx, 1)) },
        ];
    },
    fold: (ctx, [x]) => [mapBroadcast([x], expand.infer(ctx)[0].shape, x.dtype, (v) => v)],
};

function shapeSlice(ctx: OpContext): number[] {
    const x = input(ctx, 0);
    const r = x.shape.length;
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
    return x.shape.slice(clamp(getInt(ctx.attrs, 'start', 0)), clamp(getInt(ctx.attrs, 'end', r)));
}

// Shape and Size always fold: shapes are static, so their values are known without the input's data.
const shapeOp: OpSchema = {
    infer: (ctx) => [{ dtype: 'int64', shape: [shapeSlice(ctx).length] }],
    fold: (ctx) => [fromNumbers('int64', [shapeSlice(ctx).length], shapeSlice(ctx))],
    foldsWithoutData: true,
};

const size: OpSchema = {
    infer: () => [{ dtype: 'int64', shape: [] }],
    fold: (ctx) => [fromNumbers('int64', [], [sizeOf(input(ctx, 0).shape)])],
    foldsWithoutData: true,
};

function constantValue(ctx: OpContext): TensorData {
    const t = getTensor(ctx.attrs, 'value');
    if (t) return t;
    const a = ctx.attrs;
    if (a.value_float?.kind === 'float') return fromNumbers('float32', [], [a.value_float.value]);
    if (a.value_floats?.kind === 'floats')
        return fromNumbers('float32', [a.value_floats.value.length], a.value_floats.value);
    if (a.value_int?.kind === 'int') return fromNumbers('int64', [], [a.value_int.value]);
    if (a.value_ints?.kind === 'ints')
        return fromNumbers('int64', [a.value_ints.value.length], a.value_ints.value);
    throw new ShapeError('Constant: unsupported value attribute');
}

const constant: OpSchema = {
    infer: (ctx) => {
        const t = constantValue(ctx);
        return [{ dtype: t.dtype, shape: t.shape }];
    },
    fold: (ctx) => [constantValue(ctx)],
};

const constantOfShape: OpSchema = {
    infer: (ctx) => {
        const v = getTensor(ctx.attrs, 'value');
        return [{ dtype: v?.dtype ?? 'float32', shape: requiredInts(ctx, 0) }];
    },
    fold: (ctx) => {
        const [out] = constantOfShape.infer(ctx);
        const v = getTensor(ctx.attrs, 'value');
        const fill = v ? toNumbers(v)[0] : 0;
        return [fromNumbers(out.dtype, out.shape, new Array(sizeOf(out.shape)).fill(fill))];
    },
};

const range: OpSchema = {
    infer: (ctx) => {
        const [start, limit, delta] = [0, 1, 2].map((i) => {
            const c = ctx.constant(i);
            if (!c) throw new ShapeError('Range: inputs must be constants');
            return toNumbers(c)[0];
        });
        return [
            {
                dtype: input(ctx, 0).dtype,
                shape: [Math.max(Math.ceil((limit - start) / delta), 0)],
            },
        ];
    },
    fold: (ctx, [start, _limit, delta]) => {
        const [out] = range.infer(ctx);
        const s = toNumbers(start)[0];
        const d = toNumbers(delta)[0];
        return [
            fromNumbers(
                out.dtype,
                out.shape,
                Array.from({ length: out.shape[0] }, (_, i) => s + i * d),
            ),
        ];
    },
};

/** The sizes of Split's outputs, from its `split` input or `num_outputs`. */
export function splitSizes(ctx: OpContext, nOutputs: number): number[] {
    const x = input(ctx, 0);
    const axis = normAxis(getInt(ctx.attrs, 'axis', 0), x.shape.length, 'Split');
    const given = constInts(ctx, 1);
    if (given) return given;
    const n = getInt(ctx.attrs, 'num_outputs', nOutputs);
    const chunk = Math.ceil(x.shape[axis] / n);
    return Array.from({ length: n }, (_, i) => Math.min(chunk, x.shape[axis] - i * chunk));
}

const split: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const axis = normAxis(getInt(ctx.attrs, 'axis', 0), x.shape.length, 'Split');
        const sizes = splitSizes(ctx, getInt(ctx.attrs, 'num_outputs', 1));
        if (sizes.reduce((a, b) => a + b, 0) !== x.shape[axis])
            throw new ShapeError('Split: sizes do not cover the axis');
        return sizes.map((s) => ({
            dtype: x.dtype,
            shape: x.shape.map((d, k) => (k === axis ? s : d)),
        }));
    },
};

const pad: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const pads = requiredInts(ctx, 1);
        const r = x.shape.length;
        const axes = (constInts(ctx, 3) ?? [...Array(r).keys()]).map((a) => normAxis(a, r, 'Pad'));
        const shape = [...x.shape];
        axes.forEach((a, k) => (shape[a] += pads[k] + pads[k + axes.length]));
        if (shape.some((d) => d < 0)) throw new ShapeError('Pad: negative output size');
        return [{ dtype: x.dtype, shape }];
    },
};

const tile: OpSchema = {
    infer: (ctx) => {
        const x = input(ctx, 0);
        const reps = requiredInts(ctx, 1);
        return [{ dtype: x.dtype, shape: x.shape.map((d, k) => d * reps[k]) }];
    },
};

const scatterElements: OpSchema = {
    infer: (ctx) => [{ dtype: input(ctx, 0).dtype, shape: input(ctx, 0).shape }],
};

export const shapeOps = {
    Reshape: reshape,
    Flatten: flatten,
    Transpose: transpose,
    Concat: concat,
    Slice: slice,
    Gather: gather,
    Squeeze: squeeze,
    Unsqueeze: unsqueeze,
    Expand: expand,
    Shape: shapeOp,
    Size: size,
    Constant: constant,
    ConstantOfShape: constantOfShape,
    Range: range,
    Split: split,
    Pad: pad,
    Tile: tile,
    ScatterElements: scatterElements,
    ScatterND: scatterElements,
} satisfies Record<string, OpSchema>;
