// Gradient rules of shape ops: each moves the cotangent back to where the input's elements were.
import { getInt, getString } from '../../ir/attrs';
import type { GraphBuilder } from '../../ir/builder';
import type { Node, Value } from '../../ir/graph';
import { type OpContext, constInts, normAxis } from '../../ir/opSchema';
import { sliceAxes, transposePerm } from '../../ir/ops/shape';
import { sizeOf, tensor } from '../../ir/tensor';
import { type GradRule, type MultiOutputGradRule, NoGradRuleError } from '../gradRule';

/** A forward node as the op schemas see it (its constant inputs read from the graph). */
export function opContext(b: GraphBuilder, node: Node): OpContext {
    return {
        op: node.op,
        inputs: node.inputs,
        attrs: node.attrs,
        constant: (i) => (node.inputs[i] ? b.graph.constantOf(node.inputs[i]!) : undefined),
    };
}

/** Reshape, Flatten, Squeeze, Unsqueeze: the cotangent takes the input's shape back. */
export const reshapeBack: GradRule = ({ g, x: [x], groups }, b) => {
    const G = groups(0);
    return [b.reshape(g, G > 1 ? [G, ...x!.shape] : x!.shape)];
};

/** Transpose: apply the inverse permutation (shifted by one axis for grouped cotangents). */
export const transpose: GradRule = ({ g, node, groups }, b) => {
    const perm = transposePerm(opContext(b, node));
    const inverse = perm.map((_, k) => perm.indexOf(k));
    return [b.transpose(g, groups(0) > 1 ? [0, ...inverse.map((p) => p + 1)] : inverse)];
};

/** Expand: the walker's unbroadcast sums the cotangent back to the input's shape. */
export const expand: GradRule = ({ g }) => [g, null];

/** Concat: each input takes its slice of the cotangent. */
export const concat: GradRule = ({ g, x, attrs, wants }, b) => {
    const axis = normAxis(getInt(attrs, 'axis'), g.shape.length);
    let offset = 0;
    return x.map((xi, i) => {
        const start = offset;
        offset += xi!.shape[axis];
        return wants[i] ? b.slice(g, [start], [offset], [axis]) : null;
    });
};

/** Split: concatenate the output cotangents (zeros for outputs without one). */
export const split: MultiOutputGradRule = {
    multiOutput: ({ g, y, attrs }, b) => {
        const axis = normAxis(getInt(attrs, 'axis', 0), y[0].shape.length);
        const parts = g.map((gi, k) => gi ?? b.zerosLike(y[k]));
        return [b.concat(parts, axis), null];
    },
};

/**
 * Slice: forward slices pad the cotangent back (spread out first along strided axes); slices with
 * a negative step scatter it to the sliced positions.
 */
export const slice: GradRule = ({ g, x: [x], node }, b) => {
    const ranges = sliceAxes(opContext(b, node));
    const shape = x!.shape;
    if (ranges.every((r) => r.step > 0))
        return [spreadStrided(b, g, shape, ranges), null, null, null, null];
    const indices = slicedFlatIndices(shape, g.shape, ranges);
    const flat = b.op('ScatterElements', [
        b.zeros([sizeOf(shape)], x!.dtype),
        b.constant(tensor('int64', [indices.length], indices)),
        b.reshape(g, [indices.length]),
    ]);
    return [b.reshape(flat, shape), null, null, null, null];
};

/**
 * Forward slices backward without a scatter: zero-stuff each strided axis (element i to position
 * i*k: add a size-1 axis, pad it to k, merge), then pad to the input's extent. Why: the scatter's
 * index constant has one int64 per element (28 MB in an NB201 double-backward graph) and is slow
 * to build, export and run.
 */
function spreadStrided(
    b: GraphBuilder,
    g: Value,
    shape: readonly number[],
    ranges: ReturnType<typeof sliceAxes>,
): Value {
    let out = g;
    const rank = shape.length;
    const begin = new Array<number>(rank).fill(0);
    const end = new Array<number>(rank).fill(0);
    for (const r of ranges) {
        if (r.step > 1) out = stuffZeros(b, out, r.axis, r.step);
        const covered = out.shape[r.axis];
        if (r.start + covered > shape[r.axis]) {
            out = b.slice(out, [0], [shape[r.axis] - r.start], [r.axis]);
        }
        begin[r.axis] = r.start;
        end[r.axis] = shape[r.axis] - r.start - out.shape[r.axis];
    }
    return [...begin, ...end].some((p) => p > 0)
        ? b.op('Pad', [out, b.ints([...begin, ...end])])
        : out;
}

/** Spreads `axis` of x by `step`: element i lands at position i*step, zeros in between. */
function stuffZeros(b: GraphBuilder, x: Value, axis: number, step: number): Value {
    const shape = x.shape;
    const slotted = b.reshape(x, [...shape.slice(0, axis + 1), 1, ...shape.slice(axis + 1)]);
    const pads = new Array<number>(2 * (shape.length + 1)).fill(0);
    pads[shape.length + 1 + axis + 1] = step - 1;
    const spread = b.op('Pad', [slotted, b.ints(pads)]);
    return b.reshape(spread, [
        ...shape.slice(0, axis),
        shape[axis] * step,
        ...shape.slice(axis + 1),
    ]);
}

function slicedFlatIndices(
    shape: readonly number[],
    outShape: readonly number[],
    ranges: ReturnType<typeof sliceAxes>,
): number[] {
    const n = sizeOf(outShape);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
        let rem = i;
        let flat = 0;
        let stride = 1;
        const coords: number[] = new Array(outShape.length);
        for (let k = outShape.length - 1; k >= 0; k--) {
            coords[k] = rem % outShape[k];
            rem = Math.floor(rem / outShape[k]);
        }
        for (let k = shape.length - 1; k >= 0; k--) {
            const r = ranges.find((s) => s.axis === k);
            flat += (r ? r.start + coords[k] * r.step : coords[k]) * stride;
            stride *= shape[k];
        }
        out.push(flat);
    }
    return out;
}

/** Pad (constant mode): slice away what was added, pad back what a negative pad cropped. */
export const pad: GradRule = ({ g, x: [x], node }, b) => {
    const mode = node.attrs.mode;
    if (mode && mode.kind === 'string' && mode.value !== 'constant') {
        throw new Error(`Pad gradient: only constant mode is supported (node '${node.name}')`);
    }
    const ctx = opContext(b, node);
    const rank = x!.shape.length;
    const pads = constInts(ctx, 1)!;
    const axes = (constInts(ctx, 3) ?? [...Array(rank).keys()]).map((a) => normAxis(a, rank));
    const begin = new Array<number>(rank).fill(0);
    const end = new Array<number>(rank).fill(0);
    axes.forEach((a, k) => {
        begin[a] = pads[k];
        end[a] = pads[k + axes.length];
    });
    const sliced = b.slice(
        g,
        begin.map((p) => Math.max(p, 0)),
        g.shape.map((d, k) => d - Math.max(end[k], 0)),
        [...Array(rank).keys()],
    );
    const regrow = [...begin, ...end].map((p) => Math.max(-p, 0));
    const dx = regrow.some((p) => p > 0) ? b.op('Pad', [sliced, b.ints(regrow)]) : sliced;
    return [dx, null, null, null];
};

/** Gather: scatter-add the cotangent rows back to the gathered indices (repeats accumulate). */
export const gather: GradRule = ({ g, x: [x, idx], attrs }, b) => {
    const rank = x!.shape.length;
    const axis = normAxis(getInt(attrs, 'axis', 0), rank);
    const r = idx!.shape.length;
    const dim = x!.shape[axis];
    const rest = [...x!.shape.slice(0, axis), ...x!.shape.slice(axis + 1)];
    const m = sizeOf(idx!.shape);
    // Move the index axes of g to the front: [idx..., before..., after...].
    const gRank = g.shape.length;
    const front = [...Array(r).keys()].map((k) => axis + k);
    const others = [...Array(gRank).keys()].filter((k) => k < axis || k >= axis + r);
    const updates = b.reshape(b.transpose(g, [...front, ...others]), [m, ...rest]);
    const positive = b.where(
        b.op('Less', [idx!, b.scalar(0, idx!)]),
        b.add(idx!, b.scalar(dim, idx!)),
        idx!,
    );
    const zeros = b.zeros([dim, ...rest], x!.dtype);
    const scattered = b.op('ScatterND', [zeros, b.reshape(positive, [m, 1]), updates], {
        reduction: { kind: 'string', value: 'add' },
    });
    const back = [...Array(rank).keys()].map((k) => (k < axis ? k + 1 : k === axis ? 0 : k));
    return [b.transpose(scattered, back), null];
};

/**
 * ScatterElements on 1-D data and ScatterND with [m, 1] indices (rows of axis 0), the forms our
 * own rules emit: y = data with y[i_k] (+)= u_k  ⇒  du = Gather(g, i), and dData = g under
 * reduction "add", g with the written rows zeroed under "none". (Needed for double backward.)
 */
export const scatterRows: GradRule = (
    { g, x: [data, indices, updates], attrs, wants, node },
    b,
) => {
    const rowIndices =
        node.op === 'ScatterND'
            ? indices!.shape.length === 2 && indices!.shape[1] === 1
            : data!.shape.length === 1;
    if (!rowIndices)
        throw new NoGradRuleError(
            node.op,
            node.name,
            'has a gradient only for scatters into rows of axis 0',
        );
    const rows = b.reshape(indices!, [sizeOf(indices!.shape)]);
    const dUpdates = wants[2] ? b.reshape(b.gather(g, rows, 0), updates!.shape) : null;
    let dData: Value | null = null;
    if (wants[0]) {
        dData =
            getString(attrs, 'reduction', 'none') === 'add'
                ? g
                : b.op(node.op, [g, indices!, b.zerosLike(updates!)]);
    }
    return [dData, null, dUpdates];
};
