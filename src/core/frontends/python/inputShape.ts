// The input-shape rule for PyTorch definitions (docs/pytorch.md): a `# lswag: input=` comment,
// else what the first layer and the class count say, else the caller's fallback (--input or the
// lswag.inputShape setting). One function, used for static graphs and for traced definitions.

/** What the rule reads off a model. */
export interface ShapeEvidence {
    /** `# lswag: input=...` on the definition. */
    readonly comment?: readonly number[];
    /** The first weight layer: Conv2d's in_channels or Linear's in_features. */
    readonly firstLayer?:
        | { readonly kind: 'conv'; readonly channels: number }
        | { readonly kind: 'linear'; readonly features: number };
    /** The class count if known (the last Linear's out_features). */
    readonly classes?: number;
    /** `--input` / `lswag.inputShape`: used when nothing in the code decides. */
    readonly fallback?: readonly number[];
}

/** One input shape to try, and where it came from in words. */
export interface InputChoice {
    readonly shape: readonly number[];
    readonly from: string;
}

/** Image sizes tried for a small classifier (CIFAR, MNIST, then larger), in order. */
const SMALL_SIZES = [32, 28, 64, 96, 224];
/** Image sizes tried for an ImageNet-style classifier. */
const LARGE_SIZES = [224, 299, 256, 32];

/**
 * The shapes to try, best first: the caller builds with each until one fits the network (a
 * network written for 28x28 MNIST fails at 32x32 in its first Linear). Empty when nothing decides.
 */
export function inputCandidates(e: ShapeEvidence): InputChoice[] {
    if (e.comment) return [{ shape: e.comment, from: '`# lswag: input=` comment' }];
    const first = e.firstLayer;
    if (first?.kind === 'linear')
        return [
            { shape: [first.features], from: `the first Linear takes ${first.features} features` },
        ];
    if (first?.kind === 'conv') {
        const c = first.channels;
        const isSmall = e.classes !== undefined && e.classes <= 100;
        const sizes = isSmall ? SMALL_SIZES : LARGE_SIZES;
        const why = isSmall
            ? `${e.classes} classes`
            : e.classes === undefined
              ? 'no class count'
              : `${e.classes} classes`;
        const fromFallback = e.fallback
            ? [{ shape: e.fallback, from: 'the --input / lswag.inputShape setting' }]
            : [];
        return [
            ...sizes.map((s, i) => ({
                shape: [c, s, s],
                from: `first conv has ${c} channels and ${why}: ${s}x${s}${i === 0 ? '' : ` (the first size in ${sizes.join(', ')} that fits)`}`,
            })),
            ...fromFallback,
        ];
    }
    if (e.fallback) return [{ shape: e.fallback, from: 'the --input / lswag.inputShape setting' }];
    return [];
}
