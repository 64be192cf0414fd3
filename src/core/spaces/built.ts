// What a space builder returns: a forward graph from one data input to logits, ready for autodiff.
import type { Graph, Value } from '../ir/graph';

export interface BuildOptions {
    /** Rows of the data input. */
    readonly batch: number;
    /** Independent batch-norm groups ("ghost" batches); 1 = whole-batch statistics. */
    readonly ghostGroups?: number;
    /** Replace every normalisation layer by the identity (synflow's data-free pass). */
    readonly withoutNorms?: boolean;
}

/** How norm layers are built, derived once from BuildOptions. */
export interface NormOptions {
    readonly ghostGroups: number;
    readonly identity: boolean;
}

export function normOptions(opts: BuildOptions): NormOptions {
    return { ghostGroups: opts.ghostGroups ?? 1, identity: opts.withoutNorms ?? false };
}

export interface BuiltModel {
    readonly graph: Graph;
    /** The data input [B, ...inputShape]. */
    readonly input: Value;
    /** [B, classes]. */
    readonly logits: Value;
    readonly classes: number;
    /** What the user should know about how the model was read (an eval-mode ONNX export). */
    readonly warnings?: readonly string[];
    /** Stage and block outputs in forward order (AZ-NAS's features), where the builder knows them. */
    readonly blocks?: readonly Value[];
    /** Extra sign-code sites of a ViT's blocks (ScoreOptions.vitActivations), where the builder knows them. */
    readonly vitSites?: {
        /** Each attention's scaled logits q·kᵀ/√d [B, heads, T, T], the softmax's input. */
        readonly attnLogits: readonly Value[];
        /** Each block's output (the residual stream after its MLP) [B, T, E]. */
        readonly blockOutputs: readonly Value[];
    };
}
