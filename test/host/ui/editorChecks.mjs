// UI checks in the editor (issue 21): the hover on a scored definition (scores, rank within its
// group, input shape, data), and each quick fix in the light-bulb menu (Ctrl+.): "did you mean" for
// a misspelt layer type, "Add '# lswag: input=...'", "Inline constant" and "Score ... by tracing with
// Python". Each menu is pictured; each fix is applied from the menu and its result checked: the
// file's text after an edit (saved, read from disk), the traced definition's scored lens.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../../../scripts/host/codeServer.mjs';
import { clearNotifications, quickOpen, runCommand } from './workbench.mjs';

const LAYER_TYPO = `family: layers
input: [3, 16, 16]
classes: 10
candidates:
  - name: typo-net
    layers:
      - {type: conv, out: 8, kernel: 3, padding: 1}
      - relu
      - globalavgpool
      - flatten
      - {type: linaer, out: 10}
`;

const NO_SHAPE_PY = `import torch
import torch.nn as nn


class Probe(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(3072, 10))

    def forward(self, x):
        return x.flatten(1) @ self.weight
`;

const VARIABLE_PY = `import torch.nn as nn

hidden = 64
net = nn.Sequential(
    nn.Conv2d(3, hidden, 3),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(64, 10),
)
`;

// Why torch.roll: static reading does not know it, so only tracing can build this model.
const TRACED_PY = `import torch
import torch.nn as nn


class Shifted(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.roll(self.conv(x).relu(), shifts=1, dims=2)
        return self.head(x.mean((2, 3)))
`;

async function until(what, probe, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await probe();
        if (v !== undefined) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(500);
    }
}

/** Moves the cursor to `line:column` (1-based) with Go to Line. */
async function goTo(page, line, column) {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
}

/** Opens the light-bulb menu at `line:column` and returns its rows' texts once `title` is offered. */
async function lightBulb(page, file, line, column, title) {
    await quickOpen(page, file);
    await page
        .locator(
            '.monaco-editor .squiggly-error, .monaco-editor .squiggly-info, .monaco-editor .squiggly-warning',
        )
        .first()
        .waitFor({ timeout: 60_000 });
    const deadline = Date.now() + 60_000;
    for (;;) {
        await goTo(page, line, column);
        await page.keyboard.press('Control+.');
        const row = page.locator('.action-widget .monaco-list-row').filter({ hasText: title });
        if (
            await row
                .first()
                .waitFor({ timeout: 5000 })
                .then(
                    () => true,
                    () => false,
                )
        )
            return {
                row: row.first(),
                texts: await page.locator('.action-widget .monaco-list-row').allTextContents(),
            };
        await page.keyboard.press('Escape');
        if (Date.now() > deadline)
            throw new Error(`no quick fix '${title}' at ${file}:${line}:${column}`);
        await sleep(1000);
    }
}

/**
 * Applies a row of the light-bulb menu with the keyboard, as a person does (the menu's rows do not
 * settle for a pointer click under Playwright): down to the row, then Enter.
 */
async function apply(page, row) {
    for (let i = 0; i < 10; i++) {
        if (((await row.getAttribute('class')) ?? '').split(' ').includes('focused')) {
            await page.keyboard.press('Enter');
            return;
        }
        await page.keyboard.press('ArrowDown');
        await sleep(100);
    }
    throw new Error(`could not focus the menu row ${await row.textContent()}`);
}

/** Applies the menu row, saves, and returns the file's text on disk once the save reached it. */
async function applyAndSave(page, row, file) {
    const before = readFileSync(file, 'utf8');
    await apply(page, row);
    await sleep(500);
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 15_000;
    for (;;) {
        const text = readFileSync(file, 'utf8');
        if (text !== before) return text;
        if (Date.now() > deadline)
            throw new Error(`${path.basename(file)} was not changed on disk`);
        await sleep(200);
    }
}

export function editorChecks({ workspace, shot }) {
    const dir = path.join(workspace, 'fixes');
    const write = (name, text) => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
    };
    const editorShot = async (page, name) => {
        await sleep(400);
        await shot(page, name, { clip: { x: 0, y: 0, width: 1280, height: 560 } });
    };
    return [
        {
            name: 'hover on a scored definition shows its scores, rank, group and input (screenshot)',
            run: async (page) => {
                await runCommand(page, 'View: Close All Editors').catch(() => undefined);
                await runCommand(page, 'View: Close Primary Side Bar', 5000).catch(() => undefined);
                // Why: the Problems panel (opened by the check before) would leave the hover no room.
                await runCommand(page, 'View: Hide Panel', 5000).catch(() => undefined);
                await clearNotifications(page);
                await quickOpen(page, 'cells.arch.yaml');
                // Why the last candidate: its hover opens above it with room for the whole table.
                const line = readFileSync(path.join(workspace, 'cells.arch.yaml'), 'utf8')
                    .split('\n')
                    .findIndex((l) => l.includes('name: pooling'));
                const hover = page
                    .locator('.monaco-hover:not(.hidden)')
                    .filter({ hasText: 'rank' });
                // Show Hover (Ctrl+K Ctrl+I) at the name, as a keyboard user does.
                await until('the hover with a rank on pooling', async () => {
                    await goTo(page, line + 1, 13);
                    await page.keyboard.press('Control+K');
                    await page.keyboard.press('Control+I');
                    return await hover
                        .first()
                        .waitFor({ timeout: 3000 })
                        .then(
                            () => true,
                            () => undefined,
                        );
                });
                const text = (await hover.first().innerText()).replace(/\s+/g, ' ');
                assert.match(text, /pooling \(nb201\)/, text);
                assert.match(text, /rank \d+\/\d+ by lswag in NB201 3x32x32 \/ 10 classes/, text);
                assert.match(text, /Input 3x32x32/, text);
                assert.match(text, /Data: synthetic/, text);
                assert.match(text, /synflow/, text);
                await editorShot(page, 'hover');
                await page.mouse.move(0, 0);
            },
        },
        {
            name: 'quick fix "did you mean" for a misspelt layer type (screenshot)',
            run: async (page) => {
                const file = write('typo-layer.arch.yaml', LAYER_TYPO);
                const { row, texts } = await lightBulb(
                    page,
                    'typo-layer.arch.yaml',
                    11,
                    17,
                    "Change 'linaer' to 'linear'",
                );
                assert.ok(texts.length >= 1, texts.join(' | '));
                await editorShot(page, 'quickfix-did-you-mean');
                const text = await applyAndSave(page, row, file);
                assert.match(text, /- \{type: linear, out: 10\}/);
                assert.doesNotMatch(text, /linaer/);
            },
        },
        {
            name: 'quick fix "Add # lswag: input=..." (screenshot)',
            run: async (page) => {
                const file = write('noshape.py', NO_SHAPE_PY);
                const { row, texts } = await lightBulb(
                    page,
                    'noshape.py',
                    5,
                    8,
                    "Add '# lswag: input=3x32x32'",
                );
                assert.ok(
                    texts.some((t) => t.includes("Add '# lswag: input=3x224x224'")),
                    texts.join(' | '),
                );
                await editorShot(page, 'quickfix-input-comment');
                const text = await applyAndSave(page, row, file);
                assert.match(text, /\n# lswag: input=3x32x32\nclass Probe/);
            },
        },
        {
            name: 'quick fix "Inline constant" (screenshot)',
            run: async (page) => {
                const file = write('variable.py', VARIABLE_PY);
                const { row } = await lightBulb(
                    page,
                    'variable.py',
                    5,
                    19,
                    'Inline constant hidden = 64',
                );
                await editorShot(page, 'quickfix-inline-constant');
                const text = await applyAndSave(page, row, file);
                assert.match(text, /nn\.Conv2d\(3, 64, 3\)/);
            },
        },
        {
            name: 'quick fix "Score by tracing with Python" (screenshot)',
            run: async (page) => {
                write('traced.py', TRACED_PY);
                const { row } = await lightBulb(
                    page,
                    'traced.py',
                    5,
                    8,
                    'Score Shifted by tracing with Python',
                );
                await editorShot(page, 'quickfix-trace');
                await apply(page, row);
                const lens = page
                    .locator('.monaco-editor .codelens-decoration a')
                    .filter({ hasText: /^L-SWAG \d\S* \u00b7 / });
                await lens.first().waitFor({ timeout: 240_000 });
                await clearNotifications(page);
            },
        },
    ];
}
