// Building blocks shared by the space builders: PyTorch-default Conv/Linear/norm layers in the IR.
import { int, ints } from '../ir/attrs';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { pytorchLayerInit } from '../ir/init';
import { batchNormTraining } from '../ir/layers';
import type { NormOptions } from './built';

export interface ConvOptions {
    readonly stride?: number;
    readonly padding?: number;
    readonly dilation?: number;
    readonly groups?: number;
    readonly bias?: boolean;
}

/** nn.Conv2d with PyTorch's default init (weight and bias U(±1/√fan_in)). */
export function conv2d(
    b: GraphBuilder,
    x: Value,
    out: number,
    kernel: number,
    name: string,
    o: ConvOptions = {},
): Value {
    const groups = o.groups ?? 1;
    const inChannels = x.shape[1];
    const fanIn = (inChannels / groups) * kernel * kernel;
    const w = b.param(
        `${name}.weight`,
        x.dtype,
        [out, inChannels / groups, kernel, kernel],
        pytorchLayerInit(fanIn),
    );
    const bias = o.bias ? b.param(`${name}.bias`, x.dtype, [out], pytorchLayerInit(fanIn)) : null;
    const p = o.padding ?? 0;
    const s = o.stride ?? 1;
    const d = o.dilation ?? 1;
    return b.op('Conv', bias ? [x, w, bias] : [x, w], {
        kernel_shape: ints([kernel, kernel]),
        strides: ints([s, s]),
        pads: ints([p, p, p, p]),
        dilations: ints([d, d]),
        group: int(groups),
    });
}

/**
 * nn.Linear on the last axis with PyTorch's default init. The weight is stored [in, out] so the
 * product is a plain MatMul (the weight is its second operand, which marks a weight layer).
 */
export function linear(
    b: GraphBuilder,
    x: Value,
    out: number,
    name: string,
    hasBias = true,
): Value {
    const inFeatures = x.shape[x.shape.length - 1];
    const w = b.param(`${name}.weight`, x.dtype, [inFeatures, out], pytorchLayerInit(inFeatures));
    const y = b.matMul(x, w);
    return hasBias
        ? b.add(y, b.param(`${name}.bias`, x.dtype, [out], pytorchLayerInit(inFeatures)))
        : y;
}

/** nn.BatchNorm (affine, train mode: batch statistics), eps 1e-5; the identity when norms are off. */
export function batchNorm(b: GraphBuilder, x: Value, name: string, norm: NormOptions): Value {
    if (norm.identity) return x;
    const c = x.shape[1];
    const scale = b.param(`${name}.weight`, x.dtype, [c], { kind: 'constant', value: 1 });
    const bias = b.param(`${name}.bias`, x.dtype, [c], { kind: 'constant', value: 0 });
    return batchNormTraining(b, x, scale, bias, { epsilon: 1e-5, ghostGroups: norm.ghostGroups });
}

/** nn.LayerNorm over the last axis (PyTorch default eps 1e-5); the identity when norms are off. */
export function layerNorm(
    b: GraphBuilder,
    x: Value,
    name: string,
    norm: NormOptions,
    epsilon = 1e-5,
): Value {
    if (norm.identity) return x;
    const d = x.shape[x.shape.length - 1];
    const scale = b.param(`${name}.weight`, x.dtype, [d], { kind: 'constant', value: 1 });
    const bias = b.param(`${name}.bias`, x.dtype, [d], { kind: 'constant', value: 0 });
    return b.op('LayerNormalization', [x, scale, bias], {
        axis: int(-1),
        epsilon: { kind: 'float', value: epsilon },
    });
}

/** A square pooling window as ONNX attributes. */
const squareWindow = (kernel: number, stride: number, padding: number) => ({
    kernel_shape: ints([kernel, kernel]),
    strides: ints([stride, stride]),
    pads: ints([padding, padding, padding, padding]),
});

export function averagePool(
    b: GraphBuilder,
    x: Value,
    kernel: number,
    stride: number,
    padding: number,
    countIncludePad: boolean,
): Value {
    const window = squareWindow(kernel, stride, padding);
    return b.op('AveragePool', [x], { ...window, count_include_pad: int(countIncludePad ? 1 : 0) });
}

export function maxPool(
    b: GraphBuilder,
    x: Value,
    kernel: number,
    stride: number,
    padding: number,
): Value {
    return b.op('MaxPool', [x], squareWindow(kernel, stride, padding));
}

/** AdaptiveAvgPool2d(1) + flatten: [B, C, H, W] -> [B, C]. */
export function globalAveragePool(b: GraphBuilder, x: Value): Value {
    return b.reshape(b.op('GlobalAveragePool', [x]), [x.shape[0], x.shape[1]]);
}

export type Activation =
    'relu' | 'relu6' | 'silu' | 'gelu' | 'sigmoid' | 'tanh' | 'hardswish' | 'hardsigmoid';

/**
 * An elementwise activation. Ops the IR has no gradient rule for are composed from ones it has:
 * ReLU6 = relu(x) - relu(x - 6), SiLU = x·σ(x), hardsigmoid = relu6(x + 3)/6, hardswish = x·that.
 */
export function activation(b: GraphBuilder, type: Activation, x: Value): Value {
    const relu6 = (v: Value) => b.sub(b.relu(v), b.relu(b.addScalar(v, -6)));
    const hardsigmoid = () => b.mulScalar(relu6(b.addScalar(x, 3)), 1 / 6);
    switch (type) {
        case 'relu':
            return b.relu(x);
        case 'relu6':
            return relu6(x);
        case 'silu':
            return b.mul(x, b.sigmoid(x));
        case 'gelu':
            return b.gelu(x);
        case 'sigmoid':
            return b.sigmoid(x);
        case 'tanh':
            return b.tanh(x);
        case 'hardswish':
            return b.mul(x, hardsigmoid());
        case 'hardsigmoid':
            return hardsigmoid();
    }
}

/** What a cell's ops build with: the graph and how its batch norms normalise. */
export interface OpCtx {
    readonly b: GraphBuilder;
    readonly norm: NormOptions;
}

/** ReLU -> Conv (no bias) -> BN: NB201's convolution unit and DARTS' preprocessing. */
export function reluConvBn(
    c: OpCtx,
    x: Value,
    out: number,
    kernel: number,
    stride: number,
    name: string,
): Value {
    const y = conv2d(c.b, c.b.relu(x), out, kernel, `${name}.conv`, {
        stride,
        padding: (kernel - 1) / 2,
    });
    return batchNorm(c.b, y, `${name}.bn`, c.norm);
}

/** Halves the resolution with two offset stride-2 1x1 convs (half the channels each), then BN. */
