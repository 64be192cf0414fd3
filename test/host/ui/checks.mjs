// The UI checks of one theme: score the workspace from the palette, the CodeLens in an editor, the
// rankings panel's table, the Architecture Rankings tree, a malformed file that shows a problem without an error popup, and a
// search started, stopped and resumed in the side panel.
// Each check is named; screenshots go to media/screenshots/<name>-<theme>.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../../../scripts/host/codeServer.mjs';
import { editorChecks } from './editorChecks.mjs';
import { rankingsLayout } from './panelChecks.mjs';
import { libraOverwriteGuard } from './libraCheck.mjs';
import { pruneStartStopResume } from './pruneCheck.mjs';
import {
    activeWebview,
    clearNotifications,
    quickOpen,
    runCommand,
    toasts,
    waitForWorkbench,
} from './workbench.mjs';

/** The walkthrough's step titles (package.json `contributes.walkthroughs`). */
const WALKTHROUGH_STEPS = [
    'Score the examples',
    'Open the rankings',
    'Calibrate L-SWAG for a search space',
    'Run a training-free search',
    'Score your own PyTorch model',
];

/** The README's images on the details page, as [src, naturalWidth] (0: broken), once all settle. */
async function readmeImageWidths(page) {
    const deadline = Date.now() + 60_000;
    let found = [];
    while (Date.now() < deadline) {
        for (const frame of page.frames()) {
            const images = await frame
                .evaluate(() =>
                    [...document.querySelectorAll('img')]
                        .filter((i) => /screenshots\/|^data:image\/png/.test(i.src))
                        .map((i) => [i.src, i.complete ? i.naturalWidth : -1]),
                )
                .catch(() => []);
            if (images.length > 0) found = images;
        }
        if (found.length > 0 && found.every(([, w]) => w >= 0)) return found;
        await sleep(500);
    }
    return found;
}

// Ranks within the cells' comparable group; the LIBRA part: the shipped NB201 preset applies to them.
const LENS =
    /^L-SWAG \S+ \u00b7 rank \d+\/4 in NB201 3x32x32 \/ 10 classes(?: \u00b7 LIBRA rank \d+\/\d+)?$/;

/** Lens texts currently rendered in the visible editor. */
async function lensTexts(page) {
    return page.locator('.monaco-editor .codelens-decoration a').allTextContents();
}

/** The search view's page: the webview frame that holds the search form (not the rankings panel's). */
async function searchFrame(page, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        for (const frame of page.frames()) {
            const found = await frame
                .locator('vscode-button[data-action=start]')
                .count()
                .catch(() => 0);
            if (found > 0) return frame;
        }
        if (Date.now() > deadline) throw new Error('no webview with the search form');
        await sleep(500);
    }
}

/** Polls `probe` until it returns something other than undefined. */
async function until(what, probe, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await sleep(200);
    }
}

/** Eval records of a run file (first of each key) with their objective's value. */
function scoredRecords(file, objective) {
    const scored = new Map();
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
        if (line.trim() === '') continue;
        const r = JSON.parse(line);
        if (r.kind === 'eval' && !scored.has(r.key))
            scored.set(r.key, r.result?.scores?.[objective]);
    }
    return scored;
}

/** Drags the side bar's edge so it is `width` pixels wide (the default 300 squeezes the chart). */
async function widenSideBar(page, width) {
    const bar = page.locator('.part.sidebar');
    await bar.waitFor({ timeout: 30_000 });
    const box = await bar.boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width, y);
    await page.mouse.down();
    await page.mouse.move(box.x + width, y, { steps: 5 });
    await page.mouse.up();
}

const COUNTS = /^(\d+) \/ (\d+) evaluated \u00b7 generation (\d+) \/ (\d+)$/;

/**
 * A short evolution started from the side panel: the picture is taken mid-run once two generations
 * are summarised (chart points, counts, ETA), then Stop leaves an interrupted run whose file holds
 * every scored architecture, and Resume in the history finishes it.
 */
async function searchStartStopResume(page, { theme, shotsDir, workspace }) {
    const [population, generations] = [4, 6];
    const expected = population * generations;
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await runCommand(page, 'View: Hide Panel').catch(() => undefined);
    await runCommand(page, 'L-SWAG: Run Architecture Search...');
    await widenSideBar(page, 440);
    const view = await searchFrame(page);
    await view.locator('vscode-radio[data-value=evolution]').click();
    await view.locator('vscode-text-field[data-field=population] input').fill(String(population));
    await view.locator('vscode-text-field[data-field=generations] input').fill(String(generations));
    // The budget estimate before the start: the form's 24 architectures at this machine's pace.
    const estimate = view.locator('[data-testid=estimate]');
    await until(
        'the estimate for 24 architectures',
        async () =>
            ((await estimate.textContent()) ?? '').includes(' 24 architectures') || undefined,
        10_000,
    );
    assert.match(
        (await estimate.textContent()) ?? '',
        /^(under a minute|~\d+ min|~\d+ h \d\d min) on this machine: 24 architectures \u00d7 [\d.]+ s \(/,
    );
    await view.locator('vscode-button[data-action=start]').click();

    const state = view.locator('[data-testid=state]');
    const counts = view.locator('[data-testid=counts]');
    const seen = [];
    const readState = async () => {
        const text = (await state.textContent())?.trim() ?? '';
        if (text !== '' && seen.at(-1) !== text) seen.push(text);
        return text;
    };
    const count = async () => {
        const m = COUNTS.exec((await counts.textContent())?.trim() ?? '');
        return (
            m && {
                evaluated: Number(m[1]),
                expected: Number(m[2]),
                generation: Number(m[3]),
                generations: Number(m[4]),
            }
        );
    };
    // Why generation 3: generations 1 and 2 are summarised, so the chart draws a line and a live point.
    const mid = await until(
        'generation 3 of the search',
        async () => {
            await readState();
            const c = await count();
            return c && c.generation >= 3 ? c : undefined;
        },
        240_000,
    );
    assert.equal(mid.expected, expected);
    assert.equal(mid.generations, generations);
    assert.ok(mid.evaluated < expected, `still running at ${mid.evaluated} of ${expected}`);
    assert.deepEqual(
        seen.filter((s) => s !== 'starting'),
        ['running'],
        `states: ${seen.join(' > ')}`,
    );
    assert.match(
        (await view.locator('[data-testid=eta]').textContent()) ?? '',
        /^ETA \S.* \u00b7 \S/,
    );
    // Why the clip: the picture is of the side bar (the editor area beside it is empty).
    const bar = await page.locator('.part.sidebar').boundingBox();
    await page.screenshot({
        path: path.join(shotsDir, `search-panel-${theme}.png`),
        clip: { x: 0, y: 0, width: Math.ceil(bar.x + bar.width), height: 800 },
    });

    const id = ((await view.locator('section.progress .run-name').textContent()) ?? '').trim();
    await view.locator('vscode-button[data-action=stop]').click();
    const final = await until(
        'the search to stop',
        async () => {
            const text = await readState();
            return ['stopped', 'complete', 'failed', 'incomplete'].includes(text)
                ? text
                : undefined;
        },
        120_000,
    );
    assert.equal(final, 'stopped', `states: ${seen.join(' > ')}`);
    assert.ok(
        seen.every((s) => ['starting', 'running', 'stopping', 'stopped'].includes(s)),
        `states: ${seen.join(' > ')}`,
    );
    const stopped = await count();
    assert.ok(stopped.evaluated < expected, `stopped at ${stopped.evaluated} of ${expected}`);

    const file = path.join(workspace, '.lswag', 'runs', `${id}.jsonl`);
    const partial = scoredRecords(file, 'lswag');
    assert.equal(
        partial.size,
        stopped.evaluated,
        'the run file holds every architecture the panel counted',
    );
    for (const [key, value] of partial)
        assert.ok(Number.isFinite(value), `lswag of ${key}: ${value}`);
    await view.locator(`li[data-run="${id}"][data-state=interrupted]`).waitFor({ timeout: 30_000 });

    // Resume on the stopped run's own card (the history below has one too).
    await view
        .locator(`section.progress vscode-button[data-action=resume][data-run="${id}"]`)
        .click();
    await view.locator(`li[data-run="${id}"][data-state=complete]`).waitFor({ timeout: 300_000 });
    assert.equal(await readState(), 'complete');
    // Why not `expected`: evolution skips a child it already scored, so a run may end below it.
    const done = await count();
    const complete = scoredRecords(file, 'lswag');
    assert.equal(
        complete.size,
        done.evaluated,
        'the file holds every architecture the panel counted',
    );
    assert.ok(
        done.evaluated > stopped.evaluated && done.evaluated <= expected,
        `complete with ${done.evaluated} of at most ${expected}`,
    );
    assert.equal(done.generation, generations);
    const filled = await view
        .locator('section.progress progress')
        .evaluate((b) => [b.value, b.max]);
    assert.equal(filled[0], filled[1], `a complete run's bar is full (${filled.join(' of ')})`);
    await page
        .locator('.notifications-toasts')
        .filter({ hasText: `search ${id} complete` })
        .waitFor({ timeout: 30_000 });
    for (const [key, value] of partial)
        assert.equal(complete.get(key), value, `${key} kept, not rescored`);
}

export function uiChecks({ theme, shotsDir, workspace, lswagHome, fromVsix = false }) {
    const shot = (page, name, options = {}) =>
        page.screenshot({ path: path.join(shotsDir, `${name}-${theme}.png`), ...options });
    return [
        {
            name: 'workbench opens with the fixture workspace',
            run: async (page) => waitForWorkbench(page),
        },
        {
            // Why before any L-SWAG command runs: VS Code lists recently used commands first.
            name: 'palette: "Score architecture" offers Score Architecture first',
            run: async (page) => {
                await quickOpen(page, 'cells.arch.yaml');
                await page.keyboard.press('F1');
                const input = page.locator('.quick-input-widget input');
                await input.waitFor({ state: 'visible', timeout: 10_000 });
                await input.fill('>Score architecture');
                const rows = page.locator('.quick-input-list .monaco-list-row');
                await rows.filter({ hasText: 'L-SWAG' }).first().waitFor({ timeout: 30_000 });
                const labels = await rows.evaluateAll((nodes) =>
                    nodes.map((n) => n.getAttribute('aria-label') ?? n.textContent ?? ''),
                );
                assert.match(labels[0] ?? '', /^L-SWAG: Score Architecture\b/, labels.join(' | '));
                await page.keyboard.press('Escape');
            },
        },
        {
            name: 'palette runs Score Workspace and lenses show ranks',
            run: async (page) => {
                await quickOpen(page, 'cells.arch.yaml');
                // Why: without the explorer the editor and the panel get the window's width.
                await runCommand(page, 'View: Close Primary Side Bar');
                await page
                    .locator('.monaco-editor .codelens-decoration')
                    .first()
                    .waitFor({ timeout: 60_000 });
                await runCommand(page, 'L-SWAG: Score Workspace (all architecture files)');
                const deadline = Date.now() + 180_000;
                let texts = [];
                while (Date.now() < deadline) {
                    texts = await lensTexts(page);
                    if (texts.length === 3 && texts.every((t) => LENS.test(t))) break;
                    await sleep(500);
                }
                assert.equal(texts.length, 3, `lenses: ${texts.join(' | ')}`);
                for (const t of texts) assert.match(t, LENS);
                await page
                    .locator('.notifications-toasts')
                    .filter({ hasText: 'scored 6 architecture' })
                    .waitFor({ timeout: 30_000 });
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
                for (const name of [
                    'conv-heavy',
                    'mixed',
                    'pooling',
                    'tiny-plain',
                    'tiny-deeper',
                    'fine',
                ])
                    assert.ok(
                        cells.some((t) => t.includes(name)),
                        `row for ${name}`,
                    );
                await sleep(1500); // Why: let the charts finish their entry animation before the picture.
                await shot(page, 'rankings');
                await rows.first().scrollIntoViewIfNeeded();
                await sleep(500);
                await shot(page, 'rankings-table');
            },
        },
        {
            name: 'scored architectures tree lists the run by comparable group',
            run: async (page) => {
                await runCommand(page, 'L-SWAG: Focus on Architecture Rankings View');
                const tree = page.locator('.pane').filter({ hasText: 'Architecture Rankings' });
                const rows = tree.locator('.monaco-list-row');
                await rows.filter({ hasText: 'conv-heavy' }).first().waitFor({ timeout: 30_000 });
                const texts = await rows.allTextContents();
                for (const label of [
                    'NB201 3x32x32 / 10 classes',
                    'layer list 3x16x16 / 10 classes',
                    'tiny-deeper',
                    'fine',
                ])
                    assert.ok(
                        texts.some((t) => t.includes(label)),
                        `tree row for ${label}: ${texts.join(' | ')}`,
                    );
                await sleep(500);
                // Why the whole height: the tree sits below the search view in the side bar.
                const height = page.viewportSize()?.height ?? 800;
                await shot(page, 'architectures-tree', {
                    clip: { x: 0, y: 0, width: 640, height },
                });
                // Why: the side bar also shows the search view, a second webview the next checks would find.
                await runCommand(page, 'View: Close Primary Side Bar');
            },
        },
        {
            name: 'rankings panel keeps the selected point, the heatmap and a constant column in view',
            run: async (page) => rankingsLayout(page, shot),
        },
        {
            name: 'malformed file shows a problem, not an error popup',
            run: async (page) => {
                await quickOpen(page, 'broken.arch.yaml');
                await page
                    .locator('.monaco-editor .squiggly-error')
                    .first()
                    .waitFor({ timeout: 30_000 });
                await sleep(1000);
                const errors = (await toasts(page)).filter((t) => t.isError);
                assert.deepEqual(errors, [], 'no error notification');
                await runCommand(page, 'View: Focus Problems').catch(() => undefined);
                const problem = page
                    .locator('.markers-panel .monaco-tl-row')
                    .filter({ hasText: 'conv_5x5_typo' });
                await problem.first().waitFor({ timeout: 15_000 });
            },
        },
        ...editorChecks({ workspace, shot }),
        {
            name: 'search panel starts, stops and resumes a search (screenshot mid-run)',
            run: async (page) => searchStartStopResume(page, { theme, shotsDir, workspace }),
        },
        {
            name: 'LIBRA "Use this combination" asks before overwriting a preset; workspace unless global',
            run: async (page) => libraOverwriteGuard(page, { workspace, lswagHome, shot }),
        },
        {
            name: 'search panel runs a pruning search of a tiny supernet, stops and resumes it (screenshot)',
            run: async (page) =>
                pruneStartStopResume(page, { theme, shotsDir, workspace, widenSideBar }),
        },
        {
            name: 'the walkthrough opens with its five steps (screenshot)',
            run: async (page) => {
                // Why the side bar first: once the walkthrough has focus the palette does not open.
                await runCommand(page, 'View: Close Primary Side Bar');
                await runCommand(page, 'L-SWAG: Get Started');
                const editor = page.locator('.part.editor');
                await editor
                    .getByText('Get Started with L-SWAG Zero-Shot NAS')
                    .first()
                    .waitFor({ timeout: 30_000 });
                for (const step of WALKTHROUGH_STEPS)
                    await editor.getByText(step).first().waitFor({ timeout: 10_000 });
                await sleep(1000);
                await shot(page, 'walkthrough');
            },
        },
        {
            name: "the extension's details page shows the README's screenshots",
            run: async (page) => {
                // Why only the VSIX: its README has the images inlined (scripts/vsixReadme.mjs);
                // the source tree's relative ones are blocked by the page's img-src https: data:.
                if (!fromVsix) return 'the README images are inlined only in the VSIX';
                await runCommand(page, 'View: Show Extensions');
                const search = page.locator(
                    '.extensions-viewlet .suggest-input-container textarea',
                );
                await search.first().focus({ timeout: 30_000 });
                await page.keyboard.type('@installed L-SWAG');
                await page
                    .locator('.extensions-viewlet .monaco-list-row')
                    .filter({ hasText: 'L-SWAG Zero-Shot NAS' })
                    .first()
                    .click();
                const widths = await readmeImageWidths(page);
                assert.ok(widths.length >= 4, `README images: ${JSON.stringify(widths)}`);
                for (const [src, width] of widths) assert.ok(width > 0, `${src} did not load`);
            },
        },
    ];
}
