// What a score job is asked to compute: proxies, data source, batch sizes. Plain data that core's
// scorer reads and the worker protocol (src/protocol/worker.ts) carries; it imports nothing.

/** Where the data batches come from. Paths are absolute. */
export type DataSourceSpec =
    | { readonly kind: 'synthetic' }
    | { readonly kind: 'images'; readonly path: string }
    | { readonly kind: 'cifar'; readonly path: string }
    | { readonly kind: 'npy'; readonly path: string; readonly labels?: string };

/**
 * Which values of an AutoFormer block count as activation layers (codes 1[x > 0] for nwot, swap and
 * L-SWAG's Psi): the MLP's GELU only (the default), plus each attention's scaled logits q·kᵀ/√d
 * (the softmax's input), or plus each block's output (the residual stream after the MLP).
 */
export const VIT_ACTIVATIONS = ['gelu', 'gelu+attn-logits', 'gelu+block-out'] as const;
export type VitActivations = (typeof VIT_ACTIVATIONS)[number];

export interface ScoreOptions {
    /** Proxy ids (names as docs/proxies.md spells them). */
    readonly proxies: readonly string[];
    readonly data: DataSourceSpec;
    /** Rows per mini-batch (B). */
    readonly batch: number;
    /** Mini-batches (N) for gradient statistics. */
    readonly batches: number;
    readonly seed: number;
    /** Samples S of batch 1 used for sign patterns (swap, lswag's Psi). */
    readonly psiSamples: number;
    /** L-SWAG depth-bin window [lo, hi]; absent = the calibrated window of the space, else all bins. */
    readonly window?: readonly [number, number];
    /** 'batches' (N mini-batches, the default) or 'perSample' (N = B single samples). */
    readonly gradientMode: 'batches' | 'perSample';
    /** Calibrated windows by search space (`lswag calibrate`); used when `window` is absent. */
    readonly calibratedWindows?: Readonly<Record<string, readonly [number, number]>>;
    /** Activation layers of AutoFormer blocks; absent = 'gelu' (other networks: no effect). */
    readonly vitActivations?: VitActivations;
    /** Return each architecture's per-layer mean log std of |g| (window calibration). */
    readonly collectProfile?: boolean;
}
