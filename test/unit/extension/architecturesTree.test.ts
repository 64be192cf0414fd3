// The Architecture Rankings tree and the panel that follows the lenses, with the vscode mock and a fake
// engine: groups by comparable group, sorts by a picked proxy, opens definitions, marks stale scores,
// and the open rankings panel shows a rescore without being reopened.
import { mock, mockDocument, mockExtensionContext, resetMock, workspace, Uri } from './vscodeMock';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { afterEach } from 'node:test';
import type { ArchitecturesTree } from '../../../src/extension/architecturesTree';
import { commandFactories } from '../../../src/extension/commands';
import { Ctx } from '../../../src/extension/ctx';
import type { HostToWebviewMessage } from '../../../src/protocol/webview';
import { fakeEngine } from './fakeEngine';
import * as fx from './fixtures';

let ctx: Ctx | undefined;
afterEach(() => {
    ctx?.dispose();
    ctx = undefined;
    resetMock();
});

async function scored(values: Record<string, number>) {
    const presetDir = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-'));
    ctx = new Ctx(mockExtensionContext() as never, {
        createEngine: fakeEngine(values).factory,
        diagnosticsDelayMs: 1,
        presetDir,
    });
    const yaml = mockDocument('/w/a.arch.yaml', fx.ARCH_YAML);
    const json = mockDocument('/w/b.arch.json', fx.ARCH_JSON);
    mock.documents.push(yaml, json);
    for (const d of [yaml, json])
        await commandFactories['lswag.scoreArchitecture'](ctx)(d.uri as never);
    const tree = mock.treeProviders.get('lswag.architectures') as ArchitecturesTree;
    assert.ok(tree, 'the tree is registered under its view id');
    return { ctx, tree, yaml, json };
}

/** Group label -> its architectures' names in tree order. */
async function shape(tree: ArchitecturesTree): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const g of await tree.getChildren()) {
        if (g.kind !== 'group') continue;
        const kids = await tree.getChildren(g);
        out[g.label] = kids.map((k) => (k.kind === 'architecture' ? k.score.name : '?'));
    }
    return out;
}

const architecture = async (tree: ArchitecturesTree, name: string) => {
    for (const g of await tree.getChildren())
        for (const a of await tree.getChildren(g))
            if (a.kind === 'architecture' && a.score.name === name) return a;
    throw new Error(`${name} is not in the tree`);
};

test('theTreeGroupsScoresByComparableGroupBestFirst', async () => {
    const { tree } = await scored({ a: 2, b: 7, c: 5, mlp: 1, wide: 3 });
    assert.deepEqual(await shape(tree), {
        'NB201 3x32x32 / 10 classes': ['b', 'a'],
        'layer list 4 / 3 classes': ['wide', 'mlp'],
        'ONNX input from the model / classes from the model': ['c'],
    });
    const [nb201, , onnx] = await tree.getChildren();
    assert.equal(tree.getTreeItem(nb201).description, '2 architectures');
    assert.equal(tree.getTreeItem(onnx).description, 'only one in its group');
    const b = tree.getTreeItem(await architecture(tree, 'b'));
    assert.equal(b.label, 'b');
    assert.equal(b.description, 'L-SWAG 7 \u00b7 1/2 \u00b7 a.arch.yaml');
});

test('clickingAnArchitectureOpensItsDefinitionAtItsLine', async () => {
    const { tree } = await scored({ a: 2, b: 7, c: 5, mlp: 1, wide: 3 });
    const item = tree.getTreeItem(await architecture(tree, 'wide'));
    assert.equal(item.command?.command, 'vscode.open');
    const [uri, how] = item.command!.arguments as [Uri, { selection: { start: { line: number } } }];
    assert.equal(uri.fsPath, '/w/b.arch.json');
    assert.equal(how.selection.start.line, fx.ARCH_JSON_LINES.wide);
});

test('sortingByAnotherProxyReordersEachGroup', async () => {
    const { tree, ctx } = await scored({ a: 2, b: 7, c: 5, mlp: 1, wide: 3 });
    // The fake engine gives every architecture 1000 params: ties keep the order they were scored in.
    mock.quickPickAnswers.push({ label: 'params', proxy: 'params' });
    await commandFactories['lswag.sortArchitectures'](ctx)();
    assert.equal(tree.sortBy, 'params');
    assert.deepEqual((await shape(tree))['NB201 3x32x32 / 10 classes'], ['a', 'b']);
    assert.match(
        tree.getTreeItem(await architecture(tree, 'a')).description as string,
        /^Parameters 1,000 /,
    );
});

test('anEditedCandidateIsListedStaleAndRescoringReplacesIt', async () => {
    const { tree, json } = await scored({ a: 2, b: 7, c: 5, mlp: 1, wide: 3 });
    json.setText(fx.ARCH_JSON.replace('"out": 8', '"out": 16'));
    const mlp = await architecture(tree, 'mlp');
    assert.equal(mlp.isStale, true);
    assert.equal((await architecture(tree, 'wide')).isStale, false, 'its sibling is unchanged');
    assert.match(tree.getTreeItem(mlp).description as string, /\(stale\)/);
});

test('theOpenPanelFollowsARescoreWithoutBeingReopened', async () => {
    workspace.workspaceFolders = [{ uri: Uri.file('/w') }];
    const engineValues = { a: 2, b: 7, c: 5, mlp: 1, wide: 3 };
    const { ctx, json } = await scored(engineValues);
    await commandFactories['lswag.openRankings'](ctx)();
    const panel = mock.panels[0];
    panel.receive({ type: 'ready' });
    await new Promise((r) => setImmediate(r));
    await ctx.rankings.posted;
    const rows = () => {
        const m = panel.posted.at(-1) as Extract<HostToWebviewMessage, { type: 'rankings' }>;
        return Object.fromEntries(m.rows.map((r) => [r.name, r.scores.lswag]));
    };
    assert.deepEqual(rows(), { a: 2, b: 7, c: 5, mlp: 1, wide: 3 });
    // The candidate changes and is scored again (as rescore on save does): a new value arrives.
    engineValues.mlp = 9;
    json.setText(fx.ARCH_JSON.replace('"out": 8', '"out": 16'));
    await commandFactories['lswag.scoreArchitecture'](ctx)(json.uri as never, 'mlp' as never);
    await new Promise((r) => setImmediate(r));
    await ctx.rankings.posted;
    assert.deepEqual(
        rows(),
        { a: 2, b: 7, c: 5, mlp: 9, wide: 3 },
        'every row is kept, mlp updated',
    );
    assert.equal(mock.panels.length, 1);
});

test('theTreeRefreshesWhenAScoreArrivesButNotForEditsOfOtherFiles', async () => {
    const { tree, ctx, json } = await scored({ a: 2, b: 7, c: 5, mlp: 1, wide: 3 });
    await tree.getChildren(); // Why: the tree learns which files it lists when VS Code asks it.
    let fired = 0;
    tree.onDidChangeTreeData(() => fired++);
    mock.onChange.fire({ document: mockDocument('/w/elsewhere.md', 'x') } as never);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(fired, 0, 'an edit of a file the tree does not list');
    await commandFactories['lswag.scoreArchitecture'](ctx)(json.uri as never, 'mlp' as never);
    assert.ok(fired > 0, 'a score arrived');
    const before = fired;
    mock.onChange.fire({ document: json } as never);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(fired, before + 1, 'an edit of a listed file refreshes once typing pauses');
});
