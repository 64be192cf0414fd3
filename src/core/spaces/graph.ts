// GraphSpec -> IR: one PyTorch layer per node, with PyTorch's default initialisation. Ops the IR
// has no gradient rule for are composed from ones it has (activations: layers.ts).
import { float, int, ints } from '../ir/attrs';
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { pytorchLayerInit } from '../ir/init';
import { batchNormTraining } from '../ir/layers';
import { formatShape, tensor } from '../ir/tensor';
import type { GraphNode, GraphSpec } from '../spec/spec';
import { type BuildOptions, type BuiltModel, type NormOptions, normOptions } from './built';
import { activation, linear } from './layers';

/** A node that cannot be built; names the module path. */
export class GraphBuildError extends Error {}

/** trunc_normal_(std=.02), as ViTs initialise class tokens and position embeddings. */
const PARAMETER_INIT = { kind: 'truncatedNormal', std: 0.02, bound: 2 } as const;

type Attrs = NonNullable<GraphNode['attrs']>;
const num = (a: Attrs, k: string, d = 0) => (a[k] as number | undefined) ?? d;
const two = (a: Attrs, k: string): number[] => (a[k] as number[] | undefined) ?? [0, 0];

interface Ctx {
    readonly b: GraphBuilder;
    readonly norm: NormOptions;
    readonly batch: number;
}

const withBatch = (c: Ctx, shape: readonly number[]) => shape.map((d) => (d === -1 ? c.batch : d));
const ones = (n: number) => tensor('float32', [n], new Float32Array(n).fill(1));
const zeros = (n: number) => tensor('float32', [n], new Float32Array(n));

/** A conv's inputs: x, its weight and (if it has one) bias, with PyTorch's init by `fanIn`. */
function convInputs(c: Ctx, x: Value, a: Attrs, path: string, weight: number[], fanIn: number) {
    const w = c.b.param(`${path}.weight`, 'float32', weight, pytorchLayerInit(fanIn));
    if (!a.bias) return [x, w];
    return [x, w, c.b.param(`${path}.bias`, 'float32', [num(a, 'out')], pytorchLayerInit(fanIn))];
}

/** A conv's window as ONNX attributes (the spec's padding is the same on both sides). */
function convWindow(a: Attrs) {
    const [ph, pw] = two(a, 'padding');
    return {
        kernel_shape: ints(two(a, 'kernel')),
        strides: ints(two(a, 'stride')),
        pads: ints([ph, pw, ph, pw]),
        dilations: ints(two(a, 'dilation')),
    };
}

function conv(c: Ctx, x: Value, a: Attrs, path: string): Value {
    const [kh, kw] = two(a, 'kernel');
    const [inC, groups] = [num(a, 'in'), num(a, 'groups', 1)];
    const weight = [num(a, 'out'), inC / groups, kh, kw];
    const inputs = convInputs(c, x, a, path, weight, (inC / groups) * kh * kw);
    return c.b.op('Conv', inputs, { ...convWindow(a), group: int(groups) });
}

function convTranspose(c: Ctx, x: Value, a: Attrs, path: string): Value {
    const [kh, kw] = two(a, 'kernel');
    const out = num(a, 'out');
    // PyTorch's fan_in of a transposed conv weight [in, out, kh, kw] is out·kh·kw.
    const inputs = convInputs(c, x, a, path, [num(a, 'in'), out, kh, kw], out * kh * kw);
    const outputPadding = ints(two(a, 'outputPadding'));
    return c.b.op('ConvTranspose', inputs, { ...convWindow(a), output_padding: outputPadding });
}

function norm(c: Ctx, x: Value, a: Attrs, path: string, n: number): [Value, Value] {
    if (a.affine === false) return [c.b.constant(ones(n)), c.b.constant(zeros(n))];
    return [
        c.b.param(`${path}.weight`, 'float32', [n], { kind: 'constant', value: 1 }),
        c.b.param(`${path}.bias`, 'float32', [n], { kind: 'constant', value: 0 }),
    ];
}

function layerNorm(c: Ctx, x: Value, a: Attrs, path: string): Value {
    const dims = a.dims as number[];
    const n = dims.reduce((p, d) => p * d, 1);
    if (c.norm.identity) return x;
    const [scale, bias] = norm(c, x, a, path, n);
    const shaped = (v: Value) => (dims.length === 1 ? v : c.b.reshape(v, dims));
    return c.b.op('LayerNormalization', [x, shaped(scale), shaped(bias)], {
        axis: int(-dims.length),
        epsilon: float(num(a, 'eps', 1e-5)),
    });
}

function groupNorm(c: Ctx, x: Value, a: Attrs, path: string): Value {
    if (c.norm.identity) return x;
    const groups = num(a, 'groups');
    const channels = num(a, 'channels');
    const grouped = c.b.reshape(x, [x.shape[0], groups, -1]);
    const m = grouped.shape[2];
    const normed = c.b.op(
        'LayerNormalization',
        [grouped, c.b.constant(ones(m)), c.b.constant(zeros(m))],
        { axis: int(-1), epsilon: float(num(a, 'eps', 1e-5)) },
    );
    const [scale, bias] = norm(c, x, a, path, channels);
    const perChannel = [channels, ...x.shape.slice(2).map(() => 1)];
    return c.b.add(
        c.b.mul(c.b.reshape(normed, x.shape), c.b.reshape(scale, perChannel)),
        c.b.reshape(bias, perChannel),
    );
}

function pool(c: Ctx, x: Value, a: Attrs, op: 'MaxPool' | 'AveragePool'): Value {
    const [ph, pw] = two(a, 'padding');
    const attrs = {
        kernel_shape: ints(two(a, 'kernel')),
        strides: ints(two(a, 'stride')),
        pads: ints([ph, pw, ph, pw]),
        ceil_mode: int(a.ceil ? 1 : 0),
        ...(op === 'AveragePool'
            ? { count_include_pad: int(a.countIncludePad === false ? 0 : 1) }
            : {}),
    };
    return c.b.op(op, [x], attrs);
}

function apply(c: Ctx, n: GraphNode, xs: Value[]): Value {
    const b = c.b;
    const a = n.attrs ?? {};
    const path = n.path ?? n.op;
    const [x] = xs;
    switch (n.op) {
        case 'conv':
            return conv(c, x, a, path);
        case 'convtranspose':
            return convTranspose(c, x, a, path);
        case 'linear':
            return linear(b, x, num(a, 'out'), path, a.bias !== false);
        case 'batchnorm': {
            if (c.norm.identity) return x;
            const [scale, bias] = norm(c, x, a, path, num(a, 'channels'));
            return batchNormTraining(b, x, scale, bias, {
                epsilon: num(a, 'eps', 1e-5),
                ghostGroups: c.norm.ghostGroups,
            });
        }
        case 'layernorm':
            return layerNorm(c, x, a, path);
        case 'groupnorm':
            return groupNorm(c, x, a, path);
        case 'relu':
        case 'relu6':
        case 'silu':
        case 'gelu':
        case 'sigmoid':
        case 'tanh':
        case 'hardswish':
        case 'hardsigmoid':
            return activation(b, n.op, x);
        case 'softmax':
            return b.softmax(x, num(a, 'axis'));
        case 'logsoftmax':
            return b.logSoftmax(x, num(a, 'axis'));
        case 'maxpool':
            return pool(c, x, a, 'MaxPool');
        case 'avgpool':
            return pool(c, x, a, 'AveragePool');
        case 'adaptiveavgpool': {
            const [oh, ow] = two(a, 'size');
            if (oh === 1 && ow === 1) return b.op('GlobalAveragePool', [x]);
            const k = [x.shape[2] / oh, x.shape[3] / ow];
            return b.op('AveragePool', [x], {
                kernel_shape: ints(k),
                strides: ints(k),
                pads: ints([0, 0, 0, 0]),
            });
        }
        case 'upsample': {
            const [fh, fw] = two(a, 'factor');
            const [bb, ch, h, w] = x.shape;
            const spread = b.expand(b.reshape(x, [bb, ch, h, 1, w, 1]), [bb, ch, h, fh, w, fw]);
            return b.reshape(spread, [bb, ch, h * fh, w * fw]);
        }
        case 'add':
            return b.add(x, xs[1]);
        case 'sub':
            return b.sub(x, xs[1]);
        case 'mul':
            return b.mul(x, xs[1]);
        case 'div':
            return b.div(x, xs[1]);
        case 'scale': {
            const scaled = num(a, 'mul', 1) === 1 ? x : b.mulScalar(x, num(a, 'mul', 1));
            return num(a, 'add') === 0 ? scaled : b.addScalar(scaled, num(a, 'add'));
        }
        case 'matmul':
            return b.matMul(x, xs[1]);
        case 'cat':
            return b.concat(xs, num(a, 'axis'));
        case 'reshape':
            return b.reshape(x, withBatch(c, n.shape));
        case 'permute':
            return b.transpose(x, a.perm as number[]);
        case 'mean':
            return b.reduceMean(x, a.axes as number[], a.keepdim === true);
        case 'slice':
            return b.slice(
                x,
                [num(a, 'start')],
                [num(a, 'end')],
                [num(a, 'axis')],
                [num(a, 'step', 1)],
            );
        case 'expand':
            return b.expand(x, withBatch(c, n.shape));
        case 'param':
            return b.param(path, 'float32', n.shape, PARAMETER_INIT);
    }
}

export function buildGraph(spec: GraphSpec, opts: BuildOptions): BuiltModel {
    const b = new GraphBuilder();
    const c: Ctx = { b, norm: normOptions(opts), batch: opts.batch };
    const input = b.input('input', 'float32', [opts.batch, ...spec.input]);
    const values: Value[] = [];
    spec.nodes.forEach((n, i) => {
        const xs = n.inputs.map((k) => (k === -1 ? input : values[k]));
        let y: Value;
        try {
            y = apply(c, n, xs);
        } catch (e) {
            throw new GraphBuildError(
                `${n.path ?? `node ${i}`} (${n.op}): ${e instanceof Error ? e.message : String(e)}`,
            );
        }
        const want = withBatch(c, n.shape);
        if (formatShape(y.shape) !== formatShape(want)) {
            throw new GraphBuildError(
                `${n.path ?? `node ${i}`} (${n.op}) gives ${formatShape(y.shape)}, expected ${formatShape(want)}`,
            );
        }
        values.push(y);
    });
    const logits = spec.output === -1 ? input : values[spec.output];
    if (logits.shape.length !== 2 || logits.shape[1] !== spec.classes) {
        throw new GraphBuildError(
            `the network ends in ${formatShape(logits.shape.slice(1))} per sample, expected [${spec.classes}] logits`,
        );
    }
    b.output(logits, 'logits');
    return { graph: b.graph, input, logits, classes: spec.classes };
}
