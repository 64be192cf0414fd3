// Composite layers expressed in primitive IR ops, shared by importers, space builders and autodiff.
// Invariant: every helper emits only ops that have their own schema (and gradient rule).
import type { GraphBuilder } from './builder';
import type { Value } from './graph';
import { ShapeError } from './opSchema';
import { formatShape } from './tensor';

export interface BatchNormTrainingOptions {
    readonly epsilon: number;
    /**
     * Splits the batch into this many "ghost" batches with their own statistics (1 or undefined:
     * one batch). The batch size must be divisible by it.
     */
    readonly ghostGroups?: number;
}

/**
 * Training-mode batch normalisation from primitives, with batch statistics (PyTorch train mode):
 * y = (x - mean) / sqrt(var + eps) * scale + bias, mean and var per channel (axis 1) over every
 * other axis, var the population variance. `scale` and `bias` are [C].
 * Why: onnxruntime's CUDA provider rejects BatchNormalization with training_mode=1, and the
 * backward graph needs the primitives anyway.
 */
export function batchNormTraining(
    b: GraphBuilder,
    x: Value,
    scale: Value,
    bias: Value,
    opts: BatchNormTrainingOptions,
): Value {
    const rank = x.shape.length;
    if (rank < 2)
        throw new ShapeError(
            `batchNormTraining: input ${formatShape(x.shape)} has no channel axis`,
        );
    const [n, c] = x.shape;
    const groups = opts.ghostGroups ?? 1;
    if (!Number.isInteger(groups) || groups < 1 || n % groups !== 0) {
        throw new ShapeError(
            `batchNormTraining: batch ${n} is not divisible into ${groups} ghost groups`,
        );
    }
    for (const p of [scale, bias]) {
        if (p.shape.length !== 1 || p.shape[0] !== c) {
            throw new ShapeError(
                `batchNormTraining: ${p.name} ${formatShape(p.shape)} does not match C=${c}`,
            );
        }
    }
    // Why: with ghost groups the batch axis splits into [G, N/G]; statistics skip the group axis 0.
    const grouped = groups > 1 ? b.reshape(x, [groups, n / groups, ...x.shape.slice(1)]) : x;
    const channelAxis = groups > 1 ? 2 : 1;
    const axes = grouped.shape
        .map((_, k) => k)
        .filter((k) => k !== channelAxis && !(groups > 1 && k === 0));
    const perChannel = grouped.shape.map((d, k) => (k === channelAxis ? d : 1));

    const mean = b.reduceMean(grouped, axes); // μ = E[x]
    const centred = b.sub(grouped, mean);
    const variance = b.reduceMean(b.mul(centred, centred), axes); // σ² = E[(x - μ)²], ddof = 0
    const std = b.sqrt(b.add(variance, b.scalar(opts.epsilon, x)));
    const normed = b.div(centred, std);
    const y = b.add(b.mul(normed, b.reshape(scale, perChannel)), b.reshape(bias, perChannel));
    return groups > 1 ? b.reshape(y, x.shape) : y;
}
