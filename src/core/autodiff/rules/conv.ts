// Gradient rules of convolution and pooling, built from plain ONNX ops (ConvTranspose, an unfolded
// MatMul or a role-swapped Conv, ScatterElements). Conv and ConvTranspose weights can be asked for per-batch-group gradients.
import { type Attrs, getInt, getInts, int, ints, str } from '../../ir/attrs';
import type { GraphBuilder } from '../../ir/builder';
import type { Value } from '../../ir/graph';
import { type WindowAttrs, windowAttrs, windowOutput } from '../../ir/ops/conv';
import { type DType, type TensorData, sizeOf, tensor } from '../../ir/tensor';
import { type GradRule, NoGradRuleError } from '../gradRule';

const range = (n: number, from = 0) => Array.from({ length: n }, (_, k) => k + from);
const PER_GROUP_ONLY_FOR_WEIGHTS = 'gives per-group gradients only for the weight and bias';

/** The attributes of a Conv/ConvTranspose node that the gradient builds, from a window. */
function windowNodeAttrs(w: WindowAttrs, group: number): Attrs {
    return {
        strides: ints(w.strides),
        dilations: ints(w.dilations),
        pads: ints(w.pads),
        group: int(group),
    };
}

/**
 * Adjoint of a sliding window in its input: ConvTranspose(g, kernel) with the same window, brought
 * to `inSpatial` exactly. Floor-mode windows leave (len + pads - span) mod stride trailing input
 * elements untouched: output_padding restores them. Ceil-mode windows can overhang the end padding:
 * the overhang is sliced off.
 */
function windowTranspose(
    b: GraphBuilder,
    g: Value,
    kernel: Value,
    w: WindowAttrs,
    group: number,
    inSpatial: readonly number[],
): Value {
    const n = inSpatial.length;
    const span = (k: number) => w.dilations[k] * (w.kernel[k] - 1) + 1;
    const produced = inSpatial.map(
        (_, k) => w.strides[k] * (g.shape[k + 2] - 1) + span(k) - w.pads[k] - w.pads[k + n],
    );
    const outputPadding = produced.map((len, k) => Math.max(inSpatial[k] - len, 0));
    const dx = b.op('ConvTranspose', [g, kernel], {
        ...windowNodeAttrs(w, group),
        kernel_shape: ints(w.kernel),
        output_padding: ints(outputPadding),
    });
    return fitSpatial(b, dx, inSpatial);
}

/** Slices the spatial axes of `v` ([N, C, ...]) down to `spatial` where they are longer. */
function fitSpatial(b: GraphBuilder, v: Value, spatial: readonly number[]): Value {
    const axes = range(spatial.length, 2).filter((a) => v.shape[a] > spatial[a - 2]);
    if (axes.length === 0) return v;
    return b.slice(
        v,
        axes.map(() => 0),
        axes.map((a) => spatial[a - 2]),
        axes,
    );
}

/**
 * Weight cotangent of Y = Conv(X, W) (any stride, pads, dilation, group), optionally per batch group.
 * dW[o, c, κ] = Σ_{n, p} g[n, o, p] · Xpad[n, c, p·s + κ·d] is itself a convolution with the roles
 * swapped: channels become the batch, the batch becomes the channels, g is the kernel, and stride
 * and dilation trade places. Groups (and B batch groups, sample-major: group k holds rows
 * k·N/B ..) go into that conv's group axis:
 *   X [N, G·Cg, H..] -> [B, Nb, G, Cg, H..] -> [Cg, B, G, Nb, H..] -> [Cg, B·G·Nb, H..]
 *   g [N, G·Og, Ho..] -> [B, Nb, G, Og, Ho..] -> [B, G, Og, Nb, Ho..] -> [B·G·Og, Nb, Ho..]
 *   Conv(group = B·G) -> [Cg, B·G·Og, k'..] -> slice to k -> [B·G·Og, Cg, k..] -> [B, O, Cg, k..].
 * Returns [O, Cg, k..] when batchGroups = 1, else [B, O, Cg, k..]. Also the ConvTranspose weight
 * cotangent, called with (g, X) in place of (X, g). `attrs` are the forward node's attributes.
 */
export function convWeightGrad(
    b: GraphBuilder,
    x: Value,
    g: Value,
    attrs: Attrs,
    batchGroups = 1,
    kernel: readonly number[] = getInts(attrs, 'kernel_shape'),
): Value {
    const [n, c, ...xs] = x.shape;
    const [, o, ...gs] = g.shape;
    const G = getInt(attrs, 'group', 1);
    const B = batchGroups;
    if (n % B !== 0) throw new Error(`convWeightGrad: batch ${n} does not split into ${B} groups`);
    const [cg, og, nb, r] = [c / G, o / G, n / B, xs.length];
    const w = windowAttrs(attrs, r, kernel);
    const spatial = range(r, 4);
    const xt = b.transpose(b.reshape(x, [B, nb, G, cg, ...xs]), [3, 0, 2, 1, ...spatial]);
    const gt = b.transpose(b.reshape(g, [B, nb, G, og, ...gs]), [0, 2, 3, 1, ...spatial]);
    const [xr, gr] = [
        b.reshape(xt, [cg, B * G * nb, ...xs]),
        b.reshape(gt, [B * G * og, nb, ...gs]),
    ];
    const swapped: WindowAttrs = { ...w, strides: w.dilations, dilations: w.strides };
    const full = b.op('Conv', [xr, gr], windowNodeAttrs(swapped, B * G)); // [Cg, B·G·Og, k'..]
    const dw = b.transpose(fitSpatial(b, full, kernel), [1, 0, ...range(r, 2)]);
    return B > 1 ? b.reshape(dw, [B, o, cg, ...kernel]) : dw;
}

/** Largest kernel (taps per output) the unfolded weight gradient handles; bigger ones use the swapped conv. */
const MAX_UNFOLDED_TAPS = 9;

/**
 * The same weight cotangent as convWeightGrad, for group-1 convolutions with at most
 * MAX_UNFOLDED_TAPS taps, as one batched MatMul over an explicit unfolding of X:
 *   X [N, C, H..] -> [B, C, Nb, H..] -> one-hot depthwise Conv with the forward's window (and a
 *   unit window on the Nb axis) -> cols [B, C·K, Nb·P];  g [N, O, Ho..] -> [B, Nb·P, O];
 *   cols · g = [B, C·K, O] -> [B, O, C, k..].
 * Why: the swapped conv has a kernel as large as the image (32x32 for NB201) and only k·k output
 * positions, a skinny GEMM onnxruntime runs slowly; here the GEMM is [C·K x Nb·P] by [Nb·P x O].
 * The one-hot conv writes the unfolding once, where Pad + a strided Slice per tap + Concat wrote
 * it twice (NB201 3x3 C16 32x32, 2 groups of 64, 2 threads: 16.1 -> 13.9 ms; C64 8x8 8.6 -> 5.6 ms).
 * A graph that is differentiated again (`bySlices`) keeps the slices: the one-hot conv's adjoint is
 * a depthwise ConvTranspose, which onnxruntime runs slowly (NB201 grasp run 3.7-4.5 s with
 * slices, 6.2-6.5 s with the conv).
 * Returns undefined where it does not apply (grouped convs, big kernels).
 */
export function convWeightGradUnfolded(
    b: GraphBuilder,
    x: Value,
    g: Value,
    attrs: Attrs,
    batchGroups = 1,
    kernel: readonly number[] = getInts(attrs, 'kernel_shape'),
    bySlices = false,
): Value | undefined {
    const [n, c, ...xs] = x.shape;
    const [, o, ...gs] = g.shape;
    const taps = sizeOf(kernel);
    if (getInt(attrs, 'group', 1) !== 1 || taps > MAX_UNFOLDED_TAPS) return undefined;
    const B = batchGroups;
    if (n % B !== 0)
        throw new Error(`convWeightGradUnfolded: batch ${n} does not split into ${B} groups`);
    const nb = n / B;
    const positions = sizeOf(gs);
    const w = windowAttrs(attrs, xs.length, kernel);
    const xt = b.transpose(b.reshape(x, [B, nb, c, ...xs]), [0, 2, 1, ...range(xs.length, 3)]);
    const identityWindow =
        taps === 1 && w.strides.every((s) => s === 1) && xs.every((len, k) => len === gs[k]);
    const unfolded = identityWindow
        ? xt
        : bySlices
          ? unfoldBySlices(b, xt, w, gs)
          : unfoldByConv(b, xt, w, gs);
    const cols = b.reshape(unfolded, [B, c * taps, nb * positions]);
    const gt = b.reshape(b.transpose(b.reshape(g, [B, nb, o, positions]), [0, 1, 3, 2]), [
        B,
        nb * positions,
        o,
    ]);
    const dw = b.transpose(b.matMul(cols, gt), [0, 2, 1]); // [B, O, C·K]
    return b.reshape(dw, B > 1 ? [B, o, c, ...kernel] : [o, c, ...kernel]);
}

/*
 * The two unfoldings: xt [B, C, Nb, H..] -> [B, C·K, Nb, ..gs], channel c·K + κ holding tap κ of
 * channel c at each of the first `gs` window positions (ConvTranspose's role swap asks for fewer
 * positions than the window has).
 */

function unfoldBySlices(b: GraphBuilder, xt: Value, w: WindowAttrs, gs: readonly number[]): Value {
    const [B, c, nb] = xt.shape;
    const r = w.kernel.length;
    const spatialAxes = range(r, 3);
    const padded = w.pads.some((p) => p !== 0)
        ? b.op('Pad', [xt, b.ints([0, 0, 0, ...w.pads.slice(0, r), 0, 0, 0, ...w.pads.slice(r)])])
        : xt;
    const offsets = w.kernel.reduce<number[][]>(
        (acc, k) => acc.flatMap((prefix) => range(k).map((t) => [...prefix, t])),
        [[]],
    );
    const taps = offsets.map((at) => {
        const starts = at.map((t, k) => t * w.dilations[k]);
        const ends = starts.map((s0, k) => s0 + w.strides[k] * (gs[k] - 1) + 1);
        return b.reshape(b.slice(padded, starts, ends, spatialAxes, w.strides), [
            B,
            c,
            1,
            nb,
            ...gs,
        ]);
    });
    return b.reshape(b.concat(taps, 2), [B, c * offsets.length, nb, ...gs]);
}

function unfoldByConv(b: GraphBuilder, xt: Value, w: WindowAttrs, gs: readonly number[]): Value {
    const c = xt.shape[1];
    const r = w.kernel.length;
    const selector = b.constant(tapSelector(c, [1, ...w.kernel], xt.dtype));
    const window = {
        strides: [1, ...w.strides],
        dilations: [1, ...w.dilations],
        pads: [0, ...w.pads.slice(0, r), 0, ...w.pads.slice(r)],
    };
    const all = b.op('Conv', [xt, selector], {
        ...windowNodeAttrs({ ...w, ...window, kernel: [1, ...w.kernel] }, c),
        kernel_shape: ints([1, ...w.kernel]),
    });
    const spatialAxes = range(r, 3);
    if (spatialAxes.every((a, k) => all.shape[a] === gs[k])) return all;
    return b.slice(
        all,
        gs.map(() => 0),
        gs,
        spatialAxes,
    );
}

/** Depthwise weight [C·K, 1, k..] whose output channel c·K + κ copies tap κ of channel c. */
function tapSelector(channels: number, kernel: readonly number[], dtype: DType): TensorData {
    const taps = sizeOf(kernel);
    const values = new Array<number>(channels * taps * taps).fill(0);
    for (let row = 0; row < channels * taps; row++) values[row * taps + (row % taps)] = 1;
    return tensor(dtype, [channels * taps, 1, ...kernel], values);
}

/** The weight cotangent by the unfolded MatMul where it applies, else by the role-swapped conv. */
function weightCotangent(
    b: GraphBuilder,
    x: Value,
    g: Value,
    attrs: Attrs,
    batchGroups: number,
    kernel: readonly number[],
    bySlices: boolean,
): Value {
    return (
        convWeightGradUnfolded(b, x, g, attrs, batchGroups, kernel, bySlices) ??
        convWeightGrad(b, x, g, attrs, batchGroups, kernel)
    );
}

/** db[o] = Σ_{n, p} g[n, o, p]; per batch group [B, O]. */
function biasGrad(b: GraphBuilder, g: Value, batchGroups: number): Value {
    const [n, o, ...gs] = g.shape;
    if (batchGroups === 1) return b.reduceSum(g, [0, ...range(gs.length, 2)], false);
    const split = b.reshape(g, [batchGroups, n / batchGroups, o, ...gs]);
    return b.reduceSum(split, [1, ...range(gs.length, 3)], false);
}

/**
 * Y = Conv(X, W) + bias: dX = ConvTranspose(g, W) with the forward window (output_padding covers the
 * stride remainder), dW = weightCotangent(X, g), dbias = Σ g over batch and space.
 */
export const conv: GradRule = (
    { g, x: [x, w, bias], attrs, wants, groups, node, differentiatedAgain },
    b,
) => {
    if (groups(0) > 1) throw new NoGradRuleError(node.op, node.name, PER_GROUP_ONLY_FOR_WEIGHTS);
    const kernel = w!.shape.slice(2);
    const win = windowAttrs(attrs, kernel.length, kernel);
    const group = getInt(attrs, 'group', 1);
    return [
        wants[0] ? windowTranspose(b, g, w!, win, group, x!.shape.slice(2)) : null,
        wants[1] ? weightCotangent(b, x!, g, attrs, groups(1), kernel, differentiatedAgain) : null,
        bias && wants[2] ? biasGrad(b, g, groups(2)) : null,
    ];
};

/**
 * Y = ConvTranspose(X, W) + bias, the adjoint of Conv in its input: dX = Conv(g, W) with the same
 * window, dW = weightCotangent(g, X) (the conv's with the roles swapped, already in W's
 * [C_in, C_out/G, k..] layout), dbias = Σ g. A gradient graph differentiated again (grasp) needs
 * this once per conv.
 */
export const convTranspose: GradRule = (
    { g, x: [x, w, bias], attrs, wants, groups, node, differentiatedAgain },
    b,
) => {
    if (groups(0) > 1) throw new NoGradRuleError(node.op, node.name, PER_GROUP_ONLY_FOR_WEIGHTS);
    if (attrs.output_shape)
        throw new NoGradRuleError(node.op, node.name, 'needs explicit pads, not output_shape');
    const kernel = w!.shape.slice(2);
    const win = windowAttrs(attrs, kernel.length, kernel);
    const dx = () => {
        const full = b.op('Conv', [g, w!], windowNodeAttrs(win, getInt(attrs, 'group', 1)));
        // Why: ONNX allows output_padding >= stride if dilation > stride (onnxruntime refuses it).
        return fitSpatial(b, full, x!.shape.slice(2));
    };
    return [
        wants[0] ? dx() : null,
        wants[1] ? weightCotangent(b, g, x!, attrs, groups(1), kernel, differentiatedAgain) : null,
        bias && wants[2] ? biasGrad(b, g, groups(2)) : null,
    ];
};

/**
 * Y = max over each window: the cotangent goes to the arg-max, dX = scatter-add of g at the Indices
 * output (flat indices into the whole NCHW input, storage_order = 0), recomputed when the forward
 * node did not ask for them.
 */
export const maxPool: GradRule = ({ g, x: [x], y, attrs, node }, b) => {
    if (getInt(attrs, 'storage_order', 0) !== 0) {
        throw new NoGradRuleError(node.op, node.name, 'has a gradient only for storage_order=0');
    }
    const indices = y[1] ?? b.node('MaxPool', [x!], attrs, { outputs: 2 })[1];
    const zeros = b.zeros([sizeOf(x!.shape)], x!.dtype);
    const flat = b.op('ScatterElements', [zeros, b.reshape(indices, [-1]), b.reshape(g, [-1])], {
        axis: int(0),
        reduction: str('add'),
    });
    return [b.reshape(flat, x!.shape)];
};

/**
 * 1 / (number of elements each window averaged), shaped [1, 1, Ho..], as onnxruntime counts them:
 * taps inside the input (count_include_pad = 0) or inside the padded input (= 1). A ceil-mode
 * window overhanging the end padding counts only its taps inside the padded input. The window is a
 * box, so the count is a product of per-axis counts.
 */
export function averagePoolInverseCounts(
    inSpatial: readonly number[],
    w: WindowAttrs,
    includePad: boolean,
    dtype: DType,
): TensorData {
    const n = inSpatial.length;
    const outSpatial = windowOutput(inSpatial, w);
    const perAxis = outSpatial.map((len, k) => {
        const [lo, hi] = includePad
            ? [-w.pads[k], inSpatial[k] + w.pads[k + n]]
            : [0, inSpatial[k]];
        return range(len).map((p) => {
            const taps = range(w.kernel[k]).map(
                (t) => p * w.strides[k] - w.pads[k] + t * w.dilations[k],
            );
            return taps.filter((i) => i >= lo && i < hi).length;
        });
    });
    let counts = [1];
    for (const axis of perAxis) counts = counts.flatMap((c) => axis.map((a) => c * a));
    return tensor(
        dtype,
        [1, 1, ...outSpatial],
        counts.map((c) => 1 / c),
    );
}

/**
 * Y = mean over each window: dX = ConvTranspose(g / count, ones[C, 1, k..], group = C) with the
 * forward window, count per output position from averagePoolInverseCounts.
 */
export const averagePool: GradRule = ({ g, x: [x], attrs }, b) => {
    const inSpatial = x!.shape.slice(2);
    const win = windowAttrs(attrs, inSpatial.length);
    const includePad = getInt(attrs, 'count_include_pad', 0) === 1;
    const inverseCounts = averagePoolInverseCounts(inSpatial, win, includePad, x!.dtype);
    const inverse = b.constant(inverseCounts, 'avgpool_inv_count');
    const c = x!.shape[1];
    const ones = tensor(x!.dtype, [c, 1, ...win.kernel], new Array(c * sizeOf(win.kernel)).fill(1));
    return [
        windowTranspose(b, b.mul(g, inverse), b.constant(ones, 'avgpool_ones'), win, c, inSpatial),
    ];
};

/** Y = mean over all spatial positions: dX = Expand(g / |space|, X.shape). */
export const globalAveragePool: GradRule = ({ g, x: [x] }, b) => [
    b.expand(b.mulScalar(g, 1 / sizeOf(x!.shape.slice(2))), x!.shape),
];
