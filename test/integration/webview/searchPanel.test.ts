// The search panel's bundle (dist/search.js) in headless Chromium under the extension's own CSP, in a
// light and a dark theme: the page says it is ready, draws progress (counts, ETA, device, a painted
// chart canvas), posts Stop, Resume and a valid Start, refuses a bad count with a visible error, and
// logs no error (a CSP violation would show up here). Screenshots go to $TMPDIR for a person to look at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { HostToSearchViewMessage } from '../../../src/protocol/searchView';
import { validateSearchViewMessage } from '../../../src/protocol/searchViewValidate';
import { HISTORY, OPTIONS, RUNNING, type Theme, writeHarness } from './searchHarness';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(__dirname, '..', '..', '..');
const bundle = path.join(root, 'dist', 'search.js');
const skip = existsSync(CHROMIUM)
    ? false
    : `${CHROMIUM} is missing: install Debian's chromium to run the webview checks`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-search-webview-'));
let browser: Browser | undefined;

before(async () => {
    if (skip) return;
    if (!existsSync(bundle)) {
        const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
            cwd: root,
            encoding: 'utf8',
        });
        assert.equal(built.status, 0, built.stderr);
    }
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
        ],
    });
});
after(async () => browser?.close());

type Posted = { type: string; [k: string]: unknown };
const posted = (page: Page) =>
    page.evaluate(() => (window as unknown as { posted: Posted[] }).posted);
const send = (page: Page, m: HostToSearchViewMessage) =>
    page.evaluate((msg) => window.postMessage(msg, '*'), m);

/** Pixels of the canvas that are not transparent (chart.js drew something). */
const paintedPixels = (page: Page) =>
    page.locator('[data-testid=chart]').evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
    });

async function checkTheme(theme: Theme): Promise<void> {
    const page = await browser!.newPage({ viewport: { width: 340, height: 1180 } });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(writeHarness(dir, theme, bundle));
    await page.waitForFunction(
        () => (window as unknown as { posted: unknown[] }).posted.length > 0,
    );
    assert.deepEqual(await posted(page), [{ type: 'ready' }]);

    await send(page, { type: 'options', options: OPTIONS });
    await send(page, { type: 'history', runs: HISTORY });
    await send(page, { type: 'progress', progress: RUNNING });
    await page.locator('[data-testid=counts]').waitFor();
    assert.equal(
        await page.locator('[data-testid=counts]').textContent(),
        '137 / 250 evaluated \u00b7 generation 3 / 5',
    );
    assert.equal(
        await page.locator('[data-testid=eta]').textContent(),
        'ETA 7 min \u00b7 cpu, 4 threads',
    );
    assert.equal(await page.locator('[data-testid=state]').textContent(), 'running');
    const box = await page.locator('[data-testid=chart]').boundingBox();
    assert.ok(
        box && box.width > 200 && box.height > 100,
        `chart canvas laid out: ${JSON.stringify(box)}`,
    );
    assert.ok((await paintedPixels(page)) > 500, 'the chart drew lines, points and axes');
    const stop = page.locator('vscode-button[data-action=stop]');
    assert.ok(await stop.isVisible(), 'Stop shows while running');
    assert.equal(
        await page.locator('vscode-button[data-action=start]').getAttribute('disabled'),
        '',
        'Start waits for the running search',
    );
    assert.equal(
        await page.locator('section.progress vscode-button[data-action=resume]').isVisible(),
        false,
        'the running card offers Stop, not Resume',
    );
    const resume = page.locator('section.history vscode-button[data-action=resume]');
    assert.equal(await resume.count(), 1, 'only the interrupted run offers Resume');
    assert.equal(await resume.getAttribute('data-run'), HISTORY[1].id);
    assert.equal(await resume.getAttribute('disabled'), '', 'Resume waits for the running search');
    await page.waitForTimeout(200);
    await page.screenshot({
        path: path.join(os.tmpdir(), `lswag-search-panel-${theme}.png`),
        fullPage: true,
    });

    // Stop, by keyboard: focus the button and press Enter.
    await stop.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
        (window as unknown as { posted: Posted[] }).posted.some((m) => m.type === 'stop'),
    );

    await send(page, {
        type: 'progress',
        progress: {
            ...RUNNING,
            state: 'stopped',
            etaSeconds: null,
            messages: ['Stopped with 140 of 250 architectures scored.'],
        },
    });
    await send(page, {
        type: 'history',
        runs: HISTORY.map((r, i) => (i === 0 ? { ...r, state: 'interrupted' as const } : r)),
    });
    assert.ok(!(await stop.isVisible()), 'Stop hides once the run stopped');
    assert.equal(await page.locator('[data-testid=eta]').textContent(), 'cpu, 4 threads');
    await page.locator(`vscode-button[data-action=resume][data-run="${HISTORY[1].id}"]`).click();
    assert.deepEqual((await posted(page)).at(-1), { type: 'resume', run: HISTORY[1].id });

    // A random search of 12 samples from the form; what the page posts passes the host's validation.
    await page.locator('vscode-radio[data-value=random]').click();
    await page.locator('vscode-text-field[data-field=samples] input').fill('12');
    await page.locator('vscode-text-field[data-field=seed] input').fill('7');
    await page.locator('vscode-button[data-action=start]').click();
    const start = (await posted(page)).at(-1)!;
    const checked = validateSearchViewMessage(start);
    assert.ok(checked.ok, `the page's start message is valid: ${JSON.stringify(start)}`);
    assert.deepEqual(start, {
        type: 'start',
        form: {
            space: 'nb201',
            data: 'synthetic',
            objective: 'synflow',
            algorithm: 'random',
            population: 50,
            generations: 20,
            samples: 12,
            width: 8,
            cells: 5,
            paramsMin: null,
            paramsMax: null,
            seed: 7,
        },
    });

    // A bad count is refused in the page, with a message, and nothing is posted.
    await page.locator('vscode-radio[data-value=evolution]').click();
    await page.locator('vscode-text-field[data-field=population] input').fill('lots');
    const before = (await posted(page)).length;
    await page.locator('vscode-button[data-action=start]').click();
    assert.match(
        (await page.locator('[data-testid=form-error]').textContent()) ?? '',
        /Population must be a whole number/,
    );
    assert.equal((await posted(page)).length, before);
    // The host's refusal shows in the same place.
    await send(page, { type: 'error', message: "no LIBRA preset 'x'" });
    assert.equal(
        await page.locator('[data-testid=form-error]').textContent(),
        "no LIBRA preset 'x'",
    );

    assert.deepEqual(problems, [], 'no console errors (CSP violations included)');
    await page.close();
}

test('searchPanelRendersProgressAndPostsValidMessagesInADarkTheme', { skip }, () =>
    checkTheme('dark'),
);
test('searchPanelRendersProgressAndPostsValidMessagesInALightTheme', { skip }, () =>
    checkTheme('light'),
);
