// NAS-Bench-101's network (Ying et al. 2019, nasbench/lib/model_builder.py): stem Conv3x3-BN-ReLU,
// `stacks` stacks of `cellsPerStack` cells with a 2x2 max-pool and channel doubling between stacks,
// global average pool, linear head. Inside a cell the output's channels are split among the vertices
// feeding it; a vertex reads earlier vertices truncated to its width and the cell input through a
// 1x1 projection (Conv-BN-ReLU). Nodes are emitted in the reference's order (per vertex: its inputs,
// the projection of the cell input last, then its op), so depth bins follow it.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type PrunedNb101Cell, pruneNb101Cell } from '../spec/nb101Cell';
import type { Nb101Spec } from '../spec/spec';
import { type BuildOptions, type BuiltModel, type NormOptions, normOptions } from './built';
import { batchNorm, conv2d, globalAveragePool, linear, maxPool } from './layers';

interface Ctx {
    readonly b: GraphBuilder;
    readonly norm: NormOptions;
}

function convBnRelu(c: Ctx, x: Value, out: number, kernel: number, name: string): Value {
    const y = conv2d(c.b, x, out, kernel, `${name}.conv`, { padding: (kernel - 1) / 2 });
    return c.b.relu(batchNorm(c.b, y, `${name}.bn`, c.norm));
}

/**
 * Channels of every vertex (the reference's compute_vertex_channels): the output's channels are
 * split as evenly as possible among the vertices feeding it (earlier vertices get the remainder),
 * and a vertex not feeding the output gets the widest of its successors.
 */
export function vertexChannels(
    matrix: PrunedNb101Cell['matrix'],
    inChannels: number,
    outChannels: number,
): number[] {
    const n = matrix.length;
    const channels = new Array<number>(n).fill(0);
    channels[0] = inChannels;
    channels[n - 1] = outChannels;
    if (n === 2) return channels;
    let feeding = 0;
    for (let v = 1; v < n - 1; v++) feeding += matrix[v][n - 1];
    const share = Math.floor(outChannels / feeding);
    let extra = outChannels % feeding;
    for (let v = 1; v < n - 1; v++) {
        if (matrix[v][n - 1] !== 1) continue;
        channels[v] = share + (extra > 0 ? 1 : 0);
        if (extra > 0) extra--;
    }
    for (let v = n - 3; v >= 1; v--) {
        if (matrix[v][n - 1] === 1) continue;
        for (let dst = v + 1; dst < n - 1; dst++)
            if (matrix[v][dst] === 1) channels[v] = Math.max(channels[v], channels[dst]);
    }
    return channels;
}

/** The first `channels` channels (the reference's truncate; widths never need to grow). */
function truncate(c: Ctx, x: Value, channels: number): Value {
    if (x.shape[1] === channels) return x;
    return c.b.slice(x, [0], [channels], [1]);
}

function cell(c: Ctx, x: Value, spec: PrunedNb101Cell, outChannels: number, name: string): Value {
    const { matrix, ops } = spec;
    const n = matrix.length;
    const widths = vertexChannels(matrix, x.shape[1], outChannels);
    const tensors: Value[] = [x];
    const toOutput: Value[] = [];
    for (let t = 1; t < n - 1; t++) {
        const inputs: Value[] = [];
        for (let src = 1; src < t; src++)
            if (matrix[src][t] === 1) inputs.push(truncate(c, tensors[src], widths[t]));
        if (matrix[0][t] === 1)
            inputs.push(convBnRelu(c, x, widths[t], 1, `${name}.input_proj${t}`));
        const sum = inputs.reduce((acc, v) => c.b.add(acc, v));
        const op = ops[t];
        const value =
            op === 'maxpool3x3'
                ? maxPool(c.b, sum, 3, 1, 1)
                : convBnRelu(c, sum, widths[t], op === 'conv3x3-bn-relu' ? 3 : 1, `${name}.op${t}`);
        tensors.push(value);
        if (matrix[t][n - 1] === 1) toOutput.push(value);
    }
    if (toOutput.length === 0)
        return convBnRelu(c, x, outChannels, 1, `${name}.input_proj${n - 1}`);
    let out = toOutput.length === 1 ? toOutput[0] : c.b.concat(toOutput, 1);
    if (matrix[0][n - 1] === 1)
        out = c.b.add(out, convBnRelu(c, x, outChannels, 1, `${name}.input_proj${n - 1}`));
    return out;
}

export function buildNb101(spec: Nb101Spec, opts: BuildOptions): BuiltModel {
    const pruned = pruneNb101Cell(spec);
    const b = new GraphBuilder();
    const c: Ctx = { b, norm: normOptions(opts) };
    const input = b.input('input', 'float32', [opts.batch, 3, spec.imageSize, spec.imageSize]);
    let channels = spec.stemChannels;
    let x = convBnRelu(c, input, channels, 3, 'stem');
    for (let stack = 0; stack < spec.stacks; stack++) {
        if (stack > 0) {
            x = maxPool(b, x, 2, 2, 0);
            channels *= 2;
        }
        for (let k = 0; k < spec.cellsPerStack; k++)
            x = cell(c, x, pruned, channels, `stack${stack}.cell${k}`);
    }
    const logits = linear(b, globalAveragePool(b, x), spec.classes, 'classifier');
    b.output(logits, 'logits');
    return { graph: b.graph, input, logits, classes: spec.classes };
}
