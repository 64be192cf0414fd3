// Small Playwright helpers for the VS Code web workbench (code-server): waiting for it, running
// palette commands, quick-opening files, reaching a webview's document, and notifications.
import { sleep } from '../../../scripts/host/codeServer.mjs';

export async function waitForWorkbench(page) {
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 90_000 });
    // Why: the explorer lists the folder once the remote file system answers.
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
}

/** Types into the quick input after opening it with `key`; retries, since contributions arrive late. */
async function pickInQuickInput(page, key, text, rowText, timeoutMs) {
    const input = page.locator('.quick-input-widget input');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (!(await input.isVisible())) {
            await page.keyboard.press(key);
            await input.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
        }
        if (await input.isVisible()) {
            await input.fill(text);
            const row = page
                .locator('.quick-input-list .monaco-list-row')
                .filter({ hasText: rowText })
                .first();
            if (
                await row.waitFor({ timeout: 3000 }).then(
                    () => true,
                    () => false,
                )
            ) {
                await row.click();
                return;
            }
            await page.keyboard.press('Escape');
        }
        if (Date.now() > deadline) throw new Error(`no quick-input row '${rowText}' for '${text}'`);
        await sleep(500);
    }
}

/** Runs a command through the F1 palette by its full title ("Category: Title"). */
export async function runCommand(page, title, timeoutMs = 60_000) {
    await pickInQuickInput(page, 'F1', `>${title}`, title, timeoutMs);
}

/** Opens a workspace file through Quick Open (Ctrl+P). */
export async function quickOpen(page, fileName, timeoutMs = 30_000) {
    await pickInQuickInput(page, 'Control+P', fileName, fileName, timeoutMs);
    await page
        .locator('.tabs-container .tab.active')
        .filter({ hasText: fileName })
        .waitFor({ timeout: timeoutMs });
}

/** The document inside the active webview (VS Code nests it in two iframes). */
export function activeWebview(page) {
    return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Notification toasts currently shown, with their text and whether they are errors. */
export async function toasts(page) {
    return page.locator('.notifications-toasts .notification-toast').evaluateAll((nodes) =>
        nodes.map((n) => ({
            text: n.textContent ?? '',
            isError: n.querySelector('.codicon-error') !== null,
        })),
    );
}

export async function clearNotifications(page) {
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => undefined);
    await page.keyboard.press('Escape');
}
