// Generic layer lists for small custom networks: conv, linear, norms, activations, pooling,
// flatten and residual blocks, applied in order to a [C, H, W] or [features] input.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { formatShape } from '../ir/tensor';
import type { LayerListSpec, LayerSpec } from '../spec/spec';
import { type BuildOptions, type BuiltModel, type NormOptions, normOptions } from './built';
import {
    activation,
    averagePool,
    batchNorm,
    conv2d,
    globalAveragePool,
    layerNorm,
    linear,
    maxPool,
} from './layers';

/** A layer that cannot apply to its input; `path` names it (e.g. "layers[3].layers[1]"). */
export class LayerBuildError extends Error {
    constructor(
        readonly path: string,
        message: string,
    ) {
        super(`${path}: ${message}`);
    }
}

interface Ctx {
    readonly b: GraphBuilder;
    readonly norm: NormOptions;
}

function needRank(x: Value, rank: number, path: string, what: string): void {
    if (x.shape.length !== rank) {
        throw new LayerBuildError(
            path,
            `${what} needs a rank-${rank} input, got ${formatShape(x.shape.slice(1))} per sample`,
        );
    }
}

function applyLayer(c: Ctx, x: Value, layer: LayerSpec, path: string): Value {
    const b = c.b;
    switch (layer.type) {
        case 'conv':
            needRank(x, 4, path, 'conv');
            if (x.shape[1] % (layer.groups ?? 1) !== 0 || layer.out % (layer.groups ?? 1) !== 0) {
                throw new LayerBuildError(
                    path,
                    `groups=${layer.groups} must divide ${x.shape[1]} in and ${layer.out} out channels`,
                );
            }
            return conv2d(b, x, layer.out, layer.kernel, path, {
                ...layer,
                bias: layer.bias ?? true,
            });
        case 'linear':
            return linear(b, x, layer.out, path, layer.bias ?? true);
        case 'batchnorm':
            return batchNorm(b, x, path, c.norm);
        case 'layernorm':
            return layerNorm(b, x, path, c.norm);
        case 'relu':
        case 'gelu':
        case 'sigmoid':
        case 'tanh':
            return activation(b, layer.type, x);
        case 'maxpool':
            needRank(x, 4, path, 'maxpool');
            return maxPool(b, x, layer.kernel, layer.stride ?? layer.kernel, layer.padding ?? 0);
        case 'avgpool':
            needRank(x, 4, path, 'avgpool');
            return averagePool(
                b,
                x,
                layer.kernel,
                layer.stride ?? layer.kernel,
                layer.padding ?? 0,
                true,
            );
        case 'globalavgpool':
            needRank(x, 4, path, 'globalavgpool');
            return globalAveragePool(b, x);
        case 'flatten':
            return x.shape.length === 2 ? x : b.reshape(x, [x.shape[0], -1]);
        case 'identity':
            return x;
        case 'residual': {
            const body = applyAll(c, x, layer.layers, `${path}.layers`);
            const skip = layer.shortcut ? applyAll(c, x, layer.shortcut, `${path}.shortcut`) : x;
            if (formatShape(body.shape) !== formatShape(skip.shape)) {
                throw new LayerBuildError(
                    path,
                    `block output ${formatShape(body.shape)} does not match shortcut ${formatShape(skip.shape)}`,
                );
            }
            return b.add(skip, body);
        }
    }
}

function applyAll(c: Ctx, x: Value, layers: readonly LayerSpec[], path: string): Value {
    return layers.reduce((h, layer, i) => {
        const where = `${path}[${i}]`;
        try {
            return applyLayer(c, h, layer, where);
        } catch (e) {
            if (e instanceof LayerBuildError) throw e;
            throw new LayerBuildError(where, e instanceof Error ? e.message : String(e));
        }
    }, x);
}

export function buildLayerList(spec: LayerListSpec, opts: BuildOptions): BuiltModel {
    const b = new GraphBuilder();
    const input = b.input('input', 'float32', [opts.batch, ...spec.input]);
    const logits = applyAll({ b, norm: normOptions(opts) }, input, spec.layers, 'layers');
    if (logits.shape.length !== 2 || logits.shape[1] !== spec.classes) {
        throw new LayerBuildError(
            'layers',
            `the network ends in ${formatShape(logits.shape.slice(1))} per sample, expected [${spec.classes}] logits`,
        );
    }
    b.output(logits, 'logits');
    return { graph: b.graph, input, logits, classes: spec.classes };
}
