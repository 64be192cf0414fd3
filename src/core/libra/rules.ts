// The combination rules LIBRA's out-of-sample protocol compares. Each rule looks only at the rows it
// is given (the training folds) and returns a choice: proxies and weights, combined as Σ w ln(rank/N)
// (rankScore.ts). "best-single" is the baseline every combination must beat. Pure.
import { spearman } from '../eval/correlation';
import { libraDistinct, libraRho } from './alternatives';
import { analyseTable, choosePicks, orNull, type LibraOptions, type LibraTable } from './libra';
import { rankLogScore } from './rankScore';

export type RuleId =
    | 'best-single'
    | 'libra'
    | 'libra-rho'
    | 'libra-distinct'
    | 'top2'
    | 'top3'
    | 'greedy'
    | 'az-nas-all';

/** What a rule chose on its rows. */
export interface Choice {
    readonly rule: RuleId;
    /** Proxies in the order chosen; one for best-single (or when a rule falls back to one). */
    readonly picks: readonly string[];
    /** Per pick; absent = 1 each. */
    readonly weights?: readonly number[];
}

export interface CombinationRule {
    readonly id: RuleId;
    /** One line for the CLI, the panel and docs/libra.md. */
    readonly summary: string;
    /** Undefined when no proxy has a defined rho on these rows. */
    choose(table: LibraTable, opts?: LibraOptions): Choice | undefined;
}

/** Greedy selection stops when the next proxy raises the training rho by less than this. */
export const GREEDY_MIN_GAIN = 0.002;
/** Greedy selection takes at most this many proxies ("a few proxies"). */
export const GREEDY_MAX_PICKS = 4;

/** Rows whose accuracy is finite, and the table restricted to them (or to the given rows). */
export function subsetTable(table: LibraTable, rows: readonly number[]): LibraTable {
    const pick = <T>(col: readonly T[]) => rows.map((i) => col[i]);
    return {
        proxies: Object.fromEntries(Object.entries(table.proxies).map(([p, c]) => [p, pick(c)])),
        accuracy: pick(table.accuracy),
        params: pick(table.params),
    };
}

/** The choice's combined score per row of `table`, ranks taken within these rows. */
export function choiceScores(table: LibraTable, choice: Choice): number[] {
    const columns = choice.picks.map((p) => {
        const c = table.proxies[p];
        if (c === undefined) throw new Error(`proxy ${p} is not in the table`);
        return c;
    });
    return rankLogScore(columns, table.accuracy.length, choice.weights);
}

/** Spearman rho of the choice's combined score with the accuracy on `table` (null if undefined). */
export function choiceRho(table: LibraTable, choice: Choice): number | null {
    return orNull(spearman(choiceScores(table, choice), table.accuracy));
}

/** Usable proxies (defined rho on these rows), best first; ties by name, as LIBRA breaks them. */
function rankedProxies(table: LibraTable, opts: LibraOptions): string[] {
    return analyseTable(table, opts).ranked.map((s) => s.proxy);
}

const topK = (k: 2 | 3): CombinationRule => ({
    id: k === 2 ? 'top2' : 'top3',
    summary: `the ${k} proxies with the highest training rho, equal weights`,
    choose(table, opts = {}) {
        const ranked = rankedProxies(table, opts);
        return ranked.length === 0 ? undefined : { rule: this.id, picks: ranked.slice(0, k) };
    },
});

/**
 * Forward selection (ensemble selection without replacement, Caruana et al. 2004): start from the
 * best single proxy; add the proxy that raises the training rho of the equal-weight combination most;
 * stop when no proxy adds GREEDY_MIN_GAIN or GREEDY_MAX_PICKS are chosen.
 */
export function greedyPicks(table: LibraTable, ranked: readonly string[]): string[] {
    const picks = ranked.slice(0, 1);
    if (picks.length === 0) return picks;
    let current = choiceRho(table, { rule: 'greedy', picks }) ?? -Infinity;
    while (picks.length < GREEDY_MAX_PICKS) {
        let best: { proxy: string; rho: number } | undefined;
        for (const proxy of ranked) {
            if (picks.includes(proxy)) continue;
            const rho = choiceRho(table, { rule: 'greedy', picks: [...picks, proxy] });
            // Ties go to the earlier proxy in `ranked` (the higher single rho).
            if (rho !== null && (best === undefined || rho > best.rho + 1e-12))
                best = { proxy, rho };
        }
        if (best === undefined || best.rho - current < GREEDY_MIN_GAIN) break;
        picks.push(best.proxy);
        current = best.rho;
    }
    return picks;
}

export const RULES: readonly CombinationRule[] = [
    {
        id: 'best-single',
        summary: 'the one proxy with the highest training rho (the baseline)',
        choose(table, opts = {}) {
            const ranked = rankedProxies(table, opts);
            return ranked.length === 0
                ? undefined
                : { rule: 'best-single', picks: ranked.slice(0, 1) };
        },
    },
    {
        id: 'libra',
        summary:
            'faithful LIBRA-NAS: z1 by rho, z2 by the lowest information gain, z3 by #params bias',
        choose(table, opts = {}) {
            const picks = choosePicks(analyseTable(table, opts)).picks.map((p) => p.proxy);
            return picks.length === 0 ? undefined : { rule: 'libra', picks };
        },
    },
    {
        id: 'libra-rho',
        summary: 'the LIBRA picks weighted by their training rho',
        choose(table, opts = {}) {
            const a = analyseTable(table, opts);
            const { picks } = choosePicks(a);
            if (picks.length === 0) return undefined;
            const o = libraRho(a, picks);
            return {
                rule: 'libra-rho',
                picks: o.picks,
                ...(o.weights ? { weights: o.weights } : {}),
            };
        },
    },
    {
        id: 'libra-distinct',
        summary: 'LIBRA with near-copies of z1 (rank rho >= 0.98) removed from the candidates',
        choose(table, opts = {}) {
            const a = analyseTable(table, opts);
            if (a.ranked.length === 0) return undefined;
            return { rule: 'libra-distinct', picks: libraDistinct(a).picks };
        },
    },
    topK(2),
    topK(3),
    {
        id: 'greedy',
        summary: `forward selection on training rho: add the proxy that helps most, up to ${GREEDY_MAX_PICKS}, while it adds >= ${GREEDY_MIN_GAIN}`,
        choose(table, opts = {}) {
            const picks = greedyPicks(table, rankedProxies(table, opts));
            return picks.length === 0 ? undefined : { rule: 'greedy', picks };
        },
    },
    {
        id: 'az-nas-all',
        summary: 'AZ-NAS-style sum over every usable proxy',
        choose(table, opts = {}) {
            const picks = rankedProxies(table, opts);
            return picks.length === 0 ? undefined : { rule: 'az-nas-all', picks };
        },
    },
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export function ruleById(id: string): CombinationRule {
    const rule = RULES.find((r) => r.id === id);
    if (rule === undefined)
        throw new Error(`unknown combination rule '${id}' (known: ${RULE_IDS.join(', ')})`);
    return rule;
}

/**
 * The combination the CLI and the panel test against the best single proxy by default: the rule that
 * won out of sample in the study of docs/libra.md (NB201 and NAS-Bench-Suite-Zero tables).
 */
export const DEFAULT_RULE: RuleId = 'greedy';
