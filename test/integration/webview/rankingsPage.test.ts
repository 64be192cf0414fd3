// The rankings webview bundle (dist/rankings.js) in real headless Chromium, under the production CSP
// (webviewHtml) served from 127.0.0.1. Only acquireVsCodeApi is stubbed (the thin edge VS Code
// injects); the page gets the message the host computes for a labelled NB201 view. Screenshots of
// the light and dark themes go to /tmp for a person to look at.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SpaceId } from '../../../src/core/spec/spaceId';
import { rankingsMessage, viewSpace } from '../../../src/extension/rankingsMessage';
import { loadSpaceProfile } from '../../../src/extension/spaceProfiles';
import { webviewHtml } from '../../../src/extension/webviewHtml';
import type { HostToWebviewMessage } from '../../../src/protocol/webview';
import { complementView, labelledView } from '../../unit/extension/rankingsFixture';
import { DARK, LIGHT, type Theme } from './themes';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, 'dist', 'rankings.js');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)`;

type Rankings = Extract<HostToWebviewMessage, { type: 'rankings' }>;

/** Builds dist/ when the bundle is missing or older than the page's sources. */
function ensureBundle(): void {
    const sources = [
        ...readdirSync(path.join(root, 'webview', 'rankings')).map((f) =>
            path.join(root, 'webview', 'rankings', f),
        ),
        path.join(root, 'src', 'protocol', 'webview.ts'),
    ];
    const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
    if (sources.every((f) => statSync(f).mtimeMs <= built)) return;
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `build failed: ${r.stderr}`);
}

let server: http.Server;
let origin = '';
let browser: Browser;
let message: Rankings;

before(async () => {
    if (skip) return;
    ensureBundle();
    // Why a temporary LSWAG_HOME: the profile must come from the shipped file, not this machine's.
    process.env.LSWAG_HOME = mkdtempSync(path.join(os.tmpdir(), 'lswag-home-'));
    const view = labelledView();
    const calibration = await loadSpaceProfile(
        viewSpace(view) as SpaceId,
        path.join(os.tmpdir(), 'lswag-none'),
    );
    message = rankingsMessage(view, (f) => path.relative('/work-space', f), undefined, {
        calibration,
    }) as Rankings;
    server = http.createServer((req, res) => {
        if (req.url === '/rankings.js') {
            res.writeHead(200, { 'content-type': 'text/javascript' });
            res.end(readFileSync(bundle));
        } else if (req.url === '/') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(page);
        } else {
            res.writeHead(404).end();
        }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = webviewHtml({
        webview: { cspSource: origin },
        scriptUri: `${origin}/rankings.js`,
        nonce: 'dGVzdG5vbmNlMTIzNDU2Nw==',
        title: 'L-SWAG Rankings',
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--no-first-run',
        ],
    });
});

after(async () => {
    await browser?.close();
    server?.close();
});

/**
 * The stub VS Code injects as acquireVsCodeApi: records posts and the page state. A string, because
 * tsx wraps named functions in a `__name` helper that does not exist in the page.
 */
const STUB_VSCODE_API = `
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = function () {
        return {
            postMessage: function (m) { window.__posted.push(m); },
            getState: function () { return window.__state; },
            setState: function (s) { window.__state = s; },
        };
    };
`;

async function applyTheme(page: Page, theme: Theme): Promise<void> {
    await page.evaluate((t) => {
        for (const [k, v] of Object.entries(t.variables)) document.body.style.setProperty(k, v);
        document.body.className = t.bodyClass;
    }, theme);
}

/** Opens the page, waits for its `ready`, and posts `m` as the host would. */
async function openPage(errors: string[], m: Rankings): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (c) => c.type() === 'error' && errors.push(c.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(STUB_VSCODE_API);
    await page.goto(`${origin}/`);
    await applyTheme(page, DARK);
    await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some(
            (p) => p.type === 'ready',
        ),
    );
    await page.evaluate((msg) => window.postMessage(msg, '*'), m);
    await page.waitForSelector('table.rankings tbody tr');
    return page;
}

const names = (page: Page) =>
    page.$$eval('table.rankings tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent));

test('theRankingsPageRendersTableChartsAndLibraUnderTheStrictCsp', { skip }, async () => {
    const errors: string[] = [];
    const page = await openPage(errors, message);
    assert.equal(await page.locator('table.rankings tbody tr').count(), message.rows.length);
    const byRank = [...message.rows]
        .sort((a, b) => b.scores.lswag! - a.scores.lswag!)
        .map((r) => r.name);
    assert.deepEqual(await names(page), byRank, 'rows start in rank order');

    // Three chart.js canvases (params scatter, calibration profile, accuracy scatter) that were drawn.
    const canvases = await page.$$eval('canvas', (cs) =>
        cs.map((c) => ({ label: c.getAttribute('aria-label'), w: c.width, h: c.height })),
    );
    assert.equal(canvases.length, 3, JSON.stringify(canvases));
    assert.ok(
        canvases.every((c) => c.w > 100 && c.h > 100),
        JSON.stringify(canvases),
    );
    assert.ok(canvases.some((c) => /window bins 0 to 9/.test(c.label ?? '')));
    const heat = await page.$$eval('table.heatmap tbody tr', (trs) => trs.length);
    assert.equal(heat, message.agreement!.proxies.length);

    const libra = await page.locator('section.libra').innerText();
    const insight = message.accuracy![0];
    assert.match(libra, /LIBRA-NAS suggestion for cifar10/);
    for (const p of insight.libra.picks)
        assert.ok(libra.includes(p.why), `the page shows why ${p.proxy} was chosen`);
    assert.match(
        libra,
        /z1 · highest ρ[\s\S]*z2 · lowest IG in the band[\s\S]*z3 · closest #params bias/,
    );
    assert.match(
        libra,
        new RegExp(
            `Spearman ρ = ${insight.libra.combinedSpearman!.toFixed(3)} on 14 architectures`,
        ),
    );
    assert.match(libra, /IG tie at/, 'the edge cases the core returned are listed');

    // L-SWAG is near-perfect in this fixture: the honest check recommends it alone, offers nothing,
    // and warns that 14 labelled architectures are too few (#21, #22).
    assert.match(libra, /Out of sample \(5-fold cross-validation \(seed 0\)\)/);
    assert.match(libra, /Use lswag alone: no combination beat it out of sample/);
    assert.match(libra, /Only 14 labelled architectures: below 75/);
    assert.equal(await page.getByRole('button', { name: 'Use this combination' }).count(), 0);
    // Every term has a one-line explanation: a tooltip on its header and a legend entry.
    const titles = await page.$$eval('section.libra th', (ths) =>
        Object.fromEntries(ths.map((t) => [t.textContent, t.getAttribute('title')])),
    );
    for (const term of ['\u03c1', 'IG (nats)', 'bias', 'held-out \u03c1'])
        assert.ok(titles[term] && titles[term]!.length > 20, `a tooltip for ${term}`);
    const legend = await page.locator('section.libra details.legend').textContent();
    for (const term of ['H(y|z1)', 'band', 'bins', 'LIBRA rank']) assert.ok(legend!.includes(term));
    assert.deepEqual(errors, [], 'no console errors and no CSP violations');
    await page.close();
});

test('aCombinationThatWinsOutOfSampleIsOfferedWithItsNumbers', { skip }, async () => {
    const errors: string[] = [];
    const winning = rankingsMessage(complementView(), (f) =>
        path.relative('/work-space', f),
    ) as Rankings;
    const advice = winning.accuracy![0].libra.advice!;
    assert.equal(advice.beats, true);
    const page = await openPage(errors, winning);
    const libra = await page.locator('section.libra').innerText();
    assert.ok(libra.includes(advice.text));
    assert.ok(libra.includes(advice.combined!.toFixed(3)));
    assert.ok(libra.includes(advice.bestSingle.spearman!.toFixed(3)));
    await page.getByRole('button', { name: 'Use this combination' }).click();
    const posted = await page.evaluate(
        () => (window as unknown as { __posted: unknown[] }).__posted,
    );
    assert.deepEqual(posted.at(-1), { type: 'useLibra', column: 'cifar10' });
    await page.screenshot({ path: '/tmp/lswag-rankings-libra.png', fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
});

test('headersSortWithEnterAndSpaceAndSayHow', { skip }, async () => {
    const errors: string[] = [];
    const page = await openPage(errors, message);
    const nameHeader = page.locator('table.rankings th').nth(1);
    await nameHeader.locator('button').focus();
    await page.keyboard.press('Enter');
    const sorted = message.rows.map((r) => r.name).sort();
    assert.deepEqual(await names(page), sorted);
    assert.equal(
        await page.locator('table.rankings th').nth(1).getAttribute('aria-sort'),
        'ascending',
    );
    assert.equal(
        await page.evaluate(() => document.activeElement?.textContent),
        'Name \u25B2',
        'focus stays on the header after re-rendering',
    );
    await page.keyboard.press('Space');
    assert.deepEqual(await names(page), [...sorted].reverse());
    assert.equal(
        await page.locator('table.rankings th').nth(1).getAttribute('aria-sort'),
        'descending',
    );
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Source');
    assert.deepEqual(errors, []);
    await page.close();
});

test('aCombinationBecomesTheLibraColumnAndThemesRedrawTheCharts', { skip }, async () => {
    const errors: string[] = [];
    const picks = message.accuracy![0].libra.picks.map((p) => p.proxy);
    const withColumn = rankingsMessage(
        labelledView(),
        (f) => path.relative('/work-space', f),
        undefined,
        {
            calibration: message.calibration,
            combined: { picks, origin: 'preset nb201-cifar10' },
        },
    ) as Rankings;
    const page = await openPage(errors, withColumn);
    const headers = await page.$$eval('table.rankings th', (ths) => ths.map((t) => t.textContent));
    assert.equal(headers.at(-1), 'LIBRA');
    const title = await page
        .locator('table.rankings th')
        .last()
        .locator('button')
        .getAttribute('title');
    assert.match(title!, new RegExp(`${picks.join(' \\+ ')} \\(preset nb201-cifar10\\)`));
    // The column shows ranks 1..n under the combination, not sums of log ranks.
    const cells = await page.$$eval('table.rankings tbody tr', (trs) =>
        trs.map((tr) => tr.lastElementChild?.textContent ?? ''),
    );
    assert.deepEqual(
        cells.map(Number).sort((a, b) => a - b),
        withColumn.rows.map((_, i) => i + 1),
    );

    const pixels = () => page.$$eval('canvas', (cs) => cs.map((c) => c.toDataURL()).join('|'));
    await applyTheme(page, LIGHT);
    await page.waitForTimeout(100);
    const light = await pixels();
    await page.screenshot({ path: '/tmp/lswag-rankings-light.png', fullPage: true });
    await applyTheme(page, DARK);
    await page.waitForTimeout(100);
    const dark = await pixels();
    await page.screenshot({ path: '/tmp/lswag-rankings-dark.png', fullPage: true });
    assert.notEqual(light, dark, 'a theme change redraws the charts in the new colours');
    assert.deepEqual(errors, []);
    await page.close();
});

test('theDropdownsSwitchTheScatterProxyAndTheAccuracyColumnByKeyboard', { skip }, async () => {
    const errors: string[] = [];
    const page = await openPage(errors, message);
    const scatterLabel = () =>
        page.$$eval('section.accuracy canvas', (cs) => cs.map((c) => c.getAttribute('aria-label')));
    assert.deepEqual(await scatterLabel(), ['lswag versus cifar10, one point per architecture']);
    await page.locator('vscode-dropdown[aria-label="Proxy"]').focus();
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await scatterLabel(), ['zico versus cifar10, one point per architecture']);
    assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
        'Proxy',
        'focus returns to the rebuilt dropdown',
    );
    await page.locator('vscode-dropdown[aria-label="Accuracy"]').focus();
    await page.keyboard.press('ArrowDown');
    const head = await page.locator('section.accuracy h2').innerText();
    assert.equal(head, 'Known accuracies: cifar100 (7 architectures)');
    const libra = await page.locator('section.libra').innerText();
    assert.match(libra, /LIBRA-NAS suggestion for cifar100/);
    assert.match(
        libra,
        /Only one candidate with rho in .*: no z3/,
        'the empty-z3 edge case is explained',
    );
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, {
        sort: { column: 'rank', direction: 'ascending' },
        column: 'cifar100',
        scatterProxy: 'zico',
    });
    assert.deepEqual(errors, []);
    await page.close();
});

test('anEmptyViewShowsWhatToDoAndNoCharts', { skip }, async () => {
    const errors: string[] = [];
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(STUB_VSCODE_API);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() =>
        (window as unknown as { __posted: { type: string }[] }).__posted.some(
            (p) => p.type === 'ready',
        ),
    );
    await page.evaluate(
        (msg) => window.postMessage(msg, '*'),
        rankingsMessage(undefined, (f) => f),
    );
    await page.waitForFunction(
        () => document.querySelector('h2.heading')?.textContent !== 'Loading...',
    );
    assert.match(
        await page.locator('h2.heading').innerText(),
        /No scores yet: run "L-SWAG: Score Architecture"/,
    );
    assert.equal(await page.locator('p.empty').isVisible(), true);
    assert.equal(await page.locator('table.rankings').isVisible(), false);
    assert.equal(await page.locator('canvas').count(), 0);
    assert.equal(await page.locator('section.accuracy').isVisible(), false);
    assert.deepEqual(errors, []);
    await page.close();
});
