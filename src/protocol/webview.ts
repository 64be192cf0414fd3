// Messages between the extension and its webviews: types only, the one place they are declared.
// Host-to-webview messages are trusted; webview-to-host ones are checked by webviewValidate.ts.

/** One architecture of the rankings table, as the host sends it. */
export interface RankingRow {
    /** Stable id of the row: the file and the architecture name, joined by a newline. */
    readonly key: string;
    readonly name: string;
    /** `file:line` with an absolute file (ScoreResult.source); what `openSource` sends back. */
    readonly source: string;
    /** The source relative to the workspace, for display. */
    readonly label: string;
    readonly family: string;
    readonly params: number | null;
    readonly flops: number | null;
    /** Proxy id to value; null where the proxy could not be computed. */
    readonly scores: Readonly<Record<string, number | null>>;
    readonly errors: readonly string[];
    /** Known accuracies by column (from the architecture or benchmark file), when it carries any. */
    readonly accuracy?: Readonly<Record<string, number>>;
}

/** Spearman rho between every pair of proxies' rankings over the rows that have both values. */
export interface AgreementMatrix {
    readonly proxies: readonly string[];
    /** rho[i][j]; null where fewer than 3 rows have both values or one side is constant. */
    readonly rho: readonly (readonly (number | null)[])[];
}

/** A search space's calibration profile (label-free), when the rows belong to one space. */
export interface CalibrationPayload {
    readonly space: string;
    /** Mean log sqrt(Var(|g|)) per depth bin; null for an empty bin. */
    readonly profile: readonly (number | null)[];
    readonly layerCounts: readonly number[];
    /** The chosen window, inclusive depth bins. */
    readonly window: readonly [number, number];
    readonly samples: number;
    /** Where the profile was read from, in words ("calibrated in VS Code", "shipped", ...). */
    readonly origin: string;
    readonly rule: string;
}

/** One proxy's rank correlation with an accuracy column. */
export interface ProxyCorrelation {
    readonly proxy: string;
    readonly spearman: number | null;
    readonly kendall: number | null;
}

export interface LibraPickPayload {
    readonly role: 'z1' | 'z2' | 'z3';
    readonly proxy: string;
    readonly spearman: number;
    readonly ig: number | null;
    readonly bias: number | null;
    readonly why: string;
}

/** LIBRA-NAS on the labelled rows (computed by the host with src/core/libra). */
export interface LibraSuggestion {
    readonly picks: readonly LibraPickPayload[];
    readonly combinedSpearman: number | null;
    readonly bestSingle: { readonly proxy: string; readonly spearman: number } | null;
    /** Rank correlation of the accuracy with #params (z3 is chosen against it). */
    readonly accuracyBias: number | null;
    readonly band: number;
    readonly bins: number;
    /** Edge cases the rule met (empty band, ties, missing scores...), in words. */
    readonly notes: readonly string[];
    /** The space a preset would be saved for; absent when the rows are not from one search space. */
    readonly presetSpace?: string;
    /** The honest check (docs/libra.md): absent below 3 labelled rows. */
    readonly advice?: LibraAdvicePayload;
}

/** A combination rule measured out of sample against the best single proxy (src/core/libra). */
export interface LibraAdvicePayload {
    /** "5-fold cross-validation (seed 0)". */
    readonly protocol: string;
    readonly rule: string;
    /** The rule's picks on every labelled row (what "Use this combination" saves). */
    readonly picks: readonly string[];
    /** Mean held-out Spearman rho of the combination, and of the best single proxy. */
    readonly combined: number | null;
    readonly bestSingle: { readonly proxy: string; readonly spearman: number | null };
    /** True only when the combination beat the single proxy out of sample: then it is offered. */
    readonly beats: boolean;
    /** The recommendation in one sentence, both numbers in it. */
    readonly text: string;
    readonly minStableN: number;
    /** Below minStableN labelled rows: the choice is unstable. */
    readonly warning?: string;
}

/** Everything the panel shows about one accuracy column. */
export interface AccuracyInsight {
    readonly column: string;
    /** Rows with a finite accuracy in this column. */
    readonly n: number;
    /** Best Spearman first. */
    readonly correlations: readonly ProxyCorrelation[];
    readonly libra: LibraSuggestion;
}

/** A LIBRA combination shown as the `libra` score column. */
export interface CombinedColumn {
    readonly picks: readonly string[];
    readonly weights?: readonly number[];
    /** "preset nb201-c10" or "suggestion for cifar10", for the column's tooltip. */
    readonly origin: string;
}

/** The score key of the combined column in each row's `scores`. */
export const COMBINED_PROXY = 'libra';

/** Host to webview. */
export type HostToWebviewMessage =
    | {
          readonly type: 'rankings';
          readonly heading: string;
          readonly rows: readonly RankingRow[];
          /** Proxy columns in order; params and flops have their own columns and are left out. */
          readonly proxies: readonly string[];
          /** The proxy that ranks the rows (lswag when scored). */
          readonly rankBy: string;
          /** Display names by proxy id (lswag: 'L-SWAG'), for titles; an id without one shows as is. */
          readonly labels?: Readonly<Record<string, string>>;
          /** The key of the row to select and scroll to. */
          readonly selected?: string;
          /** Absent with fewer than 3 rows or fewer than 2 proxies. */
          readonly agreement?: AgreementMatrix;
          readonly calibration?: CalibrationPayload;
          /** One entry per accuracy column the rows carry (most rows first); empty when none. */
          readonly accuracy?: readonly AccuracyInsight[];
          /** Present when the rows carry a `libra` score (a preset applies or a suggestion was used). */
          readonly combined?: CombinedColumn;
      }
    | { readonly type: 'select'; readonly key: string };

/** Webview to host (untrusted: validate with validateWebviewMessage). */
export type WebviewToHostMessage =
    | { readonly type: 'ready' }
    | { readonly type: 'openSource'; readonly source: string }
    | { readonly type: 'exportCsv' }
    | { readonly type: 'exportJson' }
    /** "Use this combination": the LIBRA suggestion for accuracy column `column`. */
    | { readonly type: 'useLibra'; readonly column: string };
