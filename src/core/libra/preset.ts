// A LIBRA preset: the proxies (and weights) chosen on a labelled sample of one space, saved as JSON and
// used as a search objective, Σ w log(rank/N) within each population. Pure; files are the CLI's job.
import { SPACE_IDS, type SpaceId } from '../spec/spaceId';
import { rankLogScore } from './rankScore';
import { RULE_IDS, type RuleId } from './rules';

export interface LibraPreset {
    readonly kind: 'lswag-libra-preset';
    readonly space: SpaceId;
    readonly dataset: string;
    /** The accuracy column the picks were chosen for. */
    readonly acc: string;
    readonly picks: readonly string[];
    /** The rule that chose the picks (a LIBRA variant, greedy, top-k, or best-single). */
    readonly method: RuleId;
    /** Per pick; absent = 1 each. */
    readonly weights?: readonly number[];
    readonly createdFrom: {
        readonly n: number;
        readonly bench: string;
        /** The combination's rho on that sample (in-sample: it also chose the picks). */
        readonly combined_spearman?: number | null;
        /** Measured on rows that did not choose the picks (docs/libra.md); absent in old presets. */
        readonly out_of_sample?: PresetOutOfSample;
    };
}

/** The out-of-sample numbers a preset records: its rule's held-out rho next to the best single proxy's. */
export interface PresetOutOfSample {
    /** "5-fold cross-validation (seed 0)". */
    readonly protocol: string;
    readonly rule: RuleId;
    readonly combined_spearman: number | null;
    readonly best_single: { readonly proxy: string; readonly spearman: number | null };
    readonly beats_best_single: boolean;
}

/** Checks parsed JSON and returns it as a preset; throws an Error naming the first bad field. */
export function parsePreset(json: unknown): LibraPreset {
    const o = json as Partial<LibraPreset> | null;
    const fail = (field: string): never => {
        throw new Error(`not a LIBRA preset: bad or missing '${field}'`);
    };
    if (typeof o !== 'object' || o === null || o.kind !== 'lswag-libra-preset') fail('kind');
    if (!SPACE_IDS.includes(o!.space as SpaceId)) fail('space');
    if (typeof o!.dataset !== 'string') fail('dataset');
    if (typeof o!.acc !== 'string') fail('acc');
    const picks = o!.picks;
    if (!Array.isArray(picks) || picks.length === 0 || !picks.every((p) => typeof p === 'string'))
        fail('picks');
    if (!RULE_IDS.includes(o!.method as RuleId)) fail('method');
    const w = o!.weights;
    if (
        w !== undefined &&
        (!Array.isArray(w) || w.length !== picks!.length || !w.every(Number.isFinite))
    )
        fail('weights');
    const c = o!.createdFrom;
    if (
        typeof c !== 'object' ||
        c === null ||
        !Number.isInteger(c.n) ||
        typeof c.bench !== 'string'
    )
        fail('createdFrom');
    return o as LibraPreset;
}

/**
 * The preset's objective for every member of a population (higher = better): Σ_k w_k ln(rank_k / N),
 * ranks within this population (N = its size), ties averaged, a missing or null score ranked worst.
 */
export function presetScore(
    preset: Pick<LibraPreset, 'picks' | 'weights'>,
    population: readonly Readonly<Record<string, number | null | undefined>>[],
): number[] {
    const columns = preset.picks.map((p) => population.map((scores) => scores[p] ?? null));
    return rankLogScore(columns, population.length, preset.weights);
}
