// Headless Chromium (Debian's) driven by playwright-core: the browser the web workbench runs in.
import { chromium } from 'playwright-core';
import { chromiumPath } from './hostPaths.mjs';

export async function launchBrowser() {
    return chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
        ],
    });
}

/** The workbench URL for a folder, optionally with a development extension and its tests. */
export function workbenchUrl(
    origin,
    folder,
    { extensionDevelopmentPath, extensionTestsPath } = {},
) {
    const url = new URL(origin);
    url.searchParams.set('folder', folder);
    const remote = (p) => `vscode-remote://${url.host}${p}`;
    const payload = [];
    if (extensionDevelopmentPath)
        payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
    if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
    return url.toString();
}
