// AutoFormer-style ViT: patch embedding, cls token, learned positions, pre-norm blocks with
// per-layer heads (q/k/v width headDim*heads) and MLP ratio, GELU, mean-pooled patch tokens.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { tensor } from '../ir/tensor';
import type { AutoformerSpec } from '../spec/spec';
import { type BuildOptions, type BuiltModel, normOptions } from './built';
import { conv2d, layerNorm, linear } from './layers';

/** trunc_normal_(std=.02) as AutoFormer and timm initialise cls token and position embedding. */
const EMBEDDING_INIT = { kind: 'truncatedNormal', std: 0.02, bound: 2 } as const;

function attention(
    b: GraphBuilder,
    x: Value,
    heads: number,
    headDim: number,
    name: string,
    logits: Value[],
): Value {
    const [batch, tokens] = x.shape;
    const qkv = linear(b, x, 3 * heads * headDim, `${name}.qkv`);
    const split = b.transpose(b.reshape(qkv, [batch, tokens, 3, heads, headDim]), [2, 0, 3, 1, 4]);
    const pick = (i: number) => b.gather(split, b.constant(tensor('int64', [], [i])), 0);
    const scores = b.mulScalar(b.matMul(pick(0), b.swapLastTwo(pick(1))), 1 / Math.sqrt(headDim));
    logits.push(scores);
    const mixed = b.matMul(b.softmax(scores, -1), pick(2));
    const merged = b.reshape(b.transpose(mixed, [0, 2, 1, 3]), [batch, tokens, heads * headDim]);
    return linear(b, merged, x.shape[2], `${name}.proj`);
}

function mlp(b: GraphBuilder, x: Value, hidden: number, name: string): Value {
    return linear(b, b.gelu(linear(b, x, hidden, `${name}.fc1`)), x.shape[2], `${name}.fc2`);
}

export function buildAutoformer(spec: AutoformerSpec, opts: BuildOptions): BuiltModel {
    const b = new GraphBuilder();
    const norm = normOptions(opts);
    const e = spec.embedDim;
    const grid = Math.floor(spec.imageSize / spec.patchSize);
    const tokens = grid * grid + 1;
    const input = b.input('input', 'float32', [
        opts.batch,
        spec.inChannels,
        spec.imageSize,
        spec.imageSize,
    ]);
    const patches = conv2d(b, input, e, spec.patchSize, 'patch_embed.proj', {
        stride: spec.patchSize,
        bias: true,
    });
    const sequence = b.transpose(b.reshape(patches, [opts.batch, e, grid * grid]), [0, 2, 1]);
    const cls = b.expand(b.param('cls_token', 'float32', [1, 1, e], EMBEDDING_INIT), [
        opts.batch,
        1,
        e,
    ]);
    const positions = b.param('pos_embed', 'float32', [1, tokens, e], EMBEDDING_INIT);
    let x = b.add(b.concat([cls, sequence], 1), positions);
    // Why both residual sums of a block: AZ-NAS reads the residual stream after each of them.
    const blocks = [x];
    const attnLogits: Value[] = [];
    const blockOutputs: Value[] = [];
    for (let l = 0; l < spec.depth; l++) {
        const name = `blocks.${l}`;
        x = b.add(
            x,
            attention(
                b,
                layerNorm(b, x, `${name}.norm1`, norm),
                spec.numHeads[l],
                spec.headDim,
                `${name}.attn`,
                attnLogits,
            ),
        );
        blocks.push(x);
        x = b.add(
            x,
            mlp(
                b,
                layerNorm(b, x, `${name}.norm2`, norm),
                Math.floor(e * spec.mlpRatio[l]),
                `${name}.mlp`,
            ),
        );
        blocks.push(x);
        blockOutputs.push(x);
    }
    x = layerNorm(b, x, 'norm', norm);
    const pooled =
        spec.pool === 'mean'
            ? b.reduceMean(b.slice(x, [1], [tokens], [1]), [1], false)
            : b.reshape(b.slice(x, [0], [1], [1]), [opts.batch, e]);
    const logits = linear(b, pooled, spec.classes, 'head');
    b.output(logits, 'logits');
    return {
        graph: b.graph,
        input,
        logits,
        classes: spec.classes,
        blocks,
        vitSites: { attnLogits, blockOutputs },
    };
}
