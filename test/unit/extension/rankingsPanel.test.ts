// The rankings panel with the vscode mock: one panel, rankings posted on ready and after a new run,
// sources opened only inside the workspace folders, malformed messages ignored, CSV/JSON export.
import { Uri, mock, mockExtensionContext, resetMock, workspace } from './vscodeMock';
import assert from 'node:assert/strict';
import path from 'node:path';
import test, { afterEach } from 'node:test';
import {
    RankingsPanel,
    type RankingsView,
    isInsideFolders,
    parseSource,
    rowKey,
} from '../../../src/extension/rankingsPanel';
import type { HostToWebviewMessage } from '../../../src/protocol/webview';
import type { ScoreResult } from '../../../src/protocol/worker';

const root = path.resolve('/work-space');
const file = path.join(root, 'models', 'a.arch.yaml');

const result = (name: string, lswag: number | null, line: number): ScoreResult => ({
    name,
    source: `${file}:${line}`,
    family: 'nb201',
    params: 1000,
    flops: 2000,
    scores: { lswag, params: 1000 },
    errors: [],
    device: 'cpu',
    seconds: 0.1,
});

const view = (heading: string, ...results: ScoreResult[]): RankingsView => ({
    heading,
    proxies: ['params', 'lswag'],
    rows: results.map((r) => ({ file, result: r })),
});

let panel: RankingsPanel | undefined;
const logged: string[] = [];
afterEach(() => {
    panel?.dispose();
    panel = undefined;
    logged.length = 0;
    resetMock();
});

function setUp(lastRun: () => RankingsView | undefined) {
    workspace.workspaceFolders = [{ uri: Uri.file(root) }];
    const distDir = path.join(mockExtensionContext().extensionPath, 'dist');
    panel = new RankingsPanel({
        distDir,
        source: { lastRun, fileView: () => Promise.resolve(undefined) },
        log: (m) => logged.push(m),
    });
    return { panel, distDir };
}

const lastRankings = (i = 0) =>
    mock.panels[i].posted.at(-1) as Extract<HostToWebviewMessage, { type: 'rankings' }>;

test('readyPostsTheRankingsWithTheSelectedRow', async () => {
    const run = view('run 1', result('a', 3, 2), result('b', 5, 9));
    const { panel, distDir } = setUp(() => run);
    await panel.open({ file, name: 'b' });
    const p = mock.panels[0];
    assert.equal(p.posted.length, 0, 'nothing is posted before the page is ready');
    assert.deepEqual(p.options, { enableScripts: true, localResourceRoots: [Uri.file(distDir)] });
    assert.match(p.webview.html, /<script nonce="[^"]+" src="https:\/\/mock\.vscode-cdn\.net[^"]*\/dist\/rankings\.js">/);

    p.receive({ type: 'ready' });
    const m = lastRankings();
    assert.equal(m.heading, 'run 1');
    assert.deepEqual(m.proxies, ['lswag']);
    assert.equal(m.rankBy, 'lswag');
    assert.deepEqual(m.rows.map((r) => [r.name, r.label]), [['a', 'a.arch.yaml:2'], ['b', 'a.arch.yaml:9']]);
    assert.equal(m.selected, rowKey(file, 'b'));
});

test('aSecondOpenRevealsTheSamePanelAndANewRunIsPosted', async () => {
    let run = view('run 1', result('a', 3, 2));
    const { panel } = setUp(() => run);
    await panel.open();
    mock.panels[0].receive({ type: 'ready' });
    await panel.open();
    assert.equal(mock.panels.length, 1);
    assert.equal(mock.panels[0].revealed, 1);
    const posted = mock.panels[0].posted.length;
    panel.runFinished();
    assert.equal(mock.panels[0].posted.length, posted, 'the same run is not posted again');
    run = view('run 2', result('c', 1, 4));
    panel.runFinished();
    assert.equal(lastRankings().heading, 'run 2');

    mock.panels[0].dispose();
    await panel.open();
    assert.equal(mock.panels.length, 2, 'a closed panel is created anew');
});

test('openSourceOutsideTheWorkspaceIsRefused', async () => {
    const { panel } = setUp(() => undefined);
    await panel.open();
    for (const source of ['/etc/passwd:1', `${root}/../outside.py:3`, 'relative/x.py:2', root]) {
        mock.panels[0].receive({ type: 'openSource', source });
    }
    await new Promise((r) => setImmediate(r));
    assert.equal(mock.shownDocuments.length, 0);
    assert.equal(logged.filter((l) => /outside the workspace folders/.test(l)).length, 4);
    assert.ok(mock.messages.some((m) => m.level === 'warning'));
});

test('openSourceInsideTheWorkspaceOpensTheDocumentAtTheLine', async () => {
    const { panel } = setUp(() => undefined);
    await panel.open();
    mock.panels[0].receive({ type: 'openSource', source: `${file}:12` });
    await new Promise((r) => setImmediate(r));
    assert.equal(mock.shownDocuments.length, 1);
    const shown = mock.shownDocuments[0];
    assert.equal((shown.document as { uri: Uri }).uri.fsPath, file);
    assert.equal(shown.selection?.active.line, 11, '1-based line 12 is editor line 11');
});

test('malformedMessagesAreIgnoredAndLogged', async () => {
    const { panel } = setUp(() => view('r', result('a', 1, 1)));
    await panel.open();
    mock.panels[0].receive({ type: 'openSource', source: 7 });
    mock.panels[0].receive({ type: 'rankings' });
    await new Promise((r) => setImmediate(r));
    assert.equal(mock.panels[0].posted.length, 0);
    assert.equal(mock.shownDocuments.length, 0);
    assert.equal(logged.length, 2);
    assert.match(logged[0], /ignored a message: openSource: source must be/);
});

test('exportWritesCsvAndJsonWhereTheSaveDialogSays', async () => {
    const { panel } = setUp(() => view('r', result('a', 1, 1), result('b,c', 2, 5)));
    await panel.open();
    mock.saveAnswers.push(Uri.file(path.join(root, 'out.csv')), Uri.file(path.join(root, 'out.json')), undefined);
    mock.panels[0].receive({ type: 'exportCsv' });
    await new Promise((r) => setImmediate(r));
    mock.panels[0].receive({ type: 'exportJson' });
    await new Promise((r) => setImmediate(r));
    mock.panels[0].receive({ type: 'exportCsv' });
    await new Promise((r) => setImmediate(r));
    const csv = mock.written.get(path.join(root, 'out.csv'))!.split('\r\n');
    assert.equal(csv[0], 'rank,name,source,params,flops,lswag');
    assert.equal(csv[1], `1,"b,c",${file}:5,1000,2000,2`);
    const json = JSON.parse(mock.written.get(path.join(root, 'out.json'))!);
    assert.deepEqual(json.rows.map((r: { name: string }) => r.name), ['b,c', 'a']);
    assert.equal(mock.written.size, 2, 'a cancelled dialog writes nothing');
});

test('sourcesParseAndFolderContainmentIsStrict', () => {
    assert.deepEqual(parseSource('/a/b.py:12'), { file: '/a/b.py', line: 12 });
    assert.deepEqual(parseSource('/a/b.onnx'), { file: '/a/b.onnx', line: 1 });
    assert.deepEqual(parseSource('C:\\m\\x.py:3'), { file: 'C:\\m\\x.py', line: 3 });
    assert.ok(isInsideFolders('/w/a/b.py', ['/w']));
    assert.ok(!isInsideFolders('/w2/b.py', ['/w']), 'a sibling sharing the prefix is outside');
    assert.ok(!isInsideFolders('/w/../etc/x', ['/w']));
    assert.ok(!isInsideFolders('/w', ['/w']), 'the folder itself is no file inside it');
});
