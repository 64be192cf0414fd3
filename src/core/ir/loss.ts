// The training loss of every proxy: mean cross-entropy, optionally per "ghost" batch group.
import type { GraphBuilder } from './builder';
import type { Value } from './graph';
import { type DType, type TensorData, tensor } from './tensor';

/**
 * Σ over G batch groups of the mean cross-entropy within each group, from logits [N, K] and
 * one-hot targets [N, K]. With G = 1 this is the usual mean loss; with G > 1 (and ghost batch
 * norm) the groups are independent, so per-group gradients are those of each group's own loss.
 */
export function crossEntropy(b: GraphBuilder, logits: Value, oneHot: Value, groups = 1): Value {
    const n = logits.shape[0];
    if (n % groups !== 0)
        throw new Error(`crossEntropy: batch ${n} is not divisible into ${groups} groups`);
    const logp = b.logSoftmax(logits, -1);
    const total = b.sumAll(b.mul(logp, oneHot));
    return b.mulScalar(total, -groups / n); // -(1/(N/G)) Σ y log p
}

export function oneHot(
    labels: readonly number[],
    classes: number,
    dtype: DType = 'float32',
): TensorData {
    const values = new Array<number>(labels.length * classes).fill(0);
    labels.forEach((label, i) => {
        if (!Number.isInteger(label) || label < 0 || label >= classes) {
            throw new Error(`label ${label} at row ${i} is outside 0..${classes - 1}`);
        }
        values[i * classes + label] = 1;
    });
    return tensor(dtype, [labels.length, classes], values);
}
