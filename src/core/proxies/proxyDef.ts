// The contract of a proxy: what it needs from the graph, and a pure function from the reduced
// outputs of one run to its score. Proxies never touch onnxruntime or vscode.
import type { ProxyLayers } from './layers';

/** What a proxy needs computed; the probe builder puts every requested need into one graph. */
export interface ProxyNeeds {
    /** Per weight layer statistics of the gradients over the N mini-batches (and batch 1). */
    readonly gradStats?: boolean;
    /** Statistics across the N gradient groups (variances): meaningless with one group, so refused. */
    readonly acrossGroups?: boolean;
    /** dL/da at the weight-layer outputs (fisher). */
    readonly layerOutputGrads?: boolean;
    /** The input Jacobian's correlation matrix (jacov). */
    readonly inputJacobian?: boolean;
    /** The NWOT kernel of activation codes (nwot). */
    readonly activationKernel?: boolean;
    /** Packed per-unit sign patterns of activation layers (swap, lswag). */
    readonly signCodes?: boolean;
    /** A separate data-free pass (synflow). */
    readonly dataFree?: boolean;
    /** Hessian-gradient products by finite differences of gradients (grasp). */
    readonly hessianGradient?: boolean;
    /** One sample's per-layer feature correlation matrices, from their own pass (meco). */
    readonly featureCorrelations?: boolean;
    /** Block-output covariances and block Jacobian products, from their own pass (AZ-NAS). */
    readonly blockFeatures?: boolean;
    /** The Gaussian-input perturbation pass (zen). */
    readonly zenPass?: boolean;
    /** The class labels of batch 1 (epe_nas). */
    readonly labels?: boolean;
}

/** One layer's Pearson correlation matrix of the rows of one sample's feature map (MeCo). */
export interface FeatureCorrelation {
    readonly name: string;
    readonly size: number;
    /** [size x size], row-major; entries of constant rows are 0. */
    readonly values: Float64Array;
}

/** What AZ-NAS reads from the block outputs of batch 1. */
export interface AzFeatures {
    /** Per block output, its [C x C] channel covariance over all rows (B·H·W or B·T). */
    readonly covariances: readonly { readonly size: number; readonly values: Float64Array }[];
    /**
     * Per consecutive pair (block k-1 -> k) with a gradient path, g_inᵀ g_out / rows, where
     * g_out is a Rademacher cotangent of block k and g_in = Jᵀ g_out (pixel-unshuffled to block
     * k's resolution); `identity` when g_in equals g_out exactly (the block is the identity).
     */
    readonly jacobians: readonly {
        readonly rows: number;
        readonly cols: number;
        readonly values: Float64Array;
        readonly identity: boolean;
    }[];
}

/** Zen-NAS's two terms (see zen.ts). */
export interface ZenParts {
    /** mean over the batch of Σ |f(x) - f(x + 0.01 ε)| over the pre-GAP feature map. */
    readonly difference: number;
    /** Per BatchNorm layer, the mean over channels of the batch variance (clean forward). */
    readonly bnVariances: readonly number[];
}

/** Per weight layer reductions of one probe run, each of length D (layers in order). */
export interface GradStats {
    /** Σ w·g₁ (g₁ = batch-1 gradient). */
    readonly plain: Float64Array;
    /** Σ |w·g₁|. */
    readonly snip: Float64Array;
    /** Σ g₁². */
    readonly gradSquares: Float64Array;
    /** Σ over weights with std_i(g) > 0 of mean_i|g| / std_i(g). */
    readonly zico: Float64Array;
    /** Σ over weights with Var_i(|g|) > 0 of 1 / sqrt(Var_i(|g|)). */
    readonly lswag: Float64Array;
    /** Σ over weights with Var_i(|g|) > 0 of log sqrt(Var_i(|g|)), and how many weights that is. */
    readonly logStdSum: Float64Array;
    readonly logStdCount: Float64Array;
}

export type SignCodes = Float64Array | BigInt64Array;

/** Everything a run of the probe graph (and its helper passes) produced, reduced to small arrays. */
export interface ProbeResult {
    readonly layers: ProxyLayers;
    /** How the model was read, for the user (e.g. an eval-mode ONNX export). */
    readonly buildWarnings?: readonly string[];
    readonly params: number;
    readonly flops: number;
    /** Weight-layer parameter values (for l2_norm), by layer. */
    readonly weightValues: readonly Float32Array[];
    readonly gradStats?: GradStats;
    /** Per weight layer Σ_channels 0.5 mean_batch((Σ_positions a·dL/da)²). */
    readonly fisher?: Float64Array;
    /** [B x B] correlation matrix of the input Jacobian rows, row-major. */
    readonly jacobianCorrelation?: { readonly size: number; readonly values: Float64Array };
    /** [B x B] NWOT kernel, row-major. */
    readonly nwotKernel?: { readonly size: number; readonly values: Float64Array };
    /** Per activation layer, one sign-pattern code per unit: exact numbers, or bigints when S > 31. */
    readonly signCodes?: readonly SignCodes[];
    /** log of the synflow score. */
    readonly logSynflow?: number;
    /** -Σ w·(H g₁). */
    readonly grasp?: number;
    /** MeCo's per-layer correlation matrices. */
    readonly featureCorrelations?: readonly FeatureCorrelation[];
    readonly azFeatures?: AzFeatures;
    readonly zen?: ZenParts;
    /** Batch 1's labels (mod the model's classes) and the number of classes. */
    readonly labels?: readonly number[];
    readonly classes?: number;
}

export interface ProxyContext {
    /** L-SWAG window [lo, hi] in depth bins. */
    readonly window: readonly [number, number];
    /** reg_swap's mu and sigma, when given. */
    readonly regSwap?: { readonly mu: number; readonly sigma: number };
}

/** A score, or why there is none. */
export type ProxyValue = number | { readonly error: string };

export interface ProxyDef {
    readonly id: string;
    readonly label: string;
    readonly needs: ProxyNeeds;
    score(probe: ProbeResult, ctx: ProxyContext): ProxyValue;
}

export function sumOf(values: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i];
    return s;
}

/** Σ log(v) over positive entries: an empty inner sum (v = 0) adds 0, not log 0. */
export function sumOfLogs(values: ArrayLike<number>): number {
    let s = 0;
    for (let i = 0; i < values.length; i++) if (values[i] > 0) s += Math.log(values[i]);
    return s;
}
