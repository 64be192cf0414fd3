// The UI checks of one theme: score the workspace from the palette, the CodeLens in an editor, the
// rankings panel's table, and a malformed file that shows a problem without an error popup.
// Each check is named; screenshots go to media/screenshots/<name>-<theme>.png.
import assert from 'node:assert/strict';
import path from 'node:path';
import { sleep } from '../../../scripts/host/codeServer.mjs';
import {
    activeWebview,
    clearNotifications,
    quickOpen,
    runCommand,
    toasts,
    waitForWorkbench,
} from './workbench.mjs';

const LENS = /^L-SWAG \S+ - rank \d+\/\d+ in workspace$/;

/** Lens texts currently rendered in the visible editor. */
async function lensTexts(page) {
    return page.locator('.monaco-editor .codelens-decoration a').allTextContents();
}

/**
 * The search side panel, mid-run, once a search view container exists (another part of the
 * extension adds it): returns the screenshot path, or undefined while nothing is contributed.
 */
export async function captureSearchPanel(page, { theme, shotsDir, manifest }) {
    const containers = manifest.contributes?.viewsContainers?.activitybar ?? [];
    const search = containers.find((c) => /lswag/i.test(c.id));
    if (!search) return undefined;
    // To be completed with the search panel: start a short search and wait for its progress chart,
    // so the picture shows the panel mid-run. For now it shows the panel as it opens.
    await page.locator(`.activitybar .action-label[aria-label^="${search.title}"]`).first().click();
    // Why the title: a view's webview is drawn in an overlay, outside the side bar's DOM.
    await page
        .locator('.part.sidebar .composite.title')
        .filter({ hasText: new RegExp(search.title, 'i') })
        .waitFor({ timeout: 30_000 });
    await sleep(3000);
    const file = path.join(shotsDir, `search-panel-${theme}.png`);
    await page.screenshot({ path: file });
    return file;
}

export function uiChecks({ theme, shotsDir, manifest }) {
    const shot = (page, name, options = {}) =>
        page.screenshot({ path: path.join(shotsDir, `${name}-${theme}.png`), ...options });
    return [
        {
            name: 'workbench opens with the fixture workspace',
            run: async (page) => waitForWorkbench(page),
        },
        {
            name: 'palette runs Score All Architectures in Workspace and lenses show ranks',
            run: async (page) => {
                await quickOpen(page, 'cells.arch.yaml');
                // Why: without the explorer the editor and the panel get the window's width.
                await runCommand(page, 'View: Close Primary Side Bar');
                await page.locator('.monaco-editor .codelens-decoration').first().waitFor({ timeout: 60_000 });
                await runCommand(page, 'L-SWAG: Score All Architectures in Workspace');
                const deadline = Date.now() + 180_000;
                let texts = [];
                while (Date.now() < deadline) {
                    texts = await lensTexts(page);
                    if (texts.length === 3 && texts.every((t) => LENS.test(t))) break;
                    await sleep(500);
                }
                assert.equal(texts.length, 3, `lenses: ${texts.join(' | ')}`);
                for (const t of texts) assert.match(t, LENS);
                await page.locator('.notifications-toasts').filter({ hasText: 'scored 6 architecture' }).waitFor({ timeout: 30_000 });
                await clearNotifications(page);
                await sleep(500);
                await shot(page, 'codelens', { clip: { x: 0, y: 0, width: 1280, height: 560 } });
            },
        },
        {
            name: 'rankings panel opens with a filled table',
            run: async (page) => {
                await runCommand(page, 'L-SWAG: Open Rankings');
                const rows = activeWebview(page).locator('table.rankings tbody tr');
                await rows.first().waitFor({ timeout: 60_000 });
                assert.equal(await rows.count(), 6);
                const cells = await rows.locator('td').allTextContents();
                for (const name of ['conv-heavy', 'mixed', 'pooling', 'tiny-plain', 'tiny-deeper', 'fine'])
                    assert.ok(cells.some((t) => t.includes(name)), `row for ${name}`);
                await sleep(1500); // Why: let the charts finish their entry animation before the picture.
                await shot(page, 'rankings');
                await rows.first().scrollIntoViewIfNeeded();
                await sleep(500);
                await shot(page, 'rankings-table');
            },
        },
        {
            name: 'malformed file shows a problem, not an error popup',
            run: async (page) => {
                await quickOpen(page, 'broken.arch.yaml');
                await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
                await sleep(1000);
                const errors = (await toasts(page)).filter((t) => t.isError);
                assert.deepEqual(errors, [], 'no error notification');
                await runCommand(page, 'View: Focus Problems').catch(() => undefined);
                const problem = page.locator('.markers-panel .monaco-tl-row').filter({ hasText: 'conv_5x5_typo' });
                await problem.first().waitFor({ timeout: 15_000 });
            },
        },
        {
            name: 'search panel screenshot (when the search panel exists)',
            run: async (page) => {
                const file = await captureSearchPanel(page, { theme, shotsDir, manifest });
                return file ? undefined : 'skipped: no search view container contributed yet';
            },
        },
    ];
}
