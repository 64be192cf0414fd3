// What a space builder returns: a forward graph from one data input to logits, ready for autodiff.
import type { Graph, Value } from '../ir/graph';

export interface BuildOptions {
    /** Rows of the data input. */
    readonly batch: number;
    /** Independent batch-norm groups ("ghost" batches); 1 = whole-batch statistics. */
    readonly ghostGroups?: number;
}

export interface BuiltModel {
    readonly graph: Graph;
    /** The data input [B, ...inputShape]. */
    readonly input: Value;
    /** [B, classes]. */
    readonly logits: Value;
    readonly classes: number;
}
