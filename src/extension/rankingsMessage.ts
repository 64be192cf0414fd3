// The `rankings` message the panel posts: the rows of a view with their accuracies, the proxies in
// column order, and everything derived from them (agreement, correlations, LIBRA, a combined
// column). Pure (no vscode), so tests check exactly what the webview receives.
import { proxyById } from '../core/proxies/index';
import type { SpaceId } from '../core/spec/spaceId';
import { spaceOf } from '../core/search/spaces';
import type { ArchitectureSpec } from '../core/spec/spec';
import {
    COMBINED_PROXY,
    type CalibrationPayload,
    type CombinedColumn,
    type HostToWebviewMessage,
    type RankingRow,
} from '../protocol/webview';
import type { ScoreResult } from '../protocol/worker';
import { accuracyInsights, agreementMatrix, combinedScores } from './rankingsInsights';
import { rankingProxy } from './scoreCache';

/** One architecture of a view: its file, its result and (when known) the spec it was built from. */
export interface RankingsViewRow {
    readonly file: string;
    readonly result: ScoreResult;
    /** Carries the known accuracies and tells the search space. */
    readonly spec?: ArchitectureSpec;
}

/** What the panel shows: a heading and results with the file each came from. */
export interface RankingsView {
    readonly heading: string;
    readonly proxies: readonly string[];
    readonly rows: readonly RankingsViewRow[];
}

/** What the panel adds from outside the view: the space's calibration and a LIBRA combination. */
export interface RankingsExtras {
    readonly calibration?: CalibrationPayload;
    readonly combined?: CombinedColumn;
}

export const EMPTY_HEADING =
    'No scores yet: run "L-SWAG: Score Architecture" or "L-SWAG: Score Workspace (all architecture files)".';

/** The row key of an architecture: its file and name. */
export const rowKey = (file: string, name: string): string => `${file}\n${name}`;

export const rowSpaces = (view: RankingsView | undefined): (SpaceId | undefined)[] =>
    (view?.rows ?? []).map((r) => (r.spec ? spaceOf(r.spec) : undefined));

/** The one search space of the view's rows that have one (rows of no space are ignored). */
export function viewSpace(view: RankingsView | undefined): SpaceId | undefined {
    const found = new Set(rowSpaces(view).filter((s) => s !== undefined));
    return found.size === 1 ? [...found][0] : undefined;
}

/** The rankings message of a view (rows with workspace-relative labels, ranking proxy first). */
export function rankingsMessage(
    view: RankingsView | undefined,
    relative: (file: string) => string,
    selected?: string,
    extras: RankingsExtras = {},
): HostToWebviewMessage {
    const proxies = view?.proxies ?? [];
    const rankBy = rankingProxy(proxies);
    const plain = rankingRows(view, relative);
    const spaces = rowSpaces(view);
    const scored = proxies.filter((p) => p !== 'params' && p !== 'flops');
    // Why: the table ranks by this proxy, so its column comes first.
    const ordered = scored.includes(rankBy)
        ? [rankBy, ...scored.filter((p) => p !== rankBy)]
        : scored;
    const withParams = plain.some((r) => r.params !== null) ? [...ordered, 'params'] : ordered;
    const { rows, combined } = withCombined(plain, spaces, extras.combined);
    return {
        type: 'rankings',
        heading: view?.heading ?? EMPTY_HEADING,
        rows,
        proxies: combined ? [...ordered, COMBINED_PROXY] : ordered,
        rankBy,
        labels: Object.fromEntries(
            proxies.flatMap((p) => (proxyById(p) ? [[p, proxyById(p)!.label]] : [])),
        ),
        selected: rows.some((r) => r.key === selected) ? selected : undefined,
        ...insightsOf(view, () => ({
            agreement: agreementMatrix(plain, withParams),
            accuracy: accuracyInsights(plain, proxies, spaces),
        })),
        ...(extras.calibration ? { calibration: extras.calibration } : {}),
        ...(combined ? { combined } : {}),
    };
}

type Insights = Pick<Extract<HostToWebviewMessage, { type: 'rankings' }>, 'agreement' | 'accuracy'>;

/**
 * Why a cache: the panel posts a view several times (on open, when its page is ready, after a LIBRA
 * column), and agreement, correlations and LIBRA are the costly part of a post on the extension
 * host's thread. Views are immutable and rebuilt for every new run or file, so the view is the key.
 */
const insightsByView = new WeakMap<RankingsView, Insights>();

function insightsOf(view: RankingsView | undefined, compute: () => Insights): Insights {
    if (!view) return compute();
    let found = insightsByView.get(view);
    if (!found) {
        found = compute();
        insightsByView.set(view, found);
    }
    return found;
}

/** The table rows of a view, with workspace-relative labels and known accuracies. */
export function rankingRows(
    view: RankingsView | undefined,
    relative: (file: string) => string,
): RankingRow[] {
    return (view?.rows ?? []).map(({ file, result: r, spec }) => ({
        key: rowKey(file, r.name),
        name: r.name,
        source: r.source,
        label: r.source.startsWith(file) ? relative(file) + r.source.slice(file.length) : r.source,
        family: r.family,
        params: r.params,
        flops: r.flops,
        scores: r.scores,
        errors: r.errors,
        ...(spec?.accuracy ? { accuracy: spec.accuracy } : {}),
    }));
}

/**
 * Adds the combination's score as `scores.libra`: ranked within the rows of the view's search space
 * (when it has one; other rows get null), since a preset belongs to one space.
 */
function withCombined(
    rows: RankingRow[],
    spaces: readonly (SpaceId | undefined)[],
    combo: CombinedColumn | undefined,
): { rows: RankingRow[]; combined?: CombinedColumn } {
    if (!combo) return { rows };
    const space = new Set(spaces.filter((s) => s !== undefined));
    const members = rows.flatMap((_, i) =>
        space.size !== 1 || spaces[i] !== undefined ? [i] : [],
    );
    const scores = combinedScores(
        members.map((i) => rows[i]),
        combo,
    );
    if (!scores) return { rows };
    const byRow = new Map(members.map((i, k) => [i, scores[k]]));
    return {
        rows: rows.map((r, i) => ({
            ...r,
            scores: { ...r.scores, [COMBINED_PROXY]: byRow.get(i) ?? null },
        })),
        combined: combo,
    };
}
