// The documented alternatives to the faithful LIBRA rule, measured on the same labelled sample:
// `libra-rho` (weights from rho), `libra-distinct` (no near-copy of z1 as z2/z3) and AZ-NAS over all.
import { averageRanks, pearson } from '../eval/correlation';
import {
    analyseTable,
    choosePicks,
    combine,
    fmt,
    libraFromAnalysis,
    type Analysis,
    type LibraOptions,
    type LibraPick,
    type LibraResult,
    type LibraTable,
} from './libra';

export type LibraMethod = 'libra' | 'libra-rho' | 'libra-distinct';
export const LIBRA_METHODS: readonly LibraMethod[] = ['libra', 'libra-rho', 'libra-distinct'];

/** A candidate objective: which proxies, how weighted, and its rho on the labelled sample. */
export interface Objective {
    readonly method: LibraMethod;
    readonly picks: readonly string[];
    /** Per pick; absent = 1 each. */
    readonly weights?: readonly number[];
    readonly combined_spearman: number | null;
    readonly why: string;
}

/** `libra-distinct` treats a candidate whose Spearman rho with z1 is at least this as a copy of z1. */
export const NEAR_COPY_RHO = 0.98;

/** AZ-NAS style: Σ log(rank/N) over every proxy of the table with a defined rho. */
export function azNasCombined(
    table: LibraTable,
    opts: LibraOptions = {},
): { proxies: string[]; combined: number[]; combined_spearman: number | null } {
    return azNasFromAnalysis(analyseTable(table, opts));
}

function azNasFromAnalysis(a: Analysis) {
    const proxies = a.ranked.map((s) => s.proxy);
    return { proxies, ...combine(a, proxies) };
}

/**
 * `libra-rho`: the LIBRA picks weighted by their rho, w_k = max(rho_k, 0) / Σ max(rho, 0)
 * (equal weights when no pick has a positive rho).
 */
export function libraRho(a: Analysis, picks: readonly LibraPick[]): Objective {
    const positive = picks.map((p) => Math.max(p.spearman, 0));
    const total = positive.reduce((s, v) => s + v, 0);
    const weights = picks.map((_, k) => (total > 0 ? positive[k] / total : 1 / picks.length));
    const names = picks.map((p) => p.proxy);
    return {
        method: 'libra-rho',
        picks: names,
        weights,
        ...rhoOf(a, names, weights),
        why: `the LIBRA picks weighted by rho (${weights.map((w) => fmt(w, 2)).join(', ')})`,
    };
}

/**
 * `libra-distinct`: LIBRA with every candidate whose rank correlation with z1 is >= 0.98 removed from
 * C before z2 and z3 are chosen (a near-copy of z1 tends to have the lowest IG but adds nothing).
 */
export function libraDistinct(a: Analysis): Objective & { skipped: string[] } {
    const z1 = a.ranked[0];
    const z1Ranks = z1 ? averageRanks(a.columns[z1.proxy]) : [];
    const { picks, skipped } = choosePicks(a, (s) => {
        const r = pearson(averageRanks(a.columns[s.proxy]), z1Ranks); // Spearman rho of z with z1
        return r >= NEAR_COPY_RHO ? `rho with ${z1!.proxy} ${fmt(r)}` : undefined;
    });
    const names = picks.map((p) => p.proxy);
    const why =
        skipped.length === 0
            ? 'no candidate is a near-copy of z1: the same picks as libra'
            : `LIBRA after skipping near-copies of z1: ${skipped.join(', ')}`;
    return { method: 'libra-distinct', picks: names, ...rhoOf(a, names), why, skipped };
}

function rhoOf(
    a: Analysis,
    picks: readonly string[],
    weights?: readonly number[],
): { combined_spearman: number | null } {
    return { combined_spearman: combine(a, picks, weights).combined_spearman };
}

/** The objective with the highest rho on the labelled sample; ties go to the earlier one (libra first). */
export function bestObjective(objectives: readonly Objective[]): Objective | undefined {
    let best: Objective | undefined;
    for (const o of objectives) {
        if (o.combined_spearman === null) continue;
        if (best === undefined || o.combined_spearman > best.combined_spearman! + 1e-12) best = o;
    }
    return best;
}

/** Everything `lswag libra` reports: the faithful rule, its alternatives, AZ-NAS and the best objective. */
export interface LibraReport {
    readonly libra: LibraResult;
    readonly alternatives: readonly Objective[];
    readonly azNas: {
        readonly proxies: readonly string[];
        readonly combined_spearman: number | null;
    };
    readonly best: Objective | undefined;
}

export function libraReport(table: LibraTable, opts: LibraOptions = {}): LibraReport {
    const a = analyseTable(table, opts);
    const faithful = libraFromAnalysis(a);
    const asObjective: Objective = {
        method: 'libra',
        picks: faithful.picks.map((p) => p.proxy),
        combined_spearman: faithful.combined_spearman,
        why: 'the faithful rule (docs/proxies.md)',
    };
    const { skipped: _skipped, ...distinct } = libraDistinct(a);
    const alternatives = faithful.picks.length === 0 ? [] : [libraRho(a, faithful.picks), distinct];
    const { proxies, combined_spearman } = azNasFromAnalysis(a);
    return {
        libra: faithful,
        alternatives,
        azNas: { proxies, combined_spearman },
        best: bestObjective([asObjective, ...alternatives]),
    };
}
