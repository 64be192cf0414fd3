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
}

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
          /** The key of the row to select and scroll to. */
          readonly selected?: string;
      }
    | { readonly type: 'select'; readonly key: string };

/** Webview to host (untrusted: validate with validateWebviewMessage). */
export type WebviewToHostMessage =
    | { readonly type: 'ready' }
    | { readonly type: 'openSource'; readonly source: string }
    | { readonly type: 'exportCsv' }
    | { readonly type: 'exportJson' };
