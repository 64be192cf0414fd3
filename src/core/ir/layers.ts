// Composite layers expressed in primitive IR ops, shared by importers, space builders and autodiff.
// Invariant: every helper emits only ops that have their own schema (and gradient rule).
import { float, int } from './attrs';
import type { GraphBuilder } from './builder';
import { COMPOSITE_DOMAIN } from './ops/composite';
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
 * Training-mode batch normalisation with batch statistics (PyTorch train mode): one
 * BatchNormTraining node of our composite domain, with a closed-form gradient rule; the exporter
 * expands it with `lowerBatchNormTraining`. `scale` and `bias` are [C].
 * Why not ONNX BatchNormalization(training_mode=1): onnxruntime's CUDA provider rejects it, and
 * the backward graph has to be built by us anyway.
 */
export function batchNormTraining(
    b: GraphBuilder,
    x: Value,
    scale: Value,
    bias: Value,
    opts: BatchNormTrainingOptions,
): Value {
    if (x.shape.length < 2) {
        throw new ShapeError(
            `batchNormTraining: input ${formatShape(x.shape)} has no channel axis`,
        );
    }
    const groups = opts.ghostGroups ?? 1;
    if (!Number.isInteger(groups) || groups < 1 || x.shape[0] % groups !== 0) {
        throw new ShapeError(
            `batchNormTraining: batch ${x.shape[0]} is not divisible into ${groups} ghost groups`,
        );
    }
    return b.node(
        'BatchNormTraining',
        [x, scale, bias],
        { epsilon: float(opts.epsilon), groups: int(groups) },
        {
            domain: COMPOSITE_DOMAIN,
            outputs: 3,
        },
    )[0];
}

/** [G, N/G, C, ...rest]: the grouped view of a batch, and the axes statistics reduce over. */
export function groupedView(
    x: Value,
    groups: number,
): { shape: number[]; axes: number[]; perChannel: number[] } {
    const [n, c, ...rest] = x.shape;
    const shape = [groups, n / groups, c, ...rest];
    return {
        shape,
        axes: shape.map((_, k) => k).filter((k) => k !== 0 && k !== 2),
        perChannel: [1, 1, c, ...rest.map(() => 1)],
    };
}

/**
 * The plain-ONNX expansion of BatchNormTraining: μ = E[x], σ² = E[(x - μ)²] per group and channel,
 * the affine step ONNX's fused (inference-mode) BatchNormalization on μ, σ²; G groups are G such
 * expansions on row slices. Returns [y, mean [G, C], rstd [G, C]].
 */
export function lowerBatchNormTraining(
    b: GraphBuilder,
    x: Value,
    scale: Value,
    bias: Value,
    epsilon: number,
    groups: number,
): Value[] {
    if (groups > 1) {
        // Why one plain lowering per group: each group's statistics and output are then computed by
        // the very kernels (same shapes, same summation order) of a one-group run on those rows, so
        // a proxy does not move with the other proxies requested (a unit within float32 rounding of
        // an activation's threshold flipped with the fused grouped form; docs/proxies.md).
        const rows = x.shape[0] / groups;
        const parts = Array.from({ length: groups }, (_, g) =>
            lowerBatchNormTraining(
                b,
                b.slice(x, [g * rows], [(g + 1) * rows], [0]),
                scale,
                bias,
                epsilon,
                1,
            ),
        );
        return [0, 1, 2].map((k) =>
            b.concat(
                parts.map((p) => p[k]!),
                0,
            ),
        );
    }
    const c = x.shape[1];
    const view = groupedView(x, 1);
    const grouped = b.reshape(x, view.shape);
    const mean = b.reduceMean(grouped, view.axes);
    const centred = b.sub(grouped, mean);
    const variance = b.reduceMean(b.mul(centred, centred), view.axes);
    const rstd = b.reciprocal(b.sqrt(b.addScalar(variance, epsilon)));
    const y = b.op(
        'BatchNormalization',
        [x, scale, bias, b.reshape(mean, [c]), b.reshape(variance, [c])],
        { epsilon: float(epsilon) },
    );
    return [y, b.reshape(mean, [1, c]), b.reshape(rstd, [1, c])];
}
