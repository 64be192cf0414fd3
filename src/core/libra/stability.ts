// How stable LIBRA's suggestion is on small labelled samples: draw many random subsamples of n rows,
// run the out-of-sample protocol on each, and count how often the decision (offer a combination, or
// recommend the single proxy) agrees with the most common one, and how often the exact picks do.
// Pure and seeded.
import { shuffledRows } from './folds';
import type { LibraOptions, LibraTable } from './libra';
import { labelledOnly, outOfSample, type OutOfSampleReport, type Protocol } from './outOfSample';
import { subsetTable, type RuleId } from './rules';

/** A suggestion is called stable at n when at least this share of subsamples agree on the decision. */
export const STABLE_AGREEMENT = 0.9;

/**
 * Below this many labelled architectures the suggestion flips between subsamples. Measured with
 * `stabilityAt` (20 draws per size, greedy rule, docs/libra.md): on NB201 CIFAR-10 (our 95 scored dev
 * cells) the decision agrees in 0.55 / 0.75 / 0.90 / 1.00 of draws at n = 20 / 30 / 50 / 75 and the
 * exact picks in 0.15 / 0.15 / 0.35 / 0.90; on NAS-Bench-Suite-Zero's 724 NB201 cells the decision
 * agrees in 0.70 / 0.85 / 0.95 / 1.00 at n = 20 / 30 / 50 / 100. The CLI and the panel warn below it.
 */
export const MIN_STABLE_N = 75;

/** The decision the CLI and the panel show for a report, as one comparable string. */
export function decisionKey(r: OutOfSampleReport): string {
    if (r.beatsBestSingle && r.combination.final)
        return `combination ${[...r.combination.final.picks].sort().join('+')}`;
    return `single ${r.bestSingle.final?.picks[0] ?? '-'}`;
}

export interface StabilityPoint {
    readonly n: number;
    readonly draws: number;
    /** Share of draws whose decision (combination offered or not) equals the most common one. */
    readonly agreement: number;
    /** Share of draws whose exact decision (with its picks) equals the most common one. */
    readonly pickAgreement: number;
    /** The most common exact decision ("combination a+b", "single a"). */
    readonly modal: string;
    /** Share of draws where a combination was offered (beat the single proxy out of sample). */
    readonly offered: number;
}

/** Subsamples of n labelled rows (seeded), each through the protocol, and how often they agree. */
export function stabilityAt(
    table: LibraTable,
    o: {
        readonly combination: RuleId;
        readonly n: number;
        readonly draws: number;
        readonly seed: number;
        readonly protocol?: Protocol;
        readonly libra?: LibraOptions;
    },
): StabilityPoint {
    const labelled = labelledOnly(table);
    const total = labelled.accuracy.length;
    if (o.n > total) throw new Error(`n = ${o.n} is more than the ${total} labelled rows`);
    const counts = new Map<string, number>();
    let offered = 0;
    for (let d = 0; d < o.draws; d++) {
        const rows = shuffledRows(total, o.seed * 7919 + d).slice(0, o.n);
        const report = outOfSample(subsetTable(labelled, rows), {
            combination: o.combination,
            protocol: o.protocol,
            libra: o.libra,
        });
        const key = decisionKey(report);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (report.beatsBestSingle) offered++;
    }
    const [modal, hits] = [...counts.entries()].sort(
        (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    )[0];
    const share = offered / o.draws;
    return {
        n: o.n,
        draws: o.draws,
        agreement: Math.max(share, 1 - share),
        pickAgreement: hits / o.draws,
        modal,
        offered: share,
    };
}

/** The smallest measured n from which on every larger measured n agrees at least STABLE_AGREEMENT. */
export function stableSampleSize(points: readonly StabilityPoint[]): number | undefined {
    const sorted = [...points].sort((a, b) => a.n - b.n);
    let found: number | undefined;
    for (let k = sorted.length - 1; k >= 0; k--) {
        if (sorted[k].agreement < STABLE_AGREEMENT) break;
        found = sorted[k].n;
    }
    return found;
}

/** The warning shown with a suggestion on fewer than MIN_STABLE_N labelled architectures. */
export function smallSampleWarning(n: number, minStable = MIN_STABLE_N): string | undefined {
    if (n >= minStable) return undefined;
    return (
        `Only ${n} labelled architecture${n === 1 ? '' : 's'}: below ${minStable} the choice of proxies ` +
        'changes from one sample to the next (docs/libra.md), so treat this suggestion as a guess.'
    );
}
