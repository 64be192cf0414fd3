// LIBRA's out-of-sample protocol: every rule chooses its proxies on the training rows of each split
// and is measured (Spearman rho of its combined ranking) on the held-out rows it never saw; the best
// single proxy is chosen and measured the same way. A combination is suggested only when its mean
// held-out rho beats the best single proxy's. Pure.
import { heldOutSplit, kFoldSplits, type Split } from './folds';
import type { LibraOptions, LibraTable } from './libra';
import type { PresetOutOfSample } from './preset';
import {
    choiceRho,
    ruleById,
    subsetTable,
    type Choice,
    type CombinationRule,
    type RuleId,
} from './rules';

export const DEFAULT_FOLDS = 5;
export const DEFAULT_SEED = 0;

/** k seeded folds (default) or one held-out fraction of a seeded shuffle. */
export type Protocol =
    | { readonly kind: 'k-fold'; readonly folds: number; readonly seed: number }
    | { readonly kind: 'held-out'; readonly fraction: number; readonly seed: number };

export const DEFAULT_PROTOCOL: Protocol = {
    kind: 'k-fold',
    folds: DEFAULT_FOLDS,
    seed: DEFAULT_SEED,
};

export interface FoldOutcome {
    readonly choice: Choice | undefined;
    /** On the rows that chose it (in-sample). */
    readonly trainRho: number | null;
    /** On the held-out rows. */
    readonly testRho: number | null;
}

export interface RuleOutcome {
    readonly rule: RuleId;
    readonly summary: string;
    readonly folds: readonly FoldOutcome[];
    /** Mean held-out rho over the splits where it is defined (null when none is). */
    readonly outOfSample: number | null;
    /** What the rule chooses on every row (what a preset saves), and its in-sample rho there. */
    readonly final: Choice | undefined;
    readonly inSample: number | null;
}

export interface OutOfSampleReport {
    readonly n: number;
    readonly protocol: Protocol;
    readonly bestSingle: RuleOutcome;
    readonly combination: RuleOutcome;
    /** Other rules measured the same way (for the CLI's table and docs/libra.md). */
    readonly others: readonly RuleOutcome[];
    /** True only when the combination's held-out rho is above the best single proxy's. */
    readonly beatsBestSingle: boolean;
    /** The held-out rho gain of the combination over the best single proxy (null if undefined). */
    readonly gain: number | null;
}

export function splitsOf(n: number, protocol: Protocol): Split[] {
    return protocol.kind === 'k-fold'
        ? kFoldSplits(n, protocol.folds, protocol.seed)
        : [heldOutSplit(n, protocol.fraction, protocol.seed)];
}

const mean = (values: readonly (number | null)[]): number | null => {
    const defined = values.filter((v): v is number => v !== null);
    return defined.length === 0 ? null : defined.reduce((s, v) => s + v, 0) / defined.length;
};

/** Rows with a finite accuracy (the only ones any rule or measurement uses). */
export function labelledOnly(table: LibraTable): LibraTable {
    const rows = table.accuracy.flatMap((a, i) => (Number.isFinite(a) ? [i] : []));
    return rows.length === table.accuracy.length ? table : subsetTable(table, rows);
}

/** One rule through the splits, then on all rows. `table` must hold labelled rows only. */
export function evaluateRule(
    table: LibraTable,
    rule: CombinationRule,
    splits: readonly Split[],
    opts: LibraOptions = {},
): RuleOutcome {
    const folds = splits.map((s): FoldOutcome => {
        const train = subsetTable(table, s.train);
        const choice = rule.choose(train, opts);
        if (choice === undefined) return { choice, trainRho: null, testRho: null };
        return {
            choice,
            trainRho: choiceRho(train, choice),
            testRho: choiceRho(subsetTable(table, s.test), choice),
        };
    });
    const final = rule.choose(table, opts);
    return {
        rule: rule.id,
        summary: rule.summary,
        folds,
        outOfSample: mean(folds.map((f) => f.testRho)),
        final,
        inSample: final === undefined ? null : choiceRho(table, final),
    };
}

/** Margin below which two held-out rhos count as equal (a tie keeps the single proxy). */
const TIE = 1e-9;

/**
 * The protocol on a labelled table: `combination` (a rule id) against best-single, plus `others`.
 * Throws when there are too few labelled rows for the split.
 */
export function outOfSample(
    table: LibraTable,
    o: {
        readonly combination: RuleId;
        readonly others?: readonly RuleId[];
        readonly protocol?: Protocol;
        readonly libra?: LibraOptions;
    },
): OutOfSampleReport {
    const labelled = labelledOnly(table);
    const protocol = o.protocol ?? DEFAULT_PROTOCOL;
    const n = labelled.accuracy.length;
    const splits = splitsOf(n, protocol);
    const run = (id: RuleId) => evaluateRule(labelled, ruleById(id), splits, o.libra);
    const bestSingle = run('best-single');
    const combination = run(o.combination);
    const others = (o.others ?? [])
        .filter((id) => id !== 'best-single' && id !== o.combination)
        .map(run);
    const gain =
        combination.outOfSample === null || bestSingle.outOfSample === null
            ? null
            : combination.outOfSample - bestSingle.outOfSample;
    return {
        n,
        protocol,
        bestSingle,
        combination,
        others,
        beatsBestSingle: gain !== null && gain > TIE && (combination.final?.picks.length ?? 0) > 1,
        gain,
    };
}

/** "5-fold (seed 0)" or "20% held out (seed 0)". */
export function protocolText(p: Protocol): string {
    return p.kind === 'k-fold'
        ? `${p.folds}-fold cross-validation (seed ${p.seed})`
        : `${Math.round(p.fraction * 100)}% held out (seed ${p.seed})`;
}

/** What the CLI and the panel recommend: the combination only where it won out of sample. */
export interface Recommendation {
    readonly kind: 'combination' | 'single';
    readonly choice: Choice;
    /** One sentence with both held-out numbers. */
    readonly text: string;
}

const f3 = (v: number | null): string => (v === null ? '-' : v.toFixed(3));

export function recommendation(r: OutOfSampleReport): Recommendation | undefined {
    const single = r.bestSingle.final;
    const combo = r.combination.final;
    const vs = `held-out rho ${f3(r.combination.outOfSample)} for ${r.combination.rule} vs ${f3(r.bestSingle.outOfSample)} for the best single proxy`;
    if (r.beatsBestSingle && combo) {
        return {
            kind: 'combination',
            choice: combo,
            text: `Use ${combo.picks.join(' + ')} (${r.combination.rule}): ${vs} (+${f3(r.gain)}).`,
        };
    }
    if (!single) return undefined;
    return {
        kind: 'single',
        choice: single,
        text: `Use ${single.picks[0]} alone: no combination beat it out of sample (${vs}).`,
    };
}

/** The numbers a preset records (core/libra/preset.ts). */
export function presetOutOfSample(r: OutOfSampleReport): PresetOutOfSample {
    return {
        protocol: protocolText(r.protocol),
        rule: r.combination.rule,
        combined_spearman: r.combination.outOfSample,
        best_single: {
            proxy: r.bestSingle.final?.picks[0] ?? '-',
            spearman: r.bestSingle.outOfSample,
        },
        beats_best_single: r.beatsBestSingle,
    };
}
