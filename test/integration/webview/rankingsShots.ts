// Screenshots of the rankings panel on a realistic run: NAS-Bench-201 cells with their benchmark
// accuracies, scored by `lswag score --jsonl`, rendered by the real page (dist/rankings.js) under the
// production CSP in headless Chromium, light and dark, into media/screenshots/rankings[-table]-*.png.
// Not a test: run it by hand (docs/rankings-panel.md has the steps):
//   npx tsx test/integration/webview/rankingsShots.ts --cells BENCH.csv OUT.arch.yaml   (the input)
//   npx tsx test/integration/webview/rankingsShots.ts ARCH.arch.yaml SCORES.jsonl [OUT_DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readArchitectureFile } from '../../../src/core/frontends/archFile';
import { type RankingsView, rankingsMessage } from '../../../src/extension/rankingsMessage';
import { loadSpaceProfile } from '../../../src/extension/spaceProfiles';
import { webviewHtml } from '../../../src/extension/webviewHtml';
import type { ScoreResult } from '../../../src/protocol/worker';
import { DARK, LIGHT } from './themes';

const root = path.resolve(__dirname, '../../..');

/**
 * An architecture file of every 10th cell (100 at most) of a NAS-Bench-201 benchmark CSV (columns
 * index, arch, cifar10_test_acc, cifar100_test_acc, ...), with the accuracies as known labels.
 */
function cellsFile(csv: string, out: string): void {
    const [head, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
    const col = (name: string) => head.split(',').indexOf(name);
    const [index, arch, c10, c100] = ['index', 'arch', 'cifar10_test_acc', 'cifar100_test_acc'].map(
        col,
    );
    if ([index, arch, c10, c100].includes(-1))
        throw new Error(`${csv}: not an NB201 benchmark CSV`);
    const picked = lines.filter((_, i) => i % 10 === 0).slice(0, 100);
    const entries = picked.map((line) => {
        const f = line.split(',');
        const acc = (k: number) => Number(f[k]).toFixed(2);
        return `  - name: nb201-${f[index]}\n    cell: "${f[arch]}"\n    accuracy: {cifar10: ${acc(c10)}, cifar100: ${acc(c100)}}\n`;
    });
    const header = `# ${picked.length} NAS-Bench-201 cells with their benchmark test accuracies.\nfamily: nb201\ndataset: cifar10\n\ncandidates:\n`;
    writeFileSync(out, header + entries.join('\n'));
    console.log(`wrote ${picked.length} cells to ${out}`);
}

async function main(): Promise<void> {
    if (process.argv[2] === '--cells') return cellsFile(process.argv[3], process.argv[4]);
    const [archFile, scoresFile, outDir = path.join(root, 'media', 'screenshots')] =
        process.argv.slice(2);
    if (!archFile || !scoresFile)
        throw new Error('usage: rankingsShots.ts ARCH.arch.yaml SCORES.jsonl [OUT_DIR]');
    const specs = new Map(
        readArchitectureFile(readFileSync(archFile, 'utf8'), archFile).specs.map((s) => [
            s.name,
            s,
        ]),
    );
    const results = readFileSync(scoresFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as ScoreResult);
    const shown = 'workspace/bench/nb201-100.arch.yaml';
    const relabel = (r: ScoreResult) => ({ ...r, source: r.source.replace(archFile, shown) });
    const view: RankingsView = {
        heading: `L-SWAG rankings: file run, ${results.length} NAS-Bench-201 cells; data synthetic, B=8, N=2, S=4`,
        proxies: Object.keys(results[0].scores),
        rows: results.map((r) => ({ file: shown, result: relabel(r), spec: specs.get(r.name) })),
    };
    const calibration = await loadSpaceProfile('nb201', path.join(os.tmpdir(), 'lswag-none'));
    const best = [...results].sort((a, b) => (b.scores.lswag ?? 0) - (a.scores.lswag ?? 0))[0];
    const message = rankingsMessage(
        view,
        (f) => f.replace(/^workspace\//, ''),
        `${shown}\n${best.name}`,
        {
            calibration,
        },
    );

    let html = '';
    const server = http.createServer((req, res) => {
        if (req.url === '/rankings.js') {
            res.writeHead(200, { 'content-type': 'text/javascript' });
            res.end(readFileSync(path.join(root, 'dist', 'rankings.js')));
        } else if (req.url === '/') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(html);
        } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    html = webviewHtml({
        webview: { cspSource: origin },
        scriptUri: `${origin}/rankings.js`,
        nonce: 'c2hvdHNub25jZTEyMzQ1Ng==',
        title: 'L-SWAG Rankings',
    });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
        for (const [name, theme] of [
            ['light', LIGHT],
            ['dark', DARK],
        ] as const) {
            const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
            await page.addInitScript(`window.acquireVsCodeApi = function () {
                return { postMessage: function () {}, getState: function () {}, setState: function () {} };
            };`);
            await page.goto(`${origin}/`);
            await page.evaluate((t) => {
                for (const [k, v] of Object.entries(t.variables))
                    document.body.style.setProperty(k, v);
                document.body.className = t.bodyClass;
            }, theme);
            await page.evaluate((m) => window.postMessage(m, '*'), message);
            await page.waitForSelector('table.rankings tbody tr');
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.waitForTimeout(500);
            await page.screenshot({ path: path.join(outDir, `rankings-${name}.png`) });
            await page
                .locator('table.rankings')
                .evaluate((t) => t.scrollIntoView({ block: 'start' }));
            await page.evaluate(() => window.scrollBy(0, -60));
            await page.waitForTimeout(300);
            await page.screenshot({ path: path.join(outDir, `rankings-table-${name}.png`) });
            await page.close();
        }
    } finally {
        await browser.close();
        server.close();
    }
    console.log(`wrote rankings-{light,dark}.png and rankings-table-{light,dark}.png to ${outDir}`);
}

main().catch((e: unknown) => {
    console.error(`rankingsShots: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
});
