// UI check of the search side panel's pruning mode (issue 23): a pruning (TE-NAS) search of a tiny
// DARTS supernet is set up and started with the form's own controls, shows its progress per round,
// stops with Stop, resumes with Resume on its card and goes on from where it stopped; the run file
// holds every supernet the panel counted, each once. (Its end, the genotype and the architecture
// file, takes 780 supernets: test/unit/extension/pruneSession.test.ts checks it with a stand-in engine.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../../../scripts/host/codeServer.mjs';
import { runCommand } from './workbench.mjs';

const COUNTS = /^(\d+) \/ 780 evaluated \u00b7 round (\d+) \/ 7$/;

/** Polls `probe` until it returns something other than undefined. */
async function until(what, probe, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await sleep(250);
    }
}

/** The search view's page: the webview frame that holds the form's Start button. */
async function searchFrame(page) {
    return until(
        'the search form',
        async () => {
            for (const frame of page.frames()) {
                const n = await frame
                    .locator('vscode-button[data-action=start]')
                    .count()
                    .catch(() => 0);
                if (n > 0) return frame;
            }
            return undefined;
        },
        60_000,
    );
}

/** Supernet keys of a pruning run file, in file order (duplicates kept, to be counted). */
function prunedKeys(file) {
    return readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l))
        .filter((r) => r.kind === 'prune-eval')
        .map((r) => r.key);
}

export async function pruneStartStopResume(page, { theme, shotsDir, workspace, widenSideBar }) {
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await runCommand(page, 'L-SWAG: Run Architecture Search...');
    await widenSideBar(page, 440);
    const view = await searchFrame(page);
    // Why: the Architecture Rankings view below would cut the search view's card in the picture.
    const tree = page
        .locator('.part.sidebar .pane-header')
        .filter({ hasText: /Architecture Rankings/i });
    if ((await tree.first().getAttribute('aria-expanded')) === 'true') await tree.first().click();
    // The pruning mode is offered for darts only.
    const prune = view.locator('vscode-radio[data-value=prune]');
    assert.equal(await prune.isVisible(), false, 'no pruning mode for nb201');
    await view.locator('vscode-dropdown[data-field=space]').click();
    await view.locator('vscode-dropdown[data-field=space] vscode-option[value=darts]').click();
    await prune.waitFor({ state: 'visible', timeout: 10_000 });
    await prune.click();
    for (const hidden of ['population', 'samples', 'paramsMin'])
        assert.equal(
            await view.locator(`[data-field=${hidden}]`).isVisible(),
            false,
            `${hidden} is hidden for pruning`,
        );
    await view.locator('vscode-text-field[data-field=width] input').fill('2');
    await view.locator('vscode-text-field[data-field=cells] input').fill('3');
    const estimate = view.locator('[data-testid=estimate]');
    await until(
        'the estimate for the supernets',
        async () => ((await estimate.textContent()) ?? '').includes('780 supernets') || undefined,
        10_000,
    );
    assert.match(
        (await estimate.textContent()) ?? '',
        /^(under a minute|~\d+ min|~\d+ h \d\d min) on this machine: 780 supernets \u00d7 [\d.]+ s \(/,
    );
    await view.locator('vscode-button[data-action=start]').click();

    const state = view.locator('[data-testid=state]');
    const counts = async () => {
        const m = COUNTS.exec((await view.locator('[data-testid=counts]').textContent()) ?? '');
        return m && { evaluated: Number(m[1]), round: Number(m[2]) };
    };
    // Why 2: the first supernet also pays for the worker's start; the second shows the pace (ETA).
    const running = await until(
        'two supernets scored',
        async () => {
            const c = await counts();
            return (await state.textContent())?.trim() === 'running' && c?.evaluated >= 2
                ? c
                : undefined;
        },
        300_000,
    );
    assert.equal(running.round, 1);
    assert.match(
        (await view.locator('section.progress p.muted').first().textContent()) ?? '',
        /^darts \u00b7 lswag \u00b7 pruning C=2, 3 cells$/,
    );
    assert.match((await view.locator('[data-testid=eta]').textContent()) ?? '', /^ETA \S/);
    // Why: filling the form scrolled the view; the picture is of the card at its top.
    await view.evaluate(() => window.scrollTo(0, 0));
    await sleep(300);
    const bar = await page.locator('.part.sidebar').boundingBox();
    await page.screenshot({
        path: path.join(shotsDir, `search-prune-${theme}.png`),
        clip: { x: 0, y: 0, width: Math.ceil(bar.x + bar.width), height: 800 },
    });

    const id = ((await view.locator('section.progress .run-name').textContent()) ?? '').trim();
    assert.match(id, /^darts-prune-lswag-\d{8}-\d{6}/);
    const stopAndCount = async () => {
        await view.locator('vscode-button[data-action=stop]').click();
        await until(
            'the pruning search to stop',
            async () => ((await state.textContent())?.trim() === 'stopped' ? true : undefined),
            120_000,
        );
        return (await counts()).evaluated;
    };
    const stopped = await stopAndCount();
    const file = path.join(workspace, '.lswag', 'runs', `${id}.jsonl`);
    assert.equal(prunedKeys(file).length, stopped, 'the file holds every supernet counted');
    await view.locator(`li[data-run="${id}"][data-state=interrupted]`).waitFor({ timeout: 30_000 });

    // Resume on the stopped run's own card: it goes on from the supernets already scored.
    await view
        .locator(`section.progress vscode-button[data-action=resume][data-run="${id}"]`)
        .click();
    await until(
        'a supernet scored after the resume',
        async () => ((await counts())?.evaluated > stopped ? true : undefined),
        300_000,
    );
    const again = await stopAndCount();
    const keys = prunedKeys(file);
    assert.equal(keys.length, again);
    assert.equal(new Set(keys).size, keys.length, 'no supernet scored twice');
}
