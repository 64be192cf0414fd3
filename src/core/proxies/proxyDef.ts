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
