// L-SWAG window calibration (label-free, once per search space): the per-depth-bin profile of
// mean log sqrt(Var_i(|g_w|)) over K random architectures, and the window = its dominant spike.
import type { SpaceId } from '../spec/spaceId';

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
    'dominant interior spike: the interior bin (1-8) that is a local maximum of the profile with the largest ' +
    'topographic prominence; if that prominence is at least a quarter of the profile range, the window is the ' +
    'contiguous run of bins around it within half its prominence of its value; otherwise (a monotone or flat ' +
    'profile has no spike) all bins';

/** Averages per-layer values into depth bins. */
export function binProfile(layers: readonly { bin: number; value: number }[]): {
    profile: (number | null)[];
    counts: number[];
} {
    const sums = new Array<number>(BINS).fill(0);
    const counts = new Array<number>(BINS).fill(0);
    for (const { bin, value } of layers) {
        sums[bin] += value;
        counts[bin]++;
    }
    return { profile: sums.map((s, k) => (counts[k] > 0 ? s / counts[k] : null)), counts };
}

/** Height of bin k above the higher of the lowest points separating it from higher ground. */
function prominence(values: readonly number[], k: number): number {
    const side = (step: number) => {
        let lowest = values[k];
        for (let j = k + step; j >= 0 && j < values.length; j += step) {
            if (values[j] > values[k]) return lowest;
            lowest = Math.min(lowest, values[j]);
        }
        return -Infinity; // No higher ground on this side: it does not bound the prominence.
    };
    const base = Math.max(side(-1), side(1));
    return values[k] - (base === -Infinity ? Math.min(...values) : base);
}

/** The window by WINDOW_RULE. Deterministic; ties go to the shallowest bin. */
export function chooseWindow(profile: readonly (number | null)[]): [number, number] {
    const values = profile.map((v) => v ?? -Infinity);
    const present = values.filter(Number.isFinite);
    if (present.length === 0) return [0, BINS - 1];
    const range = Math.max(...present) - Math.min(...present);
    let peak = -1;
    let best = 0;
    for (let k = 1; k < BINS - 1; k++) {
        const isLocalMax =
            Number.isFinite(values[k]) && values[k] > values[k - 1] && values[k] >= values[k + 1];
        if (!isLocalMax) continue;
        const p = prominence(
            values.map((v) => (Number.isFinite(v) ? v : Math.min(...present))),
            k,
        );
        if (p > best) [peak, best] = [k, p];
    }
    if (peak < 0 || range <= 0 || best < 0.25 * range) return [0, BINS - 1];
    const floor = values[peak] - best / 2;
    let lo = peak;
    let hi = peak;
    while (lo > 0 && values[lo - 1] >= floor) lo--;
    while (hi < BINS - 1 && values[hi + 1] >= floor) hi++;
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
