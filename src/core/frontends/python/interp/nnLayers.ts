// The torch.nn layers the interpreter knows: PyTorch's constructor signature and defaults, and a
// forward that records one GraphSpec op with PyTorch's shape rules. Containers live here too.
// Why over 500 lines: one table entry per torch.nn layer (about 40), each short; split by family next.
import type { Runtime } from './runtime';
import { type Recorder, axis, show } from './recorder';
import { addChild, moduleMethod } from './moduleApi';
import {
    type Args,
    BATCH,
    NotStatic,
    type NativeClass,
    type PyClass,
    type PyObject,
    type Tensor,
    type Val,
    int,
    isTensor,
    num,
    pair,
    truthy,
    typeName,
} from './values';

type Cfg = ReadonlyMap<string, Val>;
type LayerForward = (r: Recorder, x: Tensor, c: Cfg, path: string, self: PyObject) => Tensor;

interface LayerDef {
    readonly params: readonly string[];
    readonly defaults?: Readonly<Record<string, Val>>;
    readonly forward: LayerForward;
    /** Attributes a layer has besides its arguments (`weight`...), by argument values. */
    readonly extra?: (c: Cfg) => Record<string, Val>;
}

const PARAM: Val = { t: 'opaque', what: 'a parameter' };
/** The layer that owns a `weight` value (F.layer_norm(x, shape, self.weight, ...)). */
export const parameterOwners = new WeakMap<object, PyObject>();
/** Each layer's constructor arguments (its attributes may be reassigned, e.g. `bias`). */
const configs = new WeakMap<PyObject, Map<string, Val>>();

function need4d(x: Tensor, what: string): void {
    if (x.shape.length !== 4)
        throw new NotStatic(`${what} needs a [batch, C, H, W] input, got [${x.shape.map(show)}]`);
}

/** Output size of a conv or pool window along one axis (PyTorch's formula). */
export function windowOut(
    size: number,
    k: number,
    s: number,
    p: number,
    d: number,
    ceil: boolean,
): number {
    const q = (size + 2 * p - d * (k - 1) - 1) / s;
    let out = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
    if (ceil && (out - 1) * s >= size + p) out--;
    return out;
}

function convPadding(v: Val, k: [number, number], d: [number, number]): [number, number] {
    if (v === 'valid') return [0, 0];
    if (v === 'same') {
        const t = [d[0] * (k[0] - 1), d[1] * (k[1] - 1)];
        if (t[0] % 2 || t[1] % 2)
            throw new NotStatic("padding='same' with an even kernel is not supported statically");
        return [t[0] / 2, t[1] / 2];
    }
    return pair(v, 'padding');
}

const conv: LayerForward = (r, x, c, path) => {
    need4d(x, 'Conv2d');
    const inC = int(c.get('in_channels') ?? null, 'in_channels');
    const out = int(c.get('out_channels') ?? null, 'out_channels');
    const groups = int(c.get('groups') ?? 1, 'groups');
    if (x.shape[1] !== inC)
        throw new NotStatic(`Conv2d(${inC}, ${out}) gets ${show(x.shape[1])} input channels`);
    if (inC % groups || out % groups)
        throw new NotStatic(`groups=${groups} must divide ${inC} and ${out}`);
    if ((c.get('padding_mode') ?? 'zeros') !== 'zeros')
        throw new NotStatic('padding_mode other than zeros');
    const k = pair(c.get('kernel_size') ?? null, 'kernel_size');
    const s = pair(c.get('stride') ?? 1, 'stride');
    const d = pair(c.get('dilation') ?? 1, 'dilation');
    const p = convPadding(c.get('padding') ?? 0, k, d);
    const h = windowOut(x.shape[2], k[0], s[0], p[0], d[0], false);
    const w = windowOut(x.shape[3], k[1], s[1], p[1], d[1], false);
    const attrs = {
        in: inC,
        out,
        kernel: k,
        stride: s,
        padding: p,
        dilation: d,
        groups,
        bias: truthy(c.get('bias') ?? true),
    };
    return r.add('conv', [x], [x.shape[0], out, h, w], attrs, path);
};

const convTranspose: LayerForward = (r, x, c, path) => {
    need4d(x, 'ConvTranspose2d');
    const inC = int(c.get('in_channels') ?? null, 'in_channels');
    const out = int(c.get('out_channels') ?? null, 'out_channels');
    if (x.shape[1] !== inC)
        throw new NotStatic(
            `ConvTranspose2d(${inC}, ${out}) gets ${show(x.shape[1])} input channels`,
        );
    if (int(c.get('groups') ?? 1, 'groups') !== 1)
        throw new NotStatic('grouped ConvTranspose2d is not supported statically');
    const k = pair(c.get('kernel_size') ?? null, 'kernel_size');
    const s = pair(c.get('stride') ?? 1, 'stride');
    const p = pair(c.get('padding') ?? 0, 'padding');
    const op = pair(c.get('output_padding') ?? 0, 'output_padding');
    const d = pair(c.get('dilation') ?? 1, 'dilation');
    const size = (n: number, i: 0 | 1) => (n - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1;
    const attrs = {
        in: inC,
        out,
        kernel: k,
        stride: s,
        padding: p,
        outputPadding: op,
        dilation: d,
        bias: truthy(c.get('bias') ?? true),
    };
    return r.add(
        'convtranspose',
        [x],
        [x.shape[0], out, size(x.shape[2], 0), size(x.shape[3], 1)],
        attrs,
        path,
    );
};

const linear: LayerForward = (r, x, c, path) => {
    const inF = int(c.get('in_features') ?? null, 'in_features');
    const out = int(c.get('out_features') ?? null, 'out_features');
    if (x.shape[x.shape.length - 1] !== inF) {
        throw new NotStatic(`Linear(${inF}, ${out}) gets an input of shape [${x.shape.map(show)}]`);
    }
    const shape = [...x.shape.slice(0, -1), out];
    return r.add('linear', [x], shape, { in: inF, out, bias: truthy(c.get('bias') ?? true) }, path);
};

const batchNorm: LayerForward = (r, x, c, path) => {
    const n = int(c.get('num_features') ?? null, 'num_features');
    if (x.shape.length < 2 || x.shape[1] !== n)
        throw new NotStatic(`BatchNorm(${n}) gets an input of shape [${x.shape.map(show)}]`);
    return r.add(
        'batchnorm',
        [x],
        x.shape,
        {
            channels: n,
            affine: truthy(c.get('affine') ?? true),
            eps: num(c.get('eps') ?? 1e-5, 'eps'),
        },
        path,
    );
};

const layerNorm: LayerForward = (r, x, c, path) => {
    const v = c.get('normalized_shape') ?? null;
    const dims =
        typeof v === 'number'
            ? [v]
            : (v !== null && typeof v === 'object' && (v.t === 'list' || v.t === 'tuple')
                  ? v.items
                  : []
              ).map((d) => int(d, 'normalized_shape'));
    const tail = x.shape.slice(x.shape.length - dims.length);
    if (dims.length === 0 || tail.some((d, i) => d !== dims[i]))
        throw new NotStatic(`LayerNorm([${dims}]) gets an input of shape [${x.shape.map(show)}]`);
    const attrs = {
        dims,
        affine: truthy(c.get('elementwise_affine') ?? true),
        eps: num(c.get('eps') ?? 1e-5, 'eps'),
    };
    return r.add('layernorm', [x], x.shape, attrs, path);
};

const groupNorm: LayerForward = (r, x, c, path) => {
    const groups = int(c.get('num_groups') ?? null, 'num_groups');
    const n = int(c.get('num_channels') ?? null, 'num_channels');
    if (x.shape[1] !== n || n % groups)
        throw new NotStatic(
            `GroupNorm(${groups}, ${n}) gets an input of shape [${x.shape.map(show)}]`,
        );
    return r.add(
        'groupnorm',
        [x],
        x.shape,
        {
            groups,
            channels: n,
            affine: truthy(c.get('affine') ?? true),
            eps: num(c.get('eps') ?? 1e-5, 'eps'),
        },
        path,
    );
};

const activation =
    (
        op: 'relu' | 'relu6' | 'silu' | 'gelu' | 'sigmoid' | 'tanh' | 'hardswish' | 'hardsigmoid',
    ): LayerForward =>
    (r, x, c) => {
        if (op === 'gelu' && c.get('approximate') === 'tanh')
            throw new NotStatic("GELU(approximate='tanh') is not supported statically");
        return r.add(op, [x], x.shape);
    };

export function pool(r: Recorder, x: Tensor, kind: 'maxpool' | 'avgpool', c: Cfg): Tensor {
    need4d(x, kind === 'maxpool' ? 'MaxPool2d' : 'AvgPool2d');
    const k = pair(c.get('kernel_size') ?? null, 'kernel_size');
    const sv = c.get('stride') ?? null;
    const s =
        sv === null || (typeof sv === 'object' && sv.t === 'list' && sv.items.length === 0)
            ? k
            : pair(sv, 'stride');
    const p = pair(c.get('padding') ?? 0, 'padding');
    const d = pair(c.get('dilation') ?? 1, 'dilation');
    if (d[0] !== 1 || d[1] !== 1)
        throw new NotStatic('pooling with dilation is not supported statically');
    const ceil = truthy(c.get('ceil_mode') ?? false);
    const h = windowOut(x.shape[2], k[0], s[0], p[0], 1, ceil);
    const w = windowOut(x.shape[3], k[1], s[1], p[1], 1, ceil);
    const attrs: Record<string, number | number[] | boolean> = {
        kernel: k,
        stride: s,
        padding: p,
        ceil,
    };
    if (kind === 'avgpool') attrs.countIncludePad = truthy(c.get('count_include_pad') ?? true);
    return r.add(kind, [x], [x.shape[0], x.shape[1], h, w], attrs);
}

export function adaptiveAvgPool(r: Recorder, x: Tensor, size: Val): Tensor {
    if (x.shape.length !== 4)
        throw new NotStatic(`adaptive pooling needs [batch, C, H, W], got [${x.shape.map(show)}]`);
    const [oh, ow] = (() => {
        if (
            size !== null &&
            typeof size === 'object' &&
            (size.t === 'tuple' || size.t === 'list')
        ) {
            return size.items.map((v, i) => (v === null ? x.shape[2 + i] : int(v, 'output_size')));
        }
        return pair(size, 'output_size');
    })();
    const [h, w] = [x.shape[2], x.shape[3]];
    if (oh === h && ow === w) return x;
    if (h % oh || w % ow)
        throw new NotStatic(
            `adaptive pooling from ${h}x${w} to ${oh}x${ow} (uneven windows) is not supported statically`,
        );
    return r.add('adaptiveavgpool', [x], [x.shape[0], x.shape[1], oh, ow], { size: [oh, ow] });
}

export function upsampleNearest(r: Recorder, x: Tensor, scale: Val, size: Val): Tensor {
    need4d(x, 'Upsample');
    let f: [number, number];
    if (size !== null && size !== undefined) {
        const [oh, ow] = pair(size, 'size');
        if (oh % x.shape[2] || ow % x.shape[3])
            throw new NotStatic('upsampling by a non-integer factor');
        f = [oh / x.shape[2], ow / x.shape[3]];
    } else {
        const s = typeof scale === 'number' ? [scale, scale] : pair(scale, 'scale_factor');
        f = [s[0], s[1]];
    }
    if (!Number.isInteger(f[0]) || !Number.isInteger(f[1]))
        throw new NotStatic('upsampling by a non-integer factor');
    return r.add('upsample', [x], [x.shape[0], x.shape[1], x.shape[2] * f[0], x.shape[3] * f[1]], {
        factor: f,
    });
}

export function softmax(
    r: Recorder,
    x: Tensor,
    dim: Val,
    op: 'softmax' | 'logsoftmax' = 'softmax',
): Tensor {
    if (dim === null) throw new NotStatic(`${op} without dim`);
    return r.add(op, [x], x.shape, { axis: axis(int(dim, 'dim'), x.shape.length) });
}

const identity: LayerForward = (_r, x) => x;

/** Multi-head attention (batch_first or sequence-first), built from linear and matmul ops. */
const multiheadAttention: LayerForward = (r, x, c, path, self) => {
    void self;
    const e = int(c.get('embed_dim') ?? null, 'embed_dim');
    const heads = int(c.get('num_heads') ?? null, 'num_heads');
    if (e % heads) throw new NotStatic(`embed_dim ${e} is not divisible by num_heads ${heads}`);
    if (c.get('kdim') !== null && c.get('kdim') !== undefined)
        throw new NotStatic('MultiheadAttention with kdim is not supported statically');
    const batchFirst = truthy(c.get('batch_first') ?? false);
    const bias = truthy(c.get('bias') ?? true);
    if (x.shape.length !== 3) throw new NotStatic('MultiheadAttention needs a 3-D input');
    const seq = batchFirst ? x : r.permute(x, [1, 0, 2]);
    const [b, t] = seq.shape;
    const hd = e / heads;
    const qkv = r.add(
        'linear',
        [seq],
        [b, t, 3 * e],
        { in: e, out: 3 * e, bias, packed: true },
        `${path}.in_proj`,
    );
    const split = r.permute(r.reshape(qkv, [b, t, 3, heads, hd]), [2, 0, 3, 1, 4]);
    const pick = (i: number) => r.reshape(r.slice(split, 0, i, i + 1, 1), [b, heads, t, hd]);
    const scores = r.scale(
        r.matmul(pick(0), r.permute(pick(1), [0, 1, 3, 2])),
        1 / Math.sqrt(hd),
        0,
    );
    const mixed = r.matmul(softmax(r, scores, -1), pick(2));
    const merged = r.reshape(r.permute(mixed, [0, 2, 1, 3]), [b, t, e]);
    const out = r.add('linear', [merged], [b, t, e], { in: e, out: e, bias }, `${path}.out_proj`);
    return batchFirst ? out : r.permute(out, [1, 0, 2]);
};

const LAYERS: Readonly<Record<string, LayerDef>> = {
    Conv2d: {
        params: [
            'in_channels',
            'out_channels',
            'kernel_size',
            'stride',
            'padding',
            'dilation',
            'groups',
            'bias',
            'padding_mode',
        ],
        forward: conv,
    },
    ConvTranspose2d: {
        params: [
            'in_channels',
            'out_channels',
            'kernel_size',
            'stride',
            'padding',
            'output_padding',
            'groups',
            'bias',
            'dilation',
        ],
        forward: convTranspose,
    },
    Linear: { params: ['in_features', 'out_features', 'bias'], forward: linear },
    BatchNorm1d: { params: ['num_features', 'eps', 'momentum', 'affine'], forward: batchNorm },
    BatchNorm2d: { params: ['num_features', 'eps', 'momentum', 'affine'], forward: batchNorm },
    LayerNorm: { params: ['normalized_shape', 'eps', 'elementwise_affine'], forward: layerNorm },
    GroupNorm: { params: ['num_groups', 'num_channels', 'eps', 'affine'], forward: groupNorm },
    ReLU: { params: ['inplace'], forward: activation('relu') },
    ReLU6: { params: ['inplace'], forward: activation('relu6') },
    SiLU: { params: ['inplace'], forward: activation('silu') },
    GELU: { params: ['approximate'], forward: activation('gelu') },
    Sigmoid: { params: [], forward: activation('sigmoid') },
    Tanh: { params: [], forward: activation('tanh') },
    Hardswish: { params: ['inplace'], forward: activation('hardswish') },
    Hardsigmoid: { params: ['inplace'], forward: activation('hardsigmoid') },
    Softmax: { params: ['dim'], forward: (r, x, c) => softmax(r, x, c.get('dim') ?? null) },
    LogSoftmax: {
        params: ['dim'],
        forward: (r, x, c) => softmax(r, x, c.get('dim') ?? null, 'logsoftmax'),
    },
    MaxPool2d: {
        params: ['kernel_size', 'stride', 'padding', 'dilation', 'return_indices', 'ceil_mode'],
        forward: (r, x, c) => pool(r, x, 'maxpool', c),
    },
    AvgPool2d: {
        params: [
            'kernel_size',
            'stride',
            'padding',
            'ceil_mode',
            'count_include_pad',
            'divisor_override',
        ],
        forward: (r, x, c) => pool(r, x, 'avgpool', c),
    },
    AdaptiveAvgPool2d: {
        params: ['output_size'],
        forward: (r, x, c) => adaptiveAvgPool(r, x, c.get('output_size') ?? null),
    },
    Flatten: {
        params: ['start_dim', 'end_dim'],
        forward: (r, x, c) =>
            r.flatten(
                x,
                int(c.get('start_dim') ?? 1, 'start_dim'),
                int(c.get('end_dim') ?? -1, 'end_dim'),
            ),
    },
    Upsample: {
        params: ['size', 'scale_factor', 'mode', 'align_corners'],
        forward: (r, x, c) => {
            if ((c.get('mode') ?? 'nearest') !== 'nearest')
                throw new NotStatic(
                    `Upsample(mode='${String(c.get('mode'))}') is not supported statically`,
                );
            return upsampleNearest(r, x, c.get('scale_factor') ?? null, c.get('size') ?? null);
        },
    },
    MultiheadAttention: {
        params: [
            'embed_dim',
            'num_heads',
            'dropout',
            'bias',
            'add_bias_kv',
            'add_zero_attn',
            'kdim',
            'vdim',
            'batch_first',
        ],
        forward: multiheadAttention,
    },
    Identity: { params: [], forward: identity },
    // Why: a proxy scores the architecture, not one random dropout mask (that only adds noise).
    Dropout: { params: ['p', 'inplace'], forward: identity },
    Dropout2d: { params: ['p', 'inplace'], forward: identity },
    AlphaDropout: { params: ['p', 'inplace'], forward: identity },
};

/** Classes built once per interpreter so `isinstance(m, nn.Conv2d)` compares identities. */
export function nnClasses(interp: Runtime): Map<string, PyClass> {
    const classes = new Map<string, PyClass>();
    const make = (name: string, native: NativeClass, bases: PyClass[] = []): PyClass => {
        const cls: PyClass = { t: 'class', name, bases, body: new Map(), cache: new Map(), native };
        classes.set(name, cls);
        return cls;
    };
    const moduleCls = make('Module', {
        qualified: 'torch.nn.Module',
        isModule: true,
        construct: () => undefined,
    });
    for (const [name, def] of Object.entries(LAYERS)) {
        make(
            name,
            {
                qualified: `torch.nn.${name}`,
                isModule: true,
                construct: (a, self) => {
                    const cfg = bindArgs(name, def.params, a);
                    configs.set(self, cfg);
                    for (const [k, v] of cfg) self.attrs.set(k, v);
                    if (name.startsWith('Conv')) {
                        // PyTorch stores a conv's sizes as pairs (`conv.kernel_size[0]`).
                        for (const k of ['kernel_size', 'stride', 'dilation', 'padding']) {
                            const v = cfg.get(k) ?? (k === 'padding' ? 0 : 1);
                            if (typeof v === 'number')
                                self.attrs.set(k, { t: 'tuple', items: [v, v] });
                        }
                    }
                    const weight: Val = { t: 'opaque', what: `${name}.weight` };
                    parameterOwners.set(weight, self);
                    self.attrs.set('weight', weight);
                    self.attrs.set('bias', cfg.get('bias') === false ? null : PARAM);
                    const shape = cfg.get('normalized_shape');
                    if (typeof shape === 'number')
                        self.attrs.set('normalized_shape', { t: 'tuple', items: [shape] });
                },
                forward: (self, a) => {
                    const x =
                        a.positional[0] ??
                        a.keywords.get('input') ??
                        a.keywords.get('query') ??
                        null;
                    if (!isTensor(x))
                        throw new NotStatic(`${name} is applied to ${typeName(x)}, not a tensor`);
                    if (!interp.recorder)
                        throw new NotStatic(`${name} called outside the forward pass`);
                    const out = def.forward(
                        interp.recorder,
                        x,
                        configs.get(self) ?? self.attrs,
                        self.path ?? name.toLowerCase(),
                        self,
                    );
                    return name === 'MultiheadAttention' ? { t: 'tuple', items: [out, null] } : out;
                },
            },
            [moduleCls],
        );
    }
    const register = (self: PyObject, mods: Val[]) =>
        mods.forEach((m) => addChild(self, String(self.children.size), m));
    make(
        'Sequential',
        {
            qualified: 'torch.nn.Sequential',
            isModule: true,
            construct: (a, self) => {
                const first = a.positional[0];
                if (
                    a.positional.length === 1 &&
                    first !== null &&
                    typeof first === 'object' &&
                    first.t === 'dict'
                ) {
                    for (const [k, m] of first.map) addChild(self, String(k), m);
                } else register(self, a.positional);
            },
            forward: (self, a) => {
                let x = a.positional[0] ?? null;
                for (const m of self.children.values())
                    x = interp.call(m, { positional: [x], keywords: new Map() });
                return x;
            },
        },
        [moduleCls],
    );
    make(
        'ModuleList',
        {
            qualified: 'torch.nn.ModuleList',
            isModule: true,
            construct: (a, self) =>
                register(self, a.positional.length ? interp.iterate(a.positional[0]) : []),
        },
        [moduleCls],
    );
    make(
        'ModuleDict',
        {
            qualified: 'torch.nn.ModuleDict',
            isModule: true,
            construct: (a, self) => {
                const d = a.positional[0];
                if (d !== undefined && d !== null && typeof d === 'object' && d.t === 'dict')
                    for (const [k, m] of d.map) addChild(self, String(k), m);
                else if (d !== undefined)
                    for (const kv of interp.iterate(d)) {
                        const [k, m] = interp.iterate(kv);
                        addChild(self, String(k), m);
                    }
            },
        },
        [moduleCls],
    );
    interp.moduleMethods = (obj, name) => moduleMethod(interp, classes, obj, name);
    return classes;
}

/** Binds a library call's arguments to parameter names (positional first, then keywords). */
export function bindArgs(what: string, params: readonly string[], a: Args): Map<string, Val> {
    if (a.positional.length > params.length)
        throw new NotStatic(`${what}() got too many positional arguments`);
    const out = new Map<string, Val>();
    a.positional.forEach((v, i) => out.set(params[i], v));
    for (const [k, v] of a.keywords) out.set(k, v);
    return out;
}

export { BATCH };

/** The parameters a layer holds, from its constructor arguments (0 for layers without any). */
export function layerParams(m: PyObject): number {
    const c = configs.get(m);
    const q = nativeName(m.cls);
    if (!c || !q) return 0;
    const n = (k: string, d?: number) => int(c.get(k) ?? d ?? null, k);
    const has = (k: string) => truthy(c.get(k) ?? true);
    const k2 = () => pair(c.get('kernel_size') ?? null, 'kernel_size').reduce((p, d) => p * d, 1);
    switch (q) {
        case 'torch.nn.Conv2d':
            return (
                (n('out_channels') * n('in_channels') * k2()) / n('groups', 1) +
                (has('bias') ? n('out_channels') : 0)
            );
        case 'torch.nn.ConvTranspose2d':
            return (
                (n('in_channels') * n('out_channels') * k2()) / n('groups', 1) +
                (has('bias') ? n('out_channels') : 0)
            );
        case 'torch.nn.Linear':
            return n('in_features') * n('out_features') + (has('bias') ? n('out_features') : 0);
        case 'torch.nn.BatchNorm1d':
        case 'torch.nn.BatchNorm2d':
            return has('affine') ? 2 * n('num_features') : 0;
        case 'torch.nn.GroupNorm':
            return has('affine') ? 2 * n('num_channels') : 0;
        case 'torch.nn.LayerNorm': {
            const v = c.get('normalized_shape') ?? null;
            const dims =
                typeof v === 'number'
                    ? [v]
                    : v !== null && typeof v === 'object' && (v.t === 'list' || v.t === 'tuple')
                      ? v.items.map((d) => int(d, 'normalized_shape'))
                      : [0];
            return has('elementwise_affine') ? 2 * dims.reduce((p, d) => p * d, 1) : 0;
        }
        case 'torch.nn.MultiheadAttention': {
            const e = n('embed_dim');
            return 4 * e * e + (has('bias') ? 4 * e : 0);
        }
        default:
            return 0;
    }
}

/** A copied layer keeps its constructor arguments. */
export function copyLayerConfig(from: PyObject, to: PyObject): void {
    const c = configs.get(from);
    if (c) configs.set(to, new Map(c));
}

/** The torch.nn class a class derives from (`class LayerNorm2d(nn.LayerNorm)` -> torch.nn.LayerNorm). */
export function nativeName(cls: PyClass): string | undefined {
    if (cls.native) return cls.native.qualified;
    for (const b of cls.bases) {
        const found = nativeName(b);
        if (found) return found;
    }
    return undefined;
}
