// The torch.nn layers the interpreter knows: a forward per layer that records one GraphSpec op with
// PyTorch's shape rules (signatures in ../nnSignatures.ts, window sizes in ../windowShape.ts).
// Containers live here too.
import { NN_SIGNATURES, type NnLayerName } from '../nnSignatures';
import { samePadding, transposedWindowOut, windowOut } from '../windowShape';
import { adaptiveAvgPool, need4d, pool, softmax, upsampleNearest } from './functionalOps';
import { type LayerArgs, bindArgs, withDefaults } from './layerArgs';
import type { Runtime } from './runtime';
import { type Recorder, show } from './recorder';
import { addChild, moduleMethod } from './moduleApi';
import {
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

type LayerForward = (r: Recorder, x: Tensor, c: LayerArgs, path: string, self: PyObject) => Tensor;

const PARAM: Val = { t: 'opaque', what: 'a parameter' };
/** The layer that owns a `weight` value (F.layer_norm(x, shape, self.weight, ...)). */
export const parameterOwners = new WeakMap<object, PyObject>();
/** Each layer's constructor arguments (its attributes may be reassigned, e.g. `bias`). */
const configs = new WeakMap<PyObject, Map<string, Val>>();

/** A convolution's channels, checked against its [batch, C, H, W] input. */
function convChannels(x: Tensor, c: LayerArgs, layer: string): { inC: number; out: number } {
    need4d(x, layer);
    const inC = int(c.get('in_channels'), 'in_channels');
    const out = int(c.get('out_channels'), 'out_channels');
    if (x.shape[1] !== inC)
        throw new NotStatic(`${layer}(${inC}, ${out}) gets ${show(x.shape[1])} input channels`);
    return { inC, out };
}

type Pair = [number, number];

/** A convolution's window arguments as pairs; only Conv2d's padding may be 'valid' or 'same'. */
function convWindow(c: LayerArgs, isNamedPaddingAllowed: boolean) {
    const kernel = pair(c.get('kernel_size'), 'kernel_size');
    const stride = pair(c.get('stride'), 'stride');
    const dilation = pair(c.get('dilation'), 'dilation');
    const v = c.get('padding');
    const padding =
        isNamedPaddingAllowed && (v === 'valid' || v === 'same')
            ? namedPadding(v, kernel, dilation)
            : pair(v, 'padding');
    return { kernel, stride, padding, dilation };
}

function namedPadding(v: 'valid' | 'same', k: Pair, d: Pair): Pair {
    if (v === 'valid') return [0, 0];
    const [h, w] = [samePadding(k[0], d[0]), samePadding(k[1], d[1])];
    if (h === undefined || w === undefined)
        throw new NotStatic("padding='same' with an even kernel is not supported statically");
    return [h, w];
}

const conv: LayerForward = (r, x, c, path) => {
    const { inC, out } = convChannels(x, c, 'Conv2d');
    const groups = int(c.get('groups'), 'groups');
    if (inC % groups || out % groups)
        throw new NotStatic(`groups=${groups} must divide ${inC} and ${out}`);
    if (c.get('padding_mode') !== 'zeros') throw new NotStatic('padding_mode other than zeros');
    const { kernel: k, stride: s, padding: p, dilation: d } = convWindow(c, true);
    const h = windowOut(x.shape[2], k[0], s[0], p[0], d[0], false);
    const w = windowOut(x.shape[3], k[1], s[1], p[1], d[1], false);
    const attrs = { in: inC, out, kernel: k, stride: s, padding: p, dilation: d, groups };
    const bias = truthy(c.get('bias'));
    return r.add('conv', [x], [x.shape[0], out, h, w], { ...attrs, bias }, path);
};

const convTranspose: LayerForward = (r, x, c, path) => {
    const { inC, out } = convChannels(x, c, 'ConvTranspose2d');
    if (int(c.get('groups'), 'groups') !== 1)
        throw new NotStatic('grouped ConvTranspose2d is not supported statically');
    const { kernel: k, stride: s, padding: p, dilation: d } = convWindow(c, false);
    const op = pair(c.get('output_padding'), 'output_padding');
    const size = (n: number, i: 0 | 1) => transposedWindowOut(n, k[i], s[i], p[i], d[i], op[i]);
    const attrs = {
        in: inC,
        out,
        kernel: k,
        stride: s,
        padding: p,
        outputPadding: op,
        dilation: d,
        bias: truthy(c.get('bias')),
    };
    const shape = [x.shape[0], out, size(x.shape[2], 0), size(x.shape[3], 1)];
    return r.add('convtranspose', [x], shape, attrs, path);
};

const linear: LayerForward = (r, x, c, path) => {
    const inF = int(c.get('in_features'), 'in_features');
    const out = int(c.get('out_features'), 'out_features');
    if (x.shape[x.shape.length - 1] !== inF) {
        throw new NotStatic(`Linear(${inF}, ${out}) gets an input of shape [${x.shape.map(show)}]`);
    }
    const shape = [...x.shape.slice(0, -1), out];
    return r.add('linear', [x], shape, { in: inF, out, bias: truthy(c.get('bias')) }, path);
};

const batchNorm: LayerForward = (r, x, c, path) => {
    const n = int(c.get('num_features'), 'num_features');
    if (x.shape.length < 2 || x.shape[1] !== n)
        throw new NotStatic(`BatchNorm(${n}) gets an input of shape [${x.shape.map(show)}]`);
    return r.add(
        'batchnorm',
        [x],
        x.shape,
        {
            channels: n,
            affine: truthy(c.get('affine')),
            eps: num(c.get('eps'), 'eps'),
        },
        path,
    );
};

/** LayerNorm's normalized_shape as a list (an int is one dimension); undefined if neither. */
function normalizedShape(v: Val): number[] | undefined {
    if (typeof v === 'number') return [v];
    if (v !== null && typeof v === 'object' && (v.t === 'list' || v.t === 'tuple'))
        return v.items.map((d) => int(d, 'normalized_shape'));
    return undefined;
}

const layerNorm: LayerForward = (r, x, c, path) => {
    const dims = normalizedShape(c.get('normalized_shape')) ?? [];
    const tail = x.shape.slice(x.shape.length - dims.length);
    if (dims.length === 0 || tail.some((d, i) => d !== dims[i]))
        throw new NotStatic(`LayerNorm([${dims}]) gets an input of shape [${x.shape.map(show)}]`);
    const attrs = {
        dims,
        affine: truthy(c.get('elementwise_affine')),
        eps: num(c.get('eps'), 'eps'),
    };
    return r.add('layernorm', [x], x.shape, attrs, path);
};

const groupNorm: LayerForward = (r, x, c, path) => {
    const groups = int(c.get('num_groups'), 'num_groups');
    const n = int(c.get('num_channels'), 'num_channels');
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
            affine: truthy(c.get('affine')),
            eps: num(c.get('eps'), 'eps'),
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

const identity: LayerForward = (_r, x) => x;

/** Multi-head attention (batch_first or sequence-first), built from linear and matmul ops. */
const multiheadAttention: LayerForward = (r, x, c, path, self) => {
    void self;
    const e = int(c.get('embed_dim'), 'embed_dim');
    const heads = int(c.get('num_heads'), 'num_heads');
    if (e % heads) throw new NotStatic(`embed_dim ${e} is not divisible by num_heads ${heads}`);
    if (c.get('kdim') !== null)
        throw new NotStatic('MultiheadAttention with kdim is not supported statically');
    const batchFirst = truthy(c.get('batch_first'));
    const bias = truthy(c.get('bias'));
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

/** One forward per torch.nn layer the interpreter knows (their signatures: NN_SIGNATURES). */
const LAYERS: Readonly<Record<NnLayerName, LayerForward>> = {
    Conv2d: conv,
    ConvTranspose2d: convTranspose,
    Linear: linear,
    BatchNorm1d: batchNorm,
    BatchNorm2d: batchNorm,
    LayerNorm: layerNorm,
    GroupNorm: groupNorm,
    ReLU: activation('relu'),
    ReLU6: activation('relu6'),
    SiLU: activation('silu'),
    GELU: activation('gelu'),
    Sigmoid: activation('sigmoid'),
    Tanh: activation('tanh'),
    Hardswish: activation('hardswish'),
    Hardsigmoid: activation('hardsigmoid'),
    Softmax: (r, x, c) => softmax(r, x, c.get('dim')),
    LogSoftmax: (r, x, c) => softmax(r, x, c.get('dim'), 'logsoftmax'),
    MaxPool2d: (r, x, c) => pool(r, x, 'maxpool', c),
    AvgPool2d: (r, x, c) => pool(r, x, 'avgpool', c),
    AdaptiveAvgPool2d: (r, x, c) => adaptiveAvgPool(r, x, c.get('output_size')),
    Flatten: (r, x, c) =>
        r.flatten(x, int(c.get('start_dim'), 'start_dim'), int(c.get('end_dim'), 'end_dim')),
    Upsample: (r, x, c) => {
        const mode = c.get('mode');
        if (mode !== 'nearest')
            throw new NotStatic(`Upsample(mode='${String(mode)}') is not supported statically`);
        return upsampleNearest(r, x, c.get('scale_factor'), c.get('size'));
    },
    MultiheadAttention: multiheadAttention,
    Identity: identity,
    // Why: a proxy scores the architecture, not one random dropout mask (that only adds noise).
    Dropout: identity,
    Dropout2d: identity,
    AlphaDropout: identity,
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
    for (const [name, forward] of Object.entries(LAYERS)) {
        const signature = NN_SIGNATURES[name as NnLayerName];
        make(
            name,
            {
                qualified: `torch.nn.${name}`,
                isModule: true,
                construct: (a, self) => {
                    const cfg = bindArgs(name, signature.params, a);
                    configs.set(self, cfg);
                    for (const [k, v] of cfg) self.attrs.set(k, v);
                    if (name.startsWith('Conv')) {
                        // PyTorch stores a conv's sizes as pairs (`conv.kernel_size[0]`).
                        for (const k of ['kernel_size', 'stride', 'dilation', 'padding']) {
                            const v = cfg.get(k) ?? signature.defaults[k];
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
                    const out = forward(
                        interp.recorder,
                        x,
                        withDefaults(configs.get(self) ?? self.attrs, signature),
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

/** The parameters a layer holds, from its constructor arguments (0 for layers without any). */
export function layerParams(m: PyObject): number {
    const bound = configs.get(m);
    const name = nativeName(m.cls)?.replace(/^torch\.nn\./, '');
    if (!bound || !name || !Object.hasOwn(NN_SIGNATURES, name)) return 0;
    const c = withDefaults(bound, NN_SIGNATURES[name as NnLayerName]);
    const n = (k: string) => int(c.get(k), k);
    const has = (k: string) => truthy(c.get(k));
    const bias = (channels: number) => (has('bias') ? channels : 0);
    switch (name) {
        case 'Conv2d':
        case 'ConvTranspose2d': {
            const k = pair(c.get('kernel_size'), 'kernel_size');
            const weights = (n('in_channels') * n('out_channels') * k[0] * k[1]) / n('groups');
            return weights + bias(n('out_channels'));
        }
        case 'Linear':
            return n('in_features') * n('out_features') + bias(n('out_features'));
        case 'BatchNorm1d':
        case 'BatchNorm2d':
            return has('affine') ? 2 * n('num_features') : 0;
        case 'GroupNorm':
            return has('affine') ? 2 * n('num_channels') : 0;
        case 'LayerNorm': {
            const dims = normalizedShape(c.get('normalized_shape')) ?? [0];
            return has('elementwise_affine') ? 2 * dims.reduce((p, d) => p * d, 1) : 0;
        }
        case 'MultiheadAttention': {
            const e = n('embed_dim');
            return 4 * e * e + bias(4 * e);
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
