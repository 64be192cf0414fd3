// Loads one of our script bundles into a webview: scripts on, resources only from dist/, and the
// page from webviewHtml (strict CSP, fresh nonce). The one way a panel or view gets its page.
import path from 'node:path';
import * as vscode from 'vscode';
import { makeNonce, webviewHtml } from './webviewHtml';

/** Options for a webview that runs a bundle from `distDir` and loads nothing else. */
export function bundleOptions(distDir: string): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.file(distDir)] };
}

/** Sets `webview`'s page to the bundle `dist/<bundle>` with the given title. */
export function loadBundle(
    webview: vscode.Webview,
    distDir: string,
    bundle: string,
    title: string,
): void {
    const script = vscode.Uri.file(path.join(distDir, bundle));
    webview.html = webviewHtml({
        webview,
        scriptUri: webview.asWebviewUri(script).toString(),
        nonce: makeNonce(),
        title,
    });
}
