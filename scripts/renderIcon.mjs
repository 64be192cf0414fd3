// Renders media/icon.svg to media/icon.png (256x256, transparent corners) with the Chromium that the
// UI checks use: vsce wants a PNG icon, and the SVG stays the one source. Run after editing the SVG.
// Usage: node scripts/renderIcon.mjs
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './host/browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 256;

const svg = readFileSync(path.join(root, 'media/icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${src}" width="${SIZE}" height="${SIZE}"></body></html>`,
    );
    await page.locator('img').screenshot({
        path: path.join(root, 'media/icon.png'),
        omitBackground: true,
    });
    console.log(`renderIcon: wrote media/icon.png (${SIZE}x${SIZE})`);
} finally {
    await browser.close();
}
