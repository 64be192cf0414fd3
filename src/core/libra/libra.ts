// LIBRA-NAS (docs/proxies.md): z1 by highest Spearman rho, z2 by the LOWEST information gain within
// the rho band, z3 by the #params bias closest to the accuracy's; combined by Σ log(rank/N). Pure.
import { averageRanks, pearson, spearman } from '../eval/correlation';
import { DEFAULT_BINS, gainContext } from './entropy';
import { rankLogScore } from './rankScore';

export const DEFAULT_BAND = 0.1;
/** Values closer than this count as tied (rho, IG, bias gaps). */
const TIE = 1e-12;

/** A labelled sample: one score column per proxy (`params` may be one), accuracy and #params per row. */
export interface LibraTable {
    readonly proxies: Readonly<Record<string, readonly (number | null)[]>>;
    readonly accuracy: readonly number[];
    readonly params: readonly (number | null)[];
}

export interface LibraOptions {
    /** Histogram bins per variable (default 24). */
    readonly bins?: number;
    /** Width of the rho band below rho(z1) (default 0.1). */
    readonly band?: number;
}

/** What LIBRA knows about one proxy; null where undefined (constant column, no z1, constant params). */
export interface ProxyStats {
    readonly proxy: string;
    readonly spearman: number | null;
    /** IG(z) given z1 (null for z1 itself and for excluded proxies). */
    readonly ig: number | null;
    readonly bias: number | null;
    /** Rows without a score (null/NaN): ranked worst, binned together. */
    readonly missing: number;
    /** In the candidate set C (rho within the band of z1, z1 excluded). */
    readonly inBand: boolean;
}

export interface LibraPick {
    readonly proxy: string;
    readonly spearman: number;
    readonly ig: number | null;
    readonly bias: number | null;
    readonly why: string;
}

/** The statistics every LIBRA variant chooses from, computed once per table. */
export interface Analysis {
    readonly n: number;
    /** Input row index of each analysed row (rows without a finite accuracy are dropped). */
    readonly rows: readonly number[];
    readonly accuracy: readonly number[];
    readonly columns: Readonly<Record<string, readonly (number | null)[]>>;
    readonly stats: readonly ProxyStats[];
    /** Usable proxies (defined rho), best first: rho descending, ties by name. */
    readonly ranked: readonly ProxyStats[];
    readonly band: readonly ProxyStats[];
    readonly accuracyBias: number | null;
    readonly entropyY: number;
    readonly entropyYGivenZ1: number | null;
    readonly bins: number;
    readonly bandWidth: number;
    readonly notes: readonly string[];
}

export interface LibraResult {
    readonly method: 'libra';
    /** z1, z2, z3 in that order; fewer when the band is too small (see notes). */
    readonly picks: readonly LibraPick[];
    /** Combined score per analysed row (higher = better), aligned with `rows`. */
    readonly combined: readonly number[];
    readonly combined_spearman: number | null;
    readonly best_single: { readonly proxy: string; readonly spearman: number } | null;
    readonly n: number;
    readonly rows: readonly number[];
    readonly notes: readonly string[];
    readonly accuracy_bias: number | null;
    readonly entropy_y: number;
    readonly entropy_y_given_z1: number | null;
    readonly proxies: readonly ProxyStats[];
    readonly bins: number;
    readonly band: number;
}

export const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
export const fmt = (v: number | null, digits = 3): string => (v === null ? '-' : v.toFixed(digits));
const count = (k: number, noun: string): string => `${k} ${noun}${k === 1 ? '' : 's'}`;
const isMissing = (v: number | null): boolean => v === null || Number.isNaN(v);

/** bias(m): Pearson correlation of the ranks of m with the ranks of #params (missing ranks worst). */
export function rankBias(
    values: readonly (number | null)[],
    params: readonly (number | null)[],
): number {
    return pearson(averageRanks(values), averageRanks(params));
}

/** Rho descending (differences within TIE are ties), then name: the documented tie-break. */
export function byRhoThenName(a: ProxyStats, b: ProxyStats): number {
    const d = (b.spearman ?? -Infinity) - (a.spearman ?? -Infinity);
    return Math.abs(d) > TIE ? d : a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : 0;
}

/** Items whose value is within TIE of the smallest, best first by rho then name. */
function lowest(items: readonly ProxyStats[], value: (s: ProxyStats) => number): ProxyStats[] {
    const min = Math.min(...items.map(value));
    return items.filter((s) => value(s) - min <= TIE).sort(byRhoThenName);
}

export function analyseTable(table: LibraTable, opts: LibraOptions = {}): Analysis {
    const bins = opts.bins ?? DEFAULT_BINS;
    const bandWidth = opts.band ?? DEFAULT_BAND;
    const notes: string[] = [];
    const rows = table.accuracy.flatMap((a, i) => (Number.isFinite(a) ? [i] : []));
    if (rows.length < table.accuracy.length) {
        notes.push(
            `${table.accuracy.length - rows.length} rows without a finite accuracy were left out.`,
        );
    }
    const pick = <T>(col: readonly T[]) => rows.map((i) => col[i]);
    const accuracy = pick(table.accuracy);
    const params = pick(table.params);
    const columns: Record<string, (number | null)[]> = {};
    for (const [p, col] of Object.entries(table.proxies)) {
        if (col.length !== table.accuracy.length)
            throw new Error(
                `proxy ${p} has ${col.length} scores for ${table.accuracy.length} rows`,
            );
        columns[p] = pick(col);
    }
    const n = rows.length;
    const accuracyBias = orNull(rankBias(accuracy, params));
    if (accuracyBias === null)
        notes.push(
            'params (or the accuracy) is constant on this sample, so no bias is defined and there is no z3.',
        );

    const base = Object.entries(columns).map(([proxy, col]) => ({
        proxy,
        spearman: orNull(spearman(col, accuracy)),
        bias: orNull(rankBias(col, params)),
        missing: col.filter(isMissing).length,
    }));
    const unusable = base
        .filter((s) => s.spearman === null)
        .map((s) => `${s.proxy}${s.missing === n ? ' (no scores)' : ''}`);
    if (unusable.length > 0)
        notes.push(
            `Left out, constant on these ${n} architectures so rho is undefined: ${unusable.join(', ')}.`,
        );
    for (const s of base) {
        if (s.spearman !== null && s.missing > 0) {
            notes.push(
                `${s.proxy}: ${s.missing} of ${n} scores missing; they rank worst and share one histogram bin of their own.`,
            );
        }
    }
    const usable = base
        .filter((s) => s.spearman !== null)
        .map((s) => ({ ...s, ig: null, inBand: false }));
    const z1 = [...usable].sort(byRhoThenName)[0];
    if (z1 === undefined) {
        notes.push(
            n < 2
                ? `Only ${n} labelled architectures: nothing to correlate.`
                : 'No proxy has a defined rho (the accuracy or every proxy is constant): no picks.',
        );
        const stats = base.map((s) => ({ ...s, ig: null, inBand: false }));
        return {
            n,
            rows,
            accuracy,
            columns,
            stats,
            ranked: [],
            band: [],
            accuracyBias,
            entropyY: 0,
            entropyYGivenZ1: null,
            bins,
            bandWidth,
            notes,
        };
    }
    const ctx = gainContext(accuracy, columns[z1.proxy], bins);
    const rho1 = z1.spearman!;
    const stats: ProxyStats[] = base.map((s) => {
        if (s.spearman === null) return { ...s, ig: null, inBand: false };
        if (s.proxy === z1.proxy) return { ...s, ig: null, inBand: false };
        return { ...s, ig: ctx.gain(columns[s.proxy]), inBand: rho1 - s.spearman < bandWidth };
    });
    const ranked = stats.filter((s) => s.spearman !== null).sort(byRhoThenName);
    const tiedZ1 = ranked.filter((s) => Math.abs(s.spearman! - rho1) <= TIE).map((s) => s.proxy);
    if (tiedZ1.length > 1)
        notes.push(
            `rho tie at ${fmt(rho1)} among ${tiedZ1.join(', ')}: the first by name, ${z1.proxy}, is z1.`,
        );
    return {
        n,
        rows,
        accuracy,
        columns,
        stats,
        ranked,
        band: ranked.filter((s) => s.inBand),
        accuracyBias,
        entropyY: ctx.hY,
        entropyYGivenZ1: ctx.hYGivenZ1,
        bins,
        bandWidth,
        notes,
    };
}

/** Drops a candidate for a reason (the `libra-distinct` rule); undefined keeps it. */
export type CandidateFilter = (s: ProxyStats) => string | undefined;

/** Steps 1-4 of LIBRA on an analysis; `skip` removes candidates from C first (none for `libra`). */
export function choosePicks(
    a: Analysis,
    skip?: CandidateFilter,
): { picks: LibraPick[]; notes: string[]; skipped: string[] } {
    const z1 = a.ranked[0];
    if (z1 === undefined) return { picks: [], notes: [], skipped: [] };
    const notes: string[] = [];
    const mi = a.entropyY - a.entropyYGivenZ1!;
    const picks: LibraPick[] = [
        {
            proxy: z1.proxy,
            spearman: z1.spearman!,
            ig: null,
            bias: z1.bias,
            why: `highest Spearman rho of the ${a.ranked.length} usable proxies; H(y|z1) = ${fmt(a.entropyYGivenZ1)} nats (I(y;z1) = ${fmt(mi)})`,
        },
    ];
    const skipped: string[] = [];
    const band = a.band.filter((s) => {
        const reason = skip?.(s);
        if (reason !== undefined) skipped.push(`${s.proxy} (${reason})`);
        return reason === undefined;
    });
    const lo = z1.spearman! - a.bandWidth;
    const range = `rho in (${fmt(lo)}, ${fmt(z1.spearman)}]`;
    if (skipped.length > 0) notes.push(`Skipped as z2/z3 candidates: ${skipped.join(', ')}.`);
    if (band.length === 0) {
        notes.push(
            `No other proxy has ${range}: the combination is z1 alone (the best single proxy's ranking).`,
        );
        return { picks, notes, skipped };
    }
    const byIg = lowest(band, (s) => s.ig!);
    const z2 = byIg[0];
    if (byIg.length > 1) {
        const saturated = a.entropyYGivenZ1! > TIE && Math.abs(z2.ig! - a.entropyYGivenZ1!) <= TIE;
        notes.push(
            `IG tie at ${fmt(z2.ig)} nats among ${byIg.map((s) => s.proxy).join(', ')}: the higher rho, then the name, chose ${z2.proxy}.` +
                (saturated
                    ? ` Their IG equals H(y|z1): each (z1, z) histogram cell holds one accuracy bin` +
                      ` (n = ${a.n}, ${a.bins} bins), so IG cannot separate them; fewer bins may.`
                    : ''),
        );
    }
    if (a.entropyYGivenZ1! <= TIE) {
        notes.push(
            `H(y|z1) = 0: z1's bins already fix y's, so every IG is 0 and the tie rule chose z2; fewer bins may separate them.`,
        );
    } else if (z2.ig === 0) {
        notes.push(
            `z2 (${z2.proxy}) has IG 0: within z1's bins it adds no information about y (often a near-copy of z1; see libra-distinct).`,
        );
    }
    picks.push({
        proxy: z2.proxy,
        spearman: z2.spearman!,
        ig: z2.ig,
        bias: z2.bias,
        why:
            `lowest information gain given z1 (${fmt(z2.ig)} nats) of ${count(band.length, 'candidate')} with ${range}` +
            (skipped.length > 0 ? ` after skipping ${skipped.length}` : ''),
    });
    const rest = band.filter((s) => s !== z2 && s.bias !== null);
    if (rest.length === 0 || a.accuracyBias === null) {
        if (a.accuracyBias !== null)
            notes.push(`Only one candidate with ${range}: no z3; the combination uses z1 and z2.`);
        return { picks, notes, skipped };
    }
    const gap = (s: ProxyStats) => Math.abs(s.bias! - a.accuracyBias!);
    const byGap = lowest(rest, gap);
    const z3 = byGap[0];
    if (byGap.length > 1)
        notes.push(
            `Bias tie among ${byGap.map((s) => s.proxy).join(', ')}: the higher rho, then the name, chose ${z3.proxy}.`,
        );
    picks.push({
        proxy: z3.proxy,
        spearman: z3.spearman!,
        ig: z3.ig,
        bias: z3.bias,
        why: `#params bias ${fmt(z3.bias)} closest to the accuracy's ${fmt(a.accuracyBias)} (gap ${fmt(gap(z3))}) of ${count(rest.length, 'candidate')} left`,
    });
    return { picks, notes, skipped };
}

/** Combined score Σ w log(rank/N) of the given proxies on the analysed rows, and its Spearman rho. */
export function combine(
    a: Analysis,
    proxies: readonly string[],
    weights?: readonly number[],
): { combined: number[]; combined_spearman: number | null } {
    const combined = rankLogScore(
        proxies.map((p) => a.columns[p]),
        a.n,
        weights,
    );
    return {
        combined,
        combined_spearman: proxies.length === 0 ? null : orNull(spearman(combined, a.accuracy)),
    };
}

/** LIBRA-NAS exactly as docs/proxies.md states it, with every edge case explained in `notes`. */
export function libra(table: LibraTable, opts: LibraOptions = {}): LibraResult {
    return libraFromAnalysis(analyseTable(table, opts));
}

export function libraFromAnalysis(a: Analysis): LibraResult {
    const { picks, notes } = choosePicks(a);
    const { combined, combined_spearman } = combine(
        a,
        picks.map((p) => p.proxy),
    );
    const z1 = a.ranked[0];
    return {
        method: 'libra',
        picks,
        combined,
        combined_spearman,
        best_single: z1 ? { proxy: z1.proxy, spearman: z1.spearman! } : null,
        n: a.n,
        rows: a.rows,
        notes: [...a.notes, ...notes],
        accuracy_bias: a.accuracyBias,
        entropy_y: a.entropyY,
        entropy_y_given_z1: a.entropyYGivenZ1,
        proxies: a.stats,
        bins: a.bins,
        band: a.bandWidth,
    };
}
