// UI checks of the rankings panel's layout in the workbench: a lens click opens the panel with its
// architecture selected, whose point lies inside the params scatter's plot area (by the chart's own
// geometry), the agreement heatmap has no horizontal overflow, a constant column (swap, saturated at
// the fixture's batch of 8 with 4 sign samples) gets its note, and the calibration chart its words.
import assert from 'node:assert/strict';
import { sleep } from '../../../scripts/host/codeServer.mjs';
import { activeWebview, quickOpen, runCommand } from './workbench.mjs';

/** The selected point and plot area of every scatter that holds the selection. */
async function selectedGeometry(view) {
    return view.locator('canvas[data-selected-point]').evaluateAll((cs) =>
        cs.map((c) => ({
            label: c.getAttribute('aria-label'),
            area: c.dataset.plotArea.split(',').map(Number),
            point: c.dataset.selectedPoint.split(',').map(Number),
        })),
    );
}

export async function rankingsLayout(page, shot) {
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await quickOpen(page, 'cells.arch.yaml');
    const lens = page.locator('.monaco-editor .codelens-decoration a').first();
    await lens.waitFor({ timeout: 60_000 });
    await lens.click();
    const view = activeWebview(page);
    const params = view.locator('canvas[aria-label*="versus parameters"][data-selected-point]');
    await params.waitFor({ timeout: 60_000 });
    const drawn = await selectedGeometry(view);
    assert.ok(drawn.length >= 1, 'the selected architecture is drawn');
    for (const { label, area, point } of drawn) {
        const [left, top, right, bottom] = area;
        const [x, y, r] = point;
        assert.ok(
            x - r >= left && x + r <= right && y - r >= top && y + r <= bottom,
            `${label}: selected point (${x}, ${y}) r ${r} outside [${left}, ${right}] x [${top}, ${bottom}]`,
        );
    }
    const body = view.locator('figure:has(table.heatmap) .card-body');
    const [scroll, client] = await body.evaluate((b) => [b.scrollWidth, b.clientWidth]);
    assert.ok(scroll <= client, `heatmap ${scroll} px wide in a ${client} px card`);
    const note = view.locator('[data-testid=constant-note]');
    await note.waitFor({ timeout: 10_000 });
    assert.match(await note.innerText(), /SWAP is \S+ for all \d+ scored architectures/);
    const caption = view.locator('figure:has(canvas[aria-label*="depth bin"]) figcaption');
    assert.match(await caption.innerText(), /^Each bar is a depth bin/);
    // Why scroll: the panel brings the selected row into view; the picture is of the charts.
    await params.scrollIntoViewIfNeeded();
    await sleep(500);
    await shot(page, 'rankings-selected');
}
