// NAS-Bench-201: stem, three stages of cells joined by residual reduction blocks, BN-ReLU, GAP,
// linear classifier (docs/architecture-files.md). Nodes are emitted in the order PyTorch's
// reference model applies them, so weight-layer and activation-layer order (depth bins) match it.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type Nb201Op, parseCell } from '../spec/nb201Cell';
import type { Nb201Spec } from '../spec/spec';
import { type BuildOptions, type BuiltModel, normOptions } from './built';
import {
    type OpCtx as Ctx,
    averagePool,
    batchNorm,
    conv2d,
    globalAveragePool,
    linear,
    reluConvBn,
} from './layers';

function edge(c: Ctx, x: Value, op: Nb201Op, name: string): Value {
    const channels = x.shape[1];
    switch (op) {
        case 'none':
            // Why: the reference model multiplies by zero; the ops feeding it stay in the graph
            // (and in params), and their gradients are exactly zero.
            return c.b.mulScalar(x, 0);
        case 'skip_connect':
            return x;
        case 'nor_conv_1x1':
            return reluConvBn(c, x, channels, 1, 1, name);
        case 'nor_conv_3x3':
            return reluConvBn(c, x, channels, 3, 1, name);
        case 'avg_pool_3x3':
            return averagePool(c.b, x, 3, 1, 1, false);
    }
}

function cell(c: Ctx, x: Value, ops: ReturnType<typeof parseCell>, name: string): Value {
    const nodes = [x];
    for (const to of [1, 2, 3]) {
        const terms = ops
            .filter((e) => e.to === to)
            .map((e) => edge(c, nodes[e.from], e.op, `${name}.edge${e.to}${e.from}`));
        nodes.push(terms.reduce((acc, t) => c.b.add(acc, t)));
    }
    return nodes[3];
}

/** ResNet basic block with stride 2: conv_a, conv_b, then the AvgPool + 1x1 conv shortcut. */
function reduction(c: Ctx, x: Value, out: number, name: string): Value {
    const a = reluConvBn(c, x, out, 3, 2, `${name}.conv_a`);
    const bOut = reluConvBn(c, a, out, 3, 1, `${name}.conv_b`);
    const shortcut = conv2d(c.b, averagePool(c.b, x, 2, 2, 0, true), out, 1, `${name}.downsample`);
    return c.b.add(shortcut, bOut);
}

export function buildNb201(spec: Nb201Spec, opts: BuildOptions): BuiltModel {
    const ops = parseCell(spec.cell);
    const b = new GraphBuilder();
    const c: Ctx = { b, norm: normOptions(opts) };
    const input = b.input('input', 'float32', [opts.batch, 3, spec.imageSize, spec.imageSize]);
    let x = batchNorm(
        b,
        conv2d(b, input, spec.channels, 3, 'stem.conv', { padding: 1 }),
        'stem.bn',
        c.norm,
    );
    let channels = spec.channels;
    const blocks = [x];
    for (let stage = 0; stage < 3; stage++) {
        if (stage > 0) {
            channels *= 2;
            x = reduction(c, x, channels, `reduction${stage}`);
            blocks.push(x);
        }
        for (let k = 0; k < spec.cellsPerStage; k++) {
            x = cell(c, x, ops, `stage${stage}.cell${k}`);
            blocks.push(x);
        }
    }
    x = b.relu(batchNorm(b, x, 'lastact.bn', c.norm));
    const logits = linear(b, globalAveragePool(b, x), spec.classes, 'classifier');
    b.output(logits, 'logits');
    return { graph: b.graph, input, logits, classes: spec.classes, blocks };
}
