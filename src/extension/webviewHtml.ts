// The one HTML builder for every webview: a strict CSP (no 'unsafe-inline'), one nonce shared by the
// script, the toolkit's style element and the csp-nonce meta, and a crypto-random nonce.
import { randomBytes } from 'node:crypto';

/** The parts of a vscode.Webview the builder reads. */
export interface WebviewLike {
    readonly cspSource: string;
}

export interface WebviewHtmlOptions {
    readonly webview: WebviewLike;
    /** The bundle's webview URI (from webview.asWebviewUri), as a string. */
    readonly scriptUri: string;
    readonly nonce: string;
    readonly title: string;
}

/** 16 random bytes as base64 (never Math.random: the nonce is what keeps other scripts out). */
export function makeNonce(): string {
    return randomBytes(16).toString('base64');
}

/** The CSP of docs/rankings-panel.md (Security): styles from the webview's origin or the nonce. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
    return `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
}

const escapeHtml = (s: string): string =>
    s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A page that loads one script bundle; the bundle builds the whole body.
 * Why the csp-nonce meta: the toolkit adds one empty `<style>` for focus handling and takes its
 * nonce from there; without it the style is blocked and an error is logged.
 */
export function webviewHtml(o: WebviewHtmlOptions): string {
    if (!/^[A-Za-z0-9+/=]+$/.test(o.nonce)) throw new Error('a nonce is base64 characters only');
    const csp = escapeHtml(contentSecurityPolicy(o.webview.cspSource, o.nonce));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta property="csp-nonce" content="${o.nonce}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
