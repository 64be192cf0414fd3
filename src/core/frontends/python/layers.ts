// The torch.nn layers an nn.Sequential may hold, one reader per class: PyTorch's signature
// (nnSignatures.ts) and the literal arguments in, a LayerSpec (plus the input size it declares) out.
import type { Node } from 'web-tree-sitter';
import type { LayerSpec } from '../../spec/spec';
import { literal } from './literals';
import { NN_SIGNATURES, type NnLayerName, type NnSignature } from './nnSignatures';
import { readBool, readInt, readSquare, readString } from './readers';
import { type CallArgs, type FileContext, excerpt } from './syntax';
import { samePadding } from './windowShape';

/** One layer as read: its spec, and the size of the input it declares (Conv2d's in_channels...). */
export interface LayerItem {
    readonly node: Node;
    readonly className: string;
    readonly spec: LayerSpec;
    /** `channels`: dim 0 of [C, H, W]; `norm1d`: dim 0 of [C] or [C, L]; `features`: last dim. */
    readonly declares?: {
        readonly size: number;
        readonly axis: 'channels' | 'features' | 'norm1d';
    };
}

/**
 * A call being read: where it is, its arguments, and a lookup by PyTorch's parameter order. An
 * argument not given reads as PyTorch's default.
 */
export class LayerCall {
    constructor(
        readonly ctx: FileContext,
        readonly node: Node,
        readonly className: string,
        readonly args: CallArgs,
        private readonly signature: NnSignature,
    ) {}

    /** The argument for `param` (keyword or by position), if given. */
    get(param: string): Node | undefined {
        const index = this.signature.params.indexOf(param);
        const byPosition = index >= 0 ? this.args.positional[index] : undefined;
        return this.args.keywords.get(param) ?? byPosition;
    }

    require(param: string): Node {
        const node = this.get(param);
        return node ?? this.ctx.fail(this.node, 'error', `${this.className}() needs ${param}`);
    }

    int(param: string, min = 1): number {
        const node = this.get(param);
        return node
            ? readInt(this.ctx, node, `${this.className} ${param}`, min)
            : this.defaultNumber(param);
    }

    /** An int or a square pair; None or absent reads as `fallback` (else PyTorch's default). */
    square(param: string, min = 1, fallback?: number): number {
        const node = this.get(param);
        if (!node || node.type === 'none') return fallback ?? this.defaultNumber(param);
        return readSquare(this.ctx, node, `${this.className} ${param}`, min);
    }

    bool(param: string): boolean {
        const node = this.get(param);
        return node
            ? readBool(this.ctx, node, `${this.className} ${param}`)
            : this.defaultBool(param);
    }

    /** Reports an option the layer list cannot express (the definition is skipped). */
    unsupported(param: string, why: string): never {
        const at = this.get(param) ?? this.node;
        return this.ctx.fail(at, 'info', `${this.className}: ${why} is not supported`);
    }

    private defaultNumber(param: string): number {
        const d = this.signature.defaults[param];
        return typeof d === 'number' ? d : this.noDefault(param);
    }

    private defaultBool(param: string): boolean {
        const d = this.signature.defaults[param];
        return typeof d === 'boolean' ? d : this.noDefault(param);
    }

    /** Why throw: a missing default is a bug in nnSignatures.ts, not in the user's file. */
    private noDefault(param: string): never {
        throw new Error(`${this.className} ${param} has no default in nnSignatures.ts`);
    }
}

type LayerReader = (c: LayerCall) => LayerItem;

const item = (c: LayerCall, spec: LayerSpec, declares?: LayerItem['declares']): LayerItem => ({
    node: c.node,
    className: c.className,
    spec,
    declares,
});

function conv2d(c: LayerCall): LayerItem {
    const inChannels = readInt(c.ctx, c.require('in_channels'), 'Conv2d in_channels');
    const out = readInt(c.ctx, c.require('out_channels'), 'Conv2d out_channels');
    const kernel = readSquare(c.ctx, c.require('kernel_size'), 'Conv2d kernel_size');
    const stride = c.square('stride');
    const dilation = c.square('dilation');
    const groups = c.int('groups');
    const bias = c.bool('bias');
    const mode = c.get('padding_mode');
    if (mode && readString(c.ctx, mode, 'Conv2d padding_mode') !== 'zeros') {
        c.unsupported('padding_mode', `padding_mode ${excerpt(mode)}`);
    }
    const padding = convPadding(c, kernel, stride, dilation);
    const spec: LayerSpec = { type: 'conv', out, kernel, stride, padding, dilation, groups, bias };
    return item(c, spec, { size: inChannels, axis: 'channels' });
}

/** Integer padding, or 'valid' / 'same' (PyTorch allows 'same' only with stride 1). */
function convPadding(c: LayerCall, kernel: number, stride: number, dilation: number): number {
    const node = c.get('padding');
    if (!node) return c.square('padding', 0);
    const v = literal(c.ctx, node, 'Conv2d padding');
    if (v.kind !== 'str') return readSquare(c.ctx, node, 'Conv2d padding', 0);
    if (v.value === 'valid') return 0;
    if (v.value !== 'same') {
        return c.ctx.fail(node, 'error', `Conv2d padding must be an int, 'valid' or 'same'`);
    }
    if (stride !== 1) return c.ctx.fail(node, 'error', `Conv2d padding='same' needs stride 1`);
    const half = samePadding(kernel, dilation);
    if (half === undefined)
        return c.unsupported('padding', `padding='same' with asymmetric padding`);
    return half;
}

function linear(c: LayerCall): LayerItem {
    const inFeatures = readInt(c.ctx, c.require('in_features'), 'Linear in_features');
    const out = readInt(c.ctx, c.require('out_features'), 'Linear out_features');
    const spec: LayerSpec = { type: 'linear', out, bias: c.bool('bias') };
    return item(c, spec, { size: inFeatures, axis: 'features' });
}

function batchNorm(axis: 'channels' | 'norm1d'): LayerReader {
    return (c) => {
        const n = readInt(c.ctx, c.require('num_features'), `${c.className} num_features`);
        return item(c, { type: 'batchnorm' }, { size: n, axis });
    };
}

function layerNorm(c: LayerCall): LayerItem {
    const node = c.require('normalized_shape');
    const v = literal(c.ctx, node, 'LayerNorm normalized_shape');
    const shape = v.kind === 'list' || v.kind === 'tuple' ? v.items : [v];
    if (shape.length !== 1) {
        c.unsupported('normalized_shape', 'normalising more than the last dimension');
    }
    const n = shape[0];
    if (n.kind !== 'int' || n.value < 1) {
        return c.ctx.fail(node, 'error', 'LayerNorm normalized_shape must be a positive integer');
    }
    return item(c, { type: 'layernorm' }, { size: n.value, axis: 'features' });
}

function pool(type: 'maxpool' | 'avgpool'): LayerReader {
    return (c) => {
        const kernel = readSquare(c.ctx, c.require('kernel_size'), `${c.className} kernel_size`);
        const stride = c.square('stride', 1, kernel);
        const padding = c.square('padding', 0);
        if (2 * padding > kernel) {
            const at = c.get('padding') ?? c.node;
            c.ctx.fail(at, 'error', `${c.className} padding must be at most half the kernel size`);
        }
        if (c.bool('ceil_mode')) c.unsupported('ceil_mode', 'ceil_mode=True');
        if (type === 'maxpool') {
            if (c.square('dilation') !== 1) c.unsupported('dilation', 'dilation other than 1');
            if (c.bool('return_indices')) {
                c.unsupported('return_indices', 'return_indices=True');
            }
        } else {
            if (!c.bool('count_include_pad') && padding > 0) {
                c.unsupported('count_include_pad', 'count_include_pad=False');
            }
            const divisor = c.get('divisor_override');
            if (divisor && divisor.type !== 'none') {
                c.unsupported('divisor_override', 'divisor_override');
            }
        }
        return item(c, { type, kernel, stride, padding });
    };
}

function adaptiveAvgPool(c: LayerCall): LayerItem {
    const node = c.require('output_size');
    const v = literal(c.ctx, node, 'AdaptiveAvgPool2d output_size');
    const sizes = v.kind === 'list' || v.kind === 'tuple' ? v.items : [v];
    const isGlobal = sizes.every((s) => s.kind === 'int' && s.value === 1) && sizes.length <= 2;
    if (!isGlobal) c.unsupported('output_size', `output_size ${excerpt(node)} (only 1 or (1, 1))`);
    return item(c, { type: 'globalavgpool' });
}

function flatten(c: LayerCall): LayerItem {
    if (c.int('start_dim', -9) !== 1 || c.int('end_dim', -9) !== -1) {
        c.unsupported('start_dim', 'flattening other than start_dim=1, end_dim=-1');
    }
    return item(c, { type: 'flatten' });
}

const simple =
    (type: 'relu' | 'gelu' | 'sigmoid' | 'tanh' | 'identity'): LayerReader =>
    (c) =>
        item(c, { type });

/** The classes an nn.Sequential may hold, in the order messages list them. */
const READERS: Readonly<Partial<Record<NnLayerName, LayerReader>>> = {
    Conv2d: conv2d,
    Linear: linear,
    BatchNorm2d: batchNorm('channels'),
    BatchNorm1d: batchNorm('norm1d'),
    LayerNorm: layerNorm,
    ReLU: simple('relu'),
    GELU: simple('gelu'),
    Sigmoid: simple('sigmoid'),
    Tanh: simple('tanh'),
    MaxPool2d: pool('maxpool'),
    AvgPool2d: pool('avgpool'),
    AdaptiveAvgPool2d: adaptiveAvgPool,
    Flatten: flatten,
    // Why: a proxy scores the architecture, not one random dropout mask (that only adds noise).
    Dropout: simple('identity'),
    Dropout2d: simple('identity'),
    Identity: simple('identity'),
};

/** Class name -> PyTorch's signature and the reader. */
export const LAYER_READERS: Readonly<
    Record<string, { signature: NnSignature; read: LayerReader }>
> = Object.fromEntries(
    Object.entries(READERS).map(([name, read]) => [
        name,
        { signature: NN_SIGNATURES[name as NnLayerName], read },
    ]),
);

export const SUPPORTED_LAYERS = Object.keys(LAYER_READERS).join(', ');
