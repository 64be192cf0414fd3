// Two tiny networks built directly in the IR, shared by the model-level gradient tests:
// a CNN with training-mode BatchNorm and a pre-norm ViT block, each ending in cross-entropy.
import { float, int, ints } from '../ir/attrs';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { batchNormTraining } from '../ir/layers';
import { crossEntropy } from '../ir/loss';
import { tensor } from '../ir/tensor';

export interface TinyModel {
    /** Shapes of the data input, then of every parameter in order. */
    readonly shapes: readonly (readonly number[])[];
    readonly classes: number;
    /** Builds logits from the data input and the parameters. */
    readonly logits: (b: GraphBuilder, x: Value, params: Value[]) => Value;
}

const conv = (b: GraphBuilder, x: Value, w: Value, stride: number, pad: number) =>
    b.op('Conv', [x, w], { strides: ints([stride, stride]), pads: ints([pad, pad, pad, pad]) });

/** x [N,3,8,8] -> Conv3x3 -> BN -> ReLU -> MaxPool2 -> Conv3x3/2 -> BN -> ReLU -> GAP -> Linear. */
export function tinyCnn(batch: number, ghostGroups = 1): TinyModel {
    return {
        shapes: [[batch, 3, 8, 8], [4, 3, 3, 3], [4], [4], [6, 4, 3, 3], [6], [6], [5, 6], [5]],
        classes: 5,
        logits: (b, x, [w1, g1, b1, w2, g2, b2, fc, fcb]) => {
            const bn = (v: Value, s: Value, t: Value) =>
                batchNormTraining(b, v, s, t, { epsilon: 1e-5, ghostGroups });
            let h = b.relu(bn(conv(b, x, w1, 1, 1), g1, b1));
            h = b.op('MaxPool', [h], { kernel_shape: ints([2, 2]), strides: ints([2, 2]) });
            h = b.relu(bn(conv(b, h, w2, 2, 1), g2, b2));
            h = b.op('Flatten', [b.op('GlobalAveragePool', [h])]);
            return b.gemm(h, fc, fcb, 0, 1);
        },
    };
}

/** x [N,5,8]: LN -> 2-head attention -> residual -> LN -> MLP(GELU) -> residual -> mean -> head. */
export function tinyVitBlock(batch: number): TinyModel {
    const [tokens, dim, heads] = [5, 8, 2];
    const hd = dim / heads;
    return {
        shapes: [
            [batch, tokens, dim],
            [dim],
            [dim],
            [dim, 3 * dim],
            [3 * dim],
            [dim, dim],
            [dim],
            [dim],
            [dim],
            [dim, 16],
            [16],
            [16, dim],
            [dim],
            [dim, 3],
            [3],
        ],
        classes: 3,
        logits: (b, x, [n1g, n1b, wqkv, bqkv, wproj, bproj, n2g, n2b, w1, b1, w2, b2, wh, bh]) => {
            const ln = (v: Value, g: Value, be: Value) =>
                b.op('LayerNormalization', [v, g, be], { axis: int(-1), epsilon: float(1e-5) });
            const qkv = b.add(b.matMul(ln(x, n1g, n1b), wqkv), bqkv);
            const split = b.transpose(
                b.reshape(qkv, [batch, tokens, 3, heads, hd]),
                [2, 0, 3, 1, 4],
            );
            const pick = (i: number) => b.gather(split, b.constant(tensor('int64', [], [i])), 0);
            const scores = b.mulScalar(
                b.matMul(pick(0), b.swapLastTwo(pick(1))),
                1 / Math.sqrt(hd),
            );
            const att = b.matMul(b.softmax(scores, -1), pick(2));
            const merged = b.reshape(b.transpose(att, [0, 2, 1, 3]), [batch, tokens, dim]);
            const h = b.add(x, b.add(b.matMul(merged, wproj), bproj));
            const mlp = b.add(b.matMul(b.gelu(b.add(b.matMul(ln(h, n2g, n2b), w1), b1)), w2), b2);
            const out = b.add(h, mlp);
            return b.add(b.matMul(b.reduceMean(out, [1], false), wh), bh);
        },
    };
}

/** The model's mean cross-entropy (Σ of per-group means with ghost groups). */
export function lossOf(
    b: GraphBuilder,
    m: TinyModel,
    x: Value,
    params: Value[],
    oneHot: Value,
    groups = 1,
): Value {
    return crossEntropy(b, m.logits(b, x, params), oneHot, groups);
}
