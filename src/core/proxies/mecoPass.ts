// MeCo's pass: one sample, one forward pass, and per layer the Pearson correlation matrix of the
// rows of that sample's feature map (conv: C channels over H·W positions; tokens: T tokens over
// the channels), as MeCo's official code reshapes `output[0]` to [shape[0], -1].
import type { Value } from '../ir/graph';
import type { TensorData } from '../ir/tensor';
import type { CompileModel } from '../onnx/runnable';
import type { ArchitectureSpec } from '../spec/spec';
import { floats, passGraph, rowCorrelation, runPass } from './passGraph';
import type { FeatureCorrelation } from './proxyDef';

/**
 * The correlation matrix of every layer MeCo reads, in forward order: the outputs of weight
 * layers (conv/linear; a BatchNorm after a conv has the same correlations) and of activation
 * layers. A feature with one value per row (a classifier's [1, classes]) has no correlation
 * (MeCo's NaN-to-0 makes it add 0) and is left out. NaN entries (a constant row) are set to 0.
 */
export async function mecoPass(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
    sample: TensorData,
): Promise<FeatureCorrelation[]> {
    if (sample.shape[0] !== 1) throw new Error('MeCo reads exactly one sample');
    const g = passGraph(spec, 1);
    const features: Value[] = [];
    for (const layer of g.layers.weights) features.push(layer.output);
    for (const a of g.layers.activations) features.push(a.node.outputs[0]);
    const order = new Map(g.built.graph.nodes.flatMap((n, k) => n.outputs.map((o) => [o, k])));
    const read = [...new Set(features)]
        .filter((f) => f.shape.length >= 3)
        .sort((x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0));
    if (read.length === 0)
        throw new Error('no layer has a feature map with more than one value per row');
    read.forEach((f, k) => {
        const rows = g.b.reshape(f, [f.shape[1], -1]);
        g.b.output(rowCorrelation(g.b, rows), `meco_${k}`);
    });
    const out = await runPass(g, compile, sample, { seed, weights: 'default', tag: 'meco' });
    return read.map((f, k) => {
        const values = floats(out[`meco_${k}`]);
        for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) values[i] = 0;
        return { name: f.name, size: f.shape[1], values };
    });
}
