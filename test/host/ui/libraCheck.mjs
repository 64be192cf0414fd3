// UI check of the LIBRA preset overwrite guard (issue 21), with the real quick pick, input box and
// modal of the workbench: ten labelled NB201 cells are scored, and "Use this combination" in the
// rankings panel
// - offers the workspace first (Enter saves there) and pre-fills a name no preset has (the column's
//   own, nb201-madeup, is the user's: nb201-madeup-2);
// - asks before a name of a shipped preset (nb201-cifar10) or of an existing user preset; Cancel leaves
//   every preset file byte-identical and writes nothing;
// - "Save Anyway" replaces the user preset with the combination;
// - "Save globally", chosen, saves under $LSWAG_HOME/presets and nowhere in the workspace.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../../scripts/host/hostPaths.mjs';
import { sleep } from '../../../scripts/host/codeServer.mjs';
import { activeWebview, clearNotifications, quickOpen, runCommand } from './workbench.mjs';

const FIXTURE = 'test/host/ui/fixtures/libra-cells.arch.yaml';
const SHIPPED = path.join(root, 'media/presets/nb201-cifar10.json');

/** The user's existing workspace preset, named as the panel would name this column's. */
const MINE_NAME = 'nb201-madeup';
const MINE = {
    kind: 'lswag-libra-preset',
    space: 'nb201',
    dataset: 'cifar10',
    acc: 'madeup',
    picks: ['synflow', 'nwot'],
    method: 'greedy',
    createdFrom: { n: 12, bench: 'by hand' },
};

const bytes = (file) => (existsSync(file) ? readFileSync(file) : undefined);

/** Clicks "Use this combination" and answers the quick pick (`global`: the second row). */
async function useCombination(page, { global = false } = {}) {
    const view = activeWebview(page);
    const button = view.locator('vscode-button', { hasText: 'Use this combination' });
    await button.first().click();
    const widget = page.locator('.quick-input-widget');
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Save in this workspace' }).first().waitFor({ timeout: 30_000 });
    // The workspace is the first row, the one Enter takes.
    const labels = await rows.allTextContents();
    assert.match(labels[0] ?? '', /^Save in this workspace/, labels.join(' | '));
    // The workspace row is also the focused one, which Enter would take.
    assert.match(
        (await widget.locator('.quick-input-list .monaco-list-row.focused').textContent()) ?? '',
        /^Save in this workspace/,
    );
    // Why a click, not Enter: after a modal the keyboard focus may sit in the webview.
    await rows
        .filter({ hasText: global ? 'Save globally' : 'Save in this workspace' })
        .first()
        .click();
    const input = widget.locator('input');
    // Why the value: the quick pick's filter is empty; the name box comes pre-filled.
    await until('the name box', async () =>
        (await rows.first().isVisible()) || (await input.inputValue()) === '' ? undefined : true,
    );
    return input;
}

async function until(what, probe, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(200);
    }
}

/** Types `name` into the name box and returns the modal's message (undefined when none came). */
async function enterName(page, input, name) {
    await input.fill(name);
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    const shown = await dialog.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
    );
    // Why the whole box's text, spaces collapsed: the message wraps over lines in the dialog.
    return shown ? (await dialog.innerText()).replace(/\s+/g, ' ') : undefined;
}

async function answer(page, button) {
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.locator('.monaco-button', { hasText: button }).first().click();
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
}

export async function libraOverwriteGuard(page, { workspace, lswagHome, shot }) {
    const presets = path.join(workspace, '.lswag', 'presets');
    const globalPresets = path.join(lswagHome, 'presets');
    mkdirSync(presets, { recursive: true });
    const mine = path.join(presets, `${MINE_NAME}.json`);
    writeFileSync(mine, `${JSON.stringify(MINE, null, 2)}\n`);
    const mineBefore = readFileSync(mine);
    const shippedBefore = readFileSync(SHIPPED);
    cpSync(path.join(root, FIXTURE), path.join(workspace, 'libra', 'libra-cells.arch.yaml'));

    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    // Why: the side bar's search view is a second webview; the panel's must be the only one.
    await runCommand(page, 'View: Close Primary Side Bar', 5000).catch(() => undefined);
    await clearNotifications(page);
    await quickOpen(page, 'libra-cells.arch.yaml');
    await runCommand(page, 'L-SWAG: Score Architecture');
    const done = page
        .locator('.notifications-toasts .notification-toast')
        .filter({ hasText: 'scored 10 architecture' });
    await done.first().waitFor({ timeout: 240_000 });
    await done.locator('.monaco-button', { hasText: 'Open Rankings' }).first().click();
    const view = activeWebview(page);
    await view
        .locator('vscode-button', { hasText: 'Use this combination' })
        .first()
        .waitFor({ timeout: 60_000 });

    // A shipped preset's name: asked; Cancel writes nothing and changes nothing.
    let input = await useCombination(page);
    const suggested = await input.inputValue();
    assert.equal(suggested, `${MINE_NAME}-2`, "the user's preset name is not pre-filled");
    const shipped = await enterName(page, input, 'nb201-cifar10');
    assert.match(
        shipped ?? '(no modal)',
        /Saving 'nb201-cifar10' in this workspace hides the preset 'nb201-cifar10' shipped with the extension\. Save anyway\?/,
    );
    await shot(page, 'libra-overwrite');
    await answer(page, 'Cancel');
    assert.ok(!existsSync(path.join(presets, 'nb201-cifar10.json')), 'nothing saved on Cancel');
    assert.deepEqual(readFileSync(SHIPPED), shippedBefore);

    // The user's own preset: asked; Cancel leaves it byte-identical.
    input = await useCombination(page);
    const replace = await enterName(page, input, MINE_NAME);
    assert.match(
        replace ?? '(no modal)',
        /Saving 'nb201-madeup' in this workspace replaces the preset 'nb201-madeup' in this workspace\. Save anyway\?/,
    );
    await answer(page, 'Cancel');
    assert.deepEqual(
        readFileSync(mine),
        mineBefore,
        'the user preset is byte-identical after Cancel',
    );

    // Confirmed: replaced by the combination.
    input = await useCombination(page);
    assert.ok(await enterName(page, input, MINE_NAME), 'asked again');
    await answer(page, 'Save Anyway');
    await until('the user preset to change', async () =>
        readFileSync(mine).equals(mineBefore) ? undefined : true,
    );
    const saved = JSON.parse(readFileSync(mine, 'utf8'));
    assert.equal(saved.space, 'nb201');
    assert.notDeepEqual(saved.picks, MINE.picks);
    assert.ok(saved.picks.length >= 2, `a combination: ${saved.picks.join(' + ')}`);
    assert.equal(
        bytes(path.join(globalPresets, `${MINE_NAME}.json`)),
        undefined,
        'not saved globally',
    );

    // Global only when chosen: the pre-filled free name goes to $LSWAG_HOME/presets.
    const before = new Set(readdirSync(presets));
    input = await useCombination(page, { global: true });
    const name = await input.inputValue();
    assert.equal(await enterName(page, input, name), undefined, 'a free name needs no question');
    const file = path.join(globalPresets, `${name}.json`);
    await until(`${file}`, async () => (existsSync(file) ? true : undefined));
    assert.deepEqual(new Set(readdirSync(presets)), before, 'nothing new in the workspace');
    await clearNotifications(page);
}
