// The rankings page's layout in real headless Chromium under the production CSP: the selected point
// of the params scatter lies inside the plot area (by the chart's own geometry, light and dark), the
// agreement heatmap of every proxy has no horizontal overflow, a constant column gets its note and
// the calibration chart its explanation. Pictures go to /tmp/lswag-rankings-layout-<theme>.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
import { labelledView } from '../../unit/extension/rankingsFixture';
import { DARK, LIGHT, type Theme } from './themes';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(__dirname, '../../..');
const bundle = path.join(root, 'dist', 'rankings.js');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)`;

type Rankings = Extract<HostToWebviewMessage, { type: 'rankings' }>;

/** Proxies besides the fixture's: a wide heatmap, and swap saturated (the same count everywhere). */
const EXTRA = ['snip', 'grasp', 'fisher', 'jacov', 'gradNorm', 'l2Norm', 'plain', 'swap'];

let server: http.Server;
let origin = '';
let browser: Browser;
let message: Rankings;

before(async () => {
    if (skip) return;
    // Why always: the check is of the page's current source, so a stale bundle must not pass it.
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
        cwd: root,
        encoding: 'utf8',
    });
    assert.equal(built.status, 0, `build failed: ${built.stderr}`);
    process.env.LSWAG_HOME = mkdtempSync(path.join(os.tmpdir(), 'lswag-home-'));
    const base = labelledView(30, 11);
    const view = {
        ...base,
        proxies: [...base.proxies, ...EXTRA],
        rows: base.rows.map((r, i) => ({
            ...r,
            result: {
                ...r.result,
                scores: {
                    ...r.result.scores,
                    ...Object.fromEntries(EXTRA.map((p, k) => [p, Math.sin(i * (k + 2)) * 10])),
                    swap: 64,
                },
            },
        })),
    };
    const calibration = await loadSpaceProfile(
        viewSpace(view) as SpaceId,
        path.join(os.tmpdir(), 'lswag-none'),
    );
    // Why the largest network: the extreme point of the log axis is where the defect showed.
    const largest = [...view.rows].sort((a, b) => b.result.params! - a.result.params!)[0];
    const plain = rankingsMessage(view, (f) => path.relative('/work-space', f)) as Rankings;
    const selected = plain.rows.find((r) => r.name === largest.result.name)!.key;
    message = rankingsMessage(view, (f) => path.relative('/work-space', f), selected, {
        calibration,
    }) as Rankings;
    let html = '';
    server = http.createServer((req, res) => {
        if (req.url === '/rankings.js') {
            res.writeHead(200, { 'content-type': 'text/javascript' });
            res.end(readFileSync(bundle));
        } else if (req.url === '/') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(html);
        } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    html = webviewHtml({
        webview: { cspSource: origin },
        scriptUri: `${origin}/rankings.js`,
        nonce: 'bGF5b3V0bm9uY2UxMjM0NQ==',
        title: 'L-SWAG Rankings',
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
});

after(async () => {
    await browser?.close();
    server?.close();
});

const STUB_VSCODE_API = `
    window.acquireVsCodeApi = function () {
        return { postMessage: function () {}, getState: function () {}, setState: function () {} };
    };
`;

async function openPage(theme: Theme, errors: string[]): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (c) => c.type() === 'error' && errors.push(c.text()));
    await page.addInitScript(STUB_VSCODE_API);
    await page.goto(`${origin}/`);
    await page.evaluate((t) => {
        for (const [k, v] of Object.entries(t.variables)) document.body.style.setProperty(k, v);
        document.body.className = t.bodyClass;
    }, theme);
    await page.evaluate((m) => window.postMessage(m, '*'), message);
    await page.waitForSelector('table.rankings tbody tr');
    return page;
}

for (const [name, theme] of [
    ['light', LIGHT],
    ['dark', DARK],
] as const) {
    test(`theSelectedPointAndTheHeatmapStayInsideTheirBoxes_${name}`, { skip }, async () => {
        const errors: string[] = [];
        const page = await openPage(theme, errors);
        const canvases = page.locator('canvas[data-selected-point]');
        await page
            .locator('canvas[aria-label*="versus parameters"][data-selected-point]')
            .waitFor();
        const drawn = await canvases.evaluateAll((cs) =>
            cs.map((c) => ({
                label: c.getAttribute('aria-label'),
                area: c.dataset.plotArea!.split(',').map(Number),
                point: c.dataset.selectedPoint!.split(',').map(Number),
            })),
        );
        assert.ok(drawn.length >= 1, 'the params scatter holds the selected point');
        for (const { label, area, point } of drawn) {
            const [left, top, right, bottom] = area;
            const [x, y, r] = point;
            assert.ok(r >= 5, `${label}: the selected point is drawn large (${r})`);
            assert.ok(
                x - r >= left && x + r <= right && y - r >= top && y + r <= bottom,
                `${label}: point (${x}, ${y}) r ${r} inside [${left}, ${right}] x [${top}, ${bottom}]`,
            );
        }

        const body = page.locator('figure:has(table.heatmap) .card-body');
        const [scroll, client] = await body.evaluate((b) => [b.scrollWidth, b.clientWidth]);
        assert.ok(scroll <= client, `heatmap ${scroll} px in a ${client} px card`);
        const columns = await page.locator('table.heatmap thead th').count();
        assert.equal(columns, message.agreement!.proxies.length + 1);

        const note = await page.locator('[data-testid=constant-note]').innerText();
        assert.match(note, /SWAP is 64 for all 30 scored architectures/);
        assert.match(note, /orders nothing/);
        const swapCell = page.locator('table.heatmap tbody tr', { hasText: 'swap' }).locator('td');
        assert.match(
            (await swapCell.first().getAttribute('title')) ?? '',
            /swap is the same for every architecture/,
        );
        const caption = await page.locator(
            'figure:has(canvas[aria-label*="depth bin"]) figcaption',
        );
        assert.match(
            await caption.innerText(),
            /Each bar is a depth bin .* L-SWAG sums every layer/,
        );

        await page.screenshot({ path: `/tmp/lswag-rankings-layout-${name}.png`, fullPage: true });
        assert.deepEqual(errors, [], 'no console errors and no CSP violations');
        await page.close();
    });
}
