// L-SWAG window calibration (label-free, once per search space): the per-depth-bin profile of
// mean log sqrt(Var_i(|g_w|)) over K random architectures, and the window = its dominant spike.
import type { SpaceId } from '../search/spaces';

export const BINS = 10;

export interface CalibrationProfile {
    readonly space: SpaceId;
    /** Architectures that contributed. */
    readonly samples: number;
    readonly seed: number;
    /** Mean over layers (and architectures) in each depth bin of mean_w log sqrt(Var_i(|g_w|)); null if empty. */
    readonly profile: readonly (number | null)[];
    /** Weight layers that fell into each bin, summed over architectures. */
    readonly layerCounts: readonly number[];
    readonly window: readonly [number, number];
    /** The rule that chose the window, in words (saved with the profile). */
    readonly rule: string;
    readonly batch: number;
    readonly batches: number;
    readonly data: string;
}

export const WINDOW_RULE =
    'dominant spike: the bin with the largest profile value, extended to the contiguous bins whose value is at least ' +
    'median + 0.5 x (max - median) of the non-empty bins; all bins when the profile is flat';

/** Averages per-layer values into depth bins. */
export function binProfile(layers: readonly { bin: number; value: number }[]): { profile: (number | null)[]; counts: number[] } {
    const sums = new Array<number>(BINS).fill(0);
    const counts = new Array<number>(BINS).fill(0);
    for (const { bin, value } of layers) {
        sums[bin] += value;
        counts[bin]++;
    }
    return { profile: sums.map((s, k) => (counts[k] > 0 ? s / counts[k] : null)), counts };
}

/** The window by WINDOW_RULE. Deterministic; ties go to the shallowest bin. */
export function chooseWindow(profile: readonly (number | null)[]): [number, number] {
    const present = profile.filter((v): v is number => v !== null).sort((a, b) => a - b);
    if (present.length === 0) return [0, BINS - 1];
    const max = present[present.length - 1];
    const mid = present.length / 2;
    const median = present.length % 2 ? present[Math.floor(mid)] : (present[mid - 1] + present[mid]) / 2;
    if (max - median <= 1e-9 * Math.max(1, Math.abs(max))) return [0, BINS - 1];
    const threshold = median + 0.5 * (max - median);
    const peak = profile.findIndex((v) => v === max);
    let lo = peak;
    let hi = peak;
    while (lo > 0 && (profile[lo - 1] ?? -Infinity) >= threshold) lo--;
    while (hi < BINS - 1 && (profile[hi + 1] ?? -Infinity) >= threshold) hi++;
    return [lo, hi];
}

/** Builds the saved profile from per-architecture layer profiles (results of a scoring job). */
export function profileFromLayers(
    space: SpaceId,
    perArchitecture: readonly (readonly { bin: number; value: number }[])[],
    settings: { seed: number; batch: number; batches: number; data: string },
): CalibrationProfile {
    const { profile, counts } = binProfile(perArchitecture.flat());
    return {
        space,
        samples: perArchitecture.filter((layers) => layers.length > 0).length,
        profile,
        layerCounts: counts,
        window: chooseWindow(profile),
        rule: WINDOW_RULE,
        ...settings,
    };
}
