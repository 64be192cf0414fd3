// What the rankings panel shows beyond the table, computed in the host from the rows: rank agreement
// between proxies, correlations with known accuracies, the LIBRA-NAS suggestion (src/core/libra) and
// a LIBRA combination as a score column. Pure (no vscode), so the webview only draws.
import { averageRanks, kendallTauB, pearson, spearman } from '../core/eval/correlation';
import { libra, type LibraResult, type LibraTable } from '../core/libra/libra';
import { libraAdvice, type LibraAdvice } from './libraAdvice';
import { type LibraPreset, presetScore } from '../core/libra/preset';
import type { SpaceId } from '../core/spec/spaceId';
import type {
    AccuracyInsight,
    AgreementMatrix,
    CombinedColumn,
    LibraSuggestion,
    ProxyCorrelation,
    RankingRow,
} from '../protocol/webview';

/** Fewer labelled rows than this give no LIBRA picks (as `lswag libra` refuses). */
export const MIN_LIBRA_ROWS = 3;
/** Kendall tau-b is O(n²); above this many labelled rows it is left out (null) to keep the host responsive. */
export const MAX_KENDALL_ROWS = 5000;

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** A row's value of a proxy; params and flops fall back to the row's counts. */
export function proxyValue(row: RankingRow, proxy: string): number | null {
    const v =
        row.scores[proxy] ??
        (proxy === 'params' ? row.params : proxy === 'flops' ? row.flops : null);
    return v !== null && Number.isFinite(v) ? v : null;
}

/**
 * Spearman rho between every pair of proxies over the rows where both have a value (pairwise
 * complete: a proxy that failed on some rows is compared on the rest). Undefined with < 2 proxies.
 */
export function agreementMatrix(
    rows: readonly RankingRow[],
    proxies: readonly string[],
): AgreementMatrix | undefined {
    const used = proxies.filter((p) => rows.some((r) => proxyValue(r, p) !== null));
    if (used.length < 2 || rows.length < 3) return undefined;
    const columns = used.map((p) => rows.map((r) => proxyValue(r, p)));
    // Why ranks once per column: a pair of columns without gaps is ranked over the same rows every
    // time, so its rho is the Pearson of the two columns' ranks; re-ranking each pair (P² sorts)
    // took ~50 ms of the extension host's thread for 200 rows x 16 proxies.
    const isFull = columns.map((col) => col.every((v) => v !== null));
    const ranks = columns.map((col, i) => (isFull[i] ? averageRanks(col) : undefined));
    const rho: (number | null)[][] = used.map(() => new Array<number | null>(used.length).fill(1));
    for (let i = 0; i < used.length; i++) {
        for (let j = i + 1; j < used.length; j++) {
            const value = pairRho(columns[i], columns[j], ranks[i], ranks[j]);
            rho[i][j] = value;
            rho[j][i] = value;
        }
    }
    return { proxies: used, rho };
}

/** Spearman rho of two columns over the rows where both have a value; null below 3 such rows. */
function pairRho(
    a: readonly (number | null)[],
    b: readonly (number | null)[],
    ranksA: readonly number[] | undefined,
    ranksB: readonly number[] | undefined,
): number | null {
    if (a.length < 3) return null;
    if (ranksA && ranksB) return finiteOrNull(pearson(ranksA, ranksB));
    const both = a.flatMap((x, k) => {
        const y = b[k];
        return x !== null && y !== null ? [[x, y] as const] : [];
    });
    if (both.length < 3) return null;
    return finiteOrNull(
        spearman(
            both.map(([x]) => x),
            both.map(([, y]) => y),
        ),
    );
}

/** Accuracy columns the rows carry, the one most rows have first (ties by name). */
export function accuracyColumns(rows: readonly RankingRow[]): string[] {
    const counts = new Map<string, number>();
    for (const r of rows)
        for (const [c, v] of Object.entries(r.accuracy ?? {}))
            if (Number.isFinite(v)) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
        .map(([c]) => c);
}

/** Indices of the rows with a finite accuracy in `column`. */
const labelledRows = (rows: readonly RankingRow[], column: string): number[] =>
    rows.flatMap((r, i) => (Number.isFinite(r.accuracy?.[column] ?? NaN) ? [i] : []));

/**
 * Spearman and Kendall tau-b of each proxy with the accuracy, as `lswag eval` computes them (a
 * missing score ranks worst), best rho first; proxies without a defined rho last, by name.
 */
export function correlationRows(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    column: string,
): ProxyCorrelation[] {
    const at = labelledRows(rows, column);
    const accuracy = at.map((i) => rows[i].accuracy![column]);
    const out = proxies.map((proxy) => {
        const scores = at.map((i) => proxyValue(rows[i], proxy));
        const isScored = scores.some((v) => v !== null);
        return {
            proxy,
            spearman: isScored ? finiteOrNull(spearman(scores, accuracy)) : null,
            kendall:
                isScored && at.length <= MAX_KENDALL_ROWS
                    ? finiteOrNull(kendallTauB(scores, accuracy))
                    : null,
        };
    });
    return out.sort(
        (a, b) =>
            (b.spearman ?? -Infinity) - (a.spearman ?? -Infinity) ||
            (a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : 0),
    );
}

/** The one search space every row belongs to, else undefined (mixed, or not a space of ours). */
export function commonSpace(spaces: readonly (SpaceId | undefined)[]): SpaceId | undefined {
    const first = spaces[0];
    return first !== undefined && spaces.every((s) => s === first) ? first : undefined;
}

/** LIBRA-NAS on the rows labelled in `column` (the raw core result; undefined below MIN_LIBRA_ROWS). */
export function libraOnRows(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    column: string,
): LibraResult | undefined {
    const table = libraTableOf(rows, proxies, column);
    return table && libra(table);
}

/** The labelled rows of `column` as LIBRA's table (undefined below MIN_LIBRA_ROWS). */
export function libraTableOf(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    column: string,
): LibraTable | undefined {
    const at = labelledRows(rows, column);
    if (at.length < MIN_LIBRA_ROWS) return undefined;
    return {
        proxies: Object.fromEntries(proxies.map((p) => [p, at.map((i) => proxyValue(rows[i], p))])),
        accuracy: at.map((i) => rows[i].accuracy![column]),
        params: at.map((i) => proxyValue(rows[i], 'params')),
    };
}

const ROLES = ['z1', 'z2', 'z3'] as const;

/** The suggestion the panel shows; `space` is where a preset would go (the labelled rows' space). */
export function libraSuggestion(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    column: string,
    space: SpaceId | undefined,
): LibraSuggestion {
    const table = libraTableOf(rows, proxies, column);
    const r = table && libra(table);
    if (!r) {
        const n = labelledRows(rows, column).length;
        return {
            picks: [],
            combinedSpearman: null,
            bestSingle: null,
            accuracyBias: null,
            band: 0.1,
            bins: 24,
            notes: [
                `Only ${n} architecture${n === 1 ? '' : 's'} with a known ${column}: LIBRA needs at least ${MIN_LIBRA_ROWS} to choose proxies.`,
            ],
        };
    }
    return {
        picks: r.picks.map((p, k) => ({ role: ROLES[k], ...p })),
        combinedSpearman: r.combined_spearman,
        bestSingle: r.best_single,
        accuracyBias: r.accuracy_bias,
        band: r.band,
        bins: r.bins,
        notes: r.notes,
        ...(space && r.picks.length > 0 ? { presetSpace: space } : {}),
        ...adviceOf(table),
    };
}

function adviceOf(table: LibraTable): Pick<LibraSuggestion, 'advice'> {
    const advice = libraAdvice(table);
    return advice ? { advice: advice.payload } : {};
}

/** Correlations and the LIBRA suggestion for every accuracy column of the rows. */
export function accuracyInsights(
    rows: readonly RankingRow[],
    proxies: readonly string[],
    spaces: readonly (SpaceId | undefined)[],
): AccuracyInsight[] {
    return accuracyColumns(rows).map((column) => {
        const at = labelledRows(rows, column);
        const space = commonSpace(at.map((i) => spaces[i]));
        return {
            column,
            n: at.length,
            correlations: correlationRows(rows, proxies, column),
            libra: libraSuggestion(rows, proxies, column, space),
        };
    });
}

/**
 * The combination's score per row (higher = better): Σ w log(rank/N) over the rows shown together,
 * as a search ranks a population; a pick no row has makes the column meaningless, so none is given.
 */
export function combinedScores(
    rows: readonly RankingRow[],
    combo: Pick<CombinedColumn, 'picks' | 'weights'>,
): number[] | undefined {
    if (combo.picks.some((p) => rows.every((r) => proxyValue(r, p) === null))) return undefined;
    const population = rows.map((r) =>
        Object.fromEntries(combo.picks.map((p) => [p, proxyValue(r, p)])),
    );
    return presetScore(combo, population);
}

/** The preset "Use this combination" saves: the combination that won out of sample, both numbers. */
export function presetOf(
    advice: Pick<LibraAdvice, 'combination' | 'record'>,
    o: { column: string; space: SpaceId; dataset: string; n: number; bench: string },
): LibraPreset {
    const choice = advice.combination;
    if (!choice) throw new Error('no combination beat the best single proxy out of sample');
    return {
        kind: 'lswag-libra-preset',
        space: o.space,
        dataset: o.dataset,
        acc: o.column,
        picks: choice.picks,
        method: choice.rule,
        ...(choice.weights ? { weights: choice.weights } : {}),
        createdFrom: {
            n: o.n,
            bench: o.bench,
            out_of_sample: advice.record,
        },
    };
}
