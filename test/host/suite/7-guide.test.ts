/// <reference types="mocha" />
// Guidance in the real host: the walkthrough and the "What can be scored?" page open, a file where
// nothing is found says why, a scored definition's hover shows its scores, each quick fix edits the
// file so that the definition is found, a misspelt top-level key is one error, and a score ends
// with one message. Files are written outside the fixture workspace (workspace ranks unchanged).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import {
    activatedApi,
    extension,
    lineOf,
    resolvedLenses,
    scoreWorkspaceOnce,
    waitFor,
    workspaceFile,
} from './hostFixture';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-guide-'));

function writeFile(name: string, text: string): vscode.Uri {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return vscode.Uri.file(file);
}

const CELL = '"|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"';
const TYPO_YAML = `famly: nb201\ncandidates:\n${Array.from(
    { length: 10 },
    (_, i) => `  - name: c${i}\n    cell: ${CELL}\n`,
).join('')}`;

const BLOCK_ONLY_PY = `import torch.nn as nn


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1)

    def forward(self, x):
        return self.conv(x)
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

const NO_SHAPE_PY = `import torch
import torch.nn as nn


class Probe(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(3072, 10))

    def forward(self, x):
        return x.flatten(1) @ self.weight
`;

/** The lswag diagnostics of `uri` once `accept` holds for them. */
function ourDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean) {
    return waitFor(`lswag diagnostics of ${path.basename(uri.fsPath)}`, () => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lswag');
        return found.length > 0 && accept(found) ? found : undefined;
    });
}

/** Opens `uri`, asks for the quick fixes at `d`, applies the one titled `title`. */
async function applyFix(uri: vscode.Uri, d: vscode.Diagnostic, title: string | RegExp) {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        d.range,
        vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const action = actions.find((a) =>
        typeof title === 'string' ? a.title === title : title.test(a.title),
    );
    assert.ok(action?.edit, `no fix ${String(title)} among ${JSON.stringify(titles)}`);
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    return titles;
}

async function lensNames(uri: vscode.Uri, count: number): Promise<vscode.CodeLens[]> {
    return waitFor(`${count} lens(es) in ${path.basename(uri.fsPath)}`, async () => {
        const lenses = await resolvedLenses(uri);
        return lenses.length === count ? lenses : undefined;
    });
}

async function open(uri: vscode.Uri): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    return document;
}

const tabLabels = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));

suite('guide', () => {
    test('theWalkthroughIsContributedWithItsPagesAndOpens', async () => {
        await activatedApi();
        const ext = extension();
        const [walkthrough] = ext.packageJSON.contributes.walkthroughs;
        assert.equal(walkthrough.id, 'lswag.gettingStarted');
        assert.deepEqual(
            walkthrough.steps.map((s: { id: string }) => s.id),
            ['scoreExamples', 'openRankings', 'calibrate', 'runSearch', 'scorePytorch'],
        );
        for (const step of walkthrough.steps) {
            const page = vscode.Uri.joinPath(ext.extensionUri, step.media.markdown);
            const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(page));
            assert.match(text, /^# /, `${step.media.markdown} is a Markdown page`);
            assert.match(step.description, /\]\(command:lswag\./, `${step.id} has a command link`);
        }
        await vscode.commands.executeCommand('lswag.openWalkthrough');
        // Why the active tab: an open Welcome page is reused, so the tab count may not grow.
        const label = await waitFor('the walkthrough tab', () => {
            const active = vscode.window.tabGroups.activeTabGroup.activeTab?.label;
            return active && /Welcome|Walkthrough|Get Started|L-SWAG/i.test(active)
                ? active
                : undefined;
        });
        assert.ok(label, JSON.stringify(tabLabels()));
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('whatCanBeScoredOpensTheBundledPageInThePreview', async () => {
        await activatedApi();
        await vscode.commands.executeCommand('lswag.showWhatCanBeScored');
        const labels = await waitFor('the preview tab', () =>
            tabLabels().some((l) => /what-can-be-scored/.test(l)) ? tabLabels() : undefined,
        );
        assert.ok(
            labels.some((l) => /Preview/.test(l)),
            JSON.stringify(labels),
        );
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('aFileWhereNothingIsFoundSaysWhyAndLinksThePage', async () => {
        const api = await activatedApi();
        const uri = writeFile('blocks.py', BLOCK_ONLY_PY);
        await open(uri);
        const [d] = await ourDiagnostics(uri, () => true);
        const code = d.code as { value: string; target: vscode.Uri };
        assert.equal(code.value, 'what-can-be-scored');
        assert.equal(code.target.scheme, 'command');
        assert.match(decodeURIComponent(code.target.query), /it-needs-constructor-arguments/);
        await vscode.commands.executeCommand('lswag.scoreArchitecture', uri);
        const notice = api.recentNotices().at(-1) ?? '';
        assert.match(
            notice,
            /no architectures found in blocks\.py: Block needs constructor arguments \(channels\).*line 4.*\[What Can Be Scored\?\]/,
        );
    });

    test('aMisspeltTopLevelKeyIsOneErrorAndItsFixFindsEveryCandidate', async () => {
        await activatedApi();
        const uri = writeFile('typo.arch.yaml', TYPO_YAML);
        const document = await open(uri);
        const diagnostics = await ourDiagnostics(uri, () => true);
        assert.equal(diagnostics.length, 1, diagnostics.map((d) => d.message).join('; '));
        assert.match(diagnostics[0].message, /did you mean 'family'/);
        await applyFix(uri, diagnostics[0], "Change 'famly' to 'family'");
        assert.match(document.getText(), /^family: nb201/);
        await lensNames(uri, 10);
    });

    test('inlineConstantMakesTheSequentialScorable', async () => {
        await activatedApi();
        const uri = writeFile('variable.py', VARIABLE_PY);
        const document = await open(uri);
        const [d] = await ourDiagnostics(uri, (ds) =>
            ds.some((x) => /'hidden' is a variable/.test(x.message)),
        );
        assert.equal(d.range.start.line, lineOf(document, 'nn.Conv2d(3, hidden'));
        await applyFix(uri, d, 'Inline constant hidden = 64');
        assert.match(document.getText(), /nn\.Conv2d\(3, 64, 3\)/);
        const [lens] = await lensNames(uri, 1);
        assert.equal(lens.range.start.line, lineOf(document, 'net = '));
    });

    test('addInputCommentLetsTheModelBuildStatically', async () => {
        await activatedApi();
        const uri = writeFile('noshape.py', NO_SHAPE_PY);
        const document = await open(uri);
        const [d] = await ourDiagnostics(uri, (ds) =>
            ds.some((x) => /cannot tell the input shape/.test(x.message)),
        );
        const titles = await applyFix(uri, d, "Add '# lswag: input=3x32x32'");
        assert.ok(titles.includes("Add '# lswag: input=3x224x224'"), JSON.stringify(titles));
        assert.match(document.getText(), /\n# lswag: input=3x32x32\nclass Probe/);
        // Built statically now: the info about the unknown shape is gone.
        await waitFor('the shape diagnostic to go', () =>
            vscode.languages
                .getDiagnostics(uri)
                .some((x) => /cannot tell the input shape/.test(x.message))
                ? undefined
                : true,
        );
    });

    test('aScoredDefinitionsHoverShowsItsScoresRankInputAndData', async () => {
        await activatedApi();
        await scoreWorkspaceOnce();
        const uri = workspaceFile('cells.arch.yaml');
        const document = await open(uri);
        const at = new vscode.Position(lineOf(document, 'name: mixed'), 6);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            uri,
            at,
        );
        const text = hovers
            .flatMap((h) => h.contents)
            .map((c) => (typeof c === 'string' ? c : c.value))
            .join('\n');
        assert.match(text, /\*\*mixed\*\* \(nb201\)/);
        assert.match(text, /Input 3x32x32/);
        assert.match(text, /Data: synthetic/);
        assert.match(text, /rank \d+\/\d+ by lswag in NB201 3x32x32 \/ 10 classes/);
        assert.match(text, /\| synflow \| -?\d/);
    });

    test('scoringOneDefinitionEndsWithOneMessageAndOpenRankings', async () => {
        const api = await activatedApi();
        // Why a file of its own: scoring a fixture file again would change the workspace run's ranks.
        const uri = writeFile(
            'one.arch.yaml',
            `family: nb201\ncandidates:\n  - name: solo\n    cell: ${CELL}\n`,
        );
        const before = api.recentNotices().length;
        await vscode.commands.executeCommand('lswag.scoreArchitecture', uri, 'solo');
        const after = api.recentNotices().slice(before);
        assert.equal(after.length, 1, JSON.stringify(after));
        assert.match(
            after[0],
            /^L-SWAG: scored solo in one\.arch\.yaml: lswag .*\[Open Rankings\]$/,
        );
    });
});
