// The rankings panel with the vscode mock: one panel, rankings posted on ready and after a new run,
// sources opened only inside the workspace folders, malformed messages ignored, CSV/JSON export.
import { Uri, mock, mockExtensionContext, resetMock, workspace } from './vscodeMock';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { afterEach } from 'node:test';
import {
    RankingsPanel,
    type RankingsView,
    isInsideFolders,
    parseSource,
    rowKey,
} from '../../../src/extension/rankingsPanel';
import { parsePreset } from '../../../src/core/libra/preset';
import { PresetIndex } from '../../../src/extension/presetIndex';
import type { CalibrationPayload, HostToWebviewMessage } from '../../../src/protocol/webview';
import { complementView, labelledView } from './rankingsFixture';
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

function setUp(
    lastRun: () => RankingsView | undefined,
    calibration?: CalibrationPayload,
    presetDir = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-')),
    dirs: { shipped?: string; workspace?: string } = {},
) {
    workspace.workspaceFolders = [{ uri: Uri.file(root) }];
    const distDir = path.join(mockExtensionContext().extensionPath, 'dist');
    const presets = new PresetIndex(presetDir, (m) => logged.push(m), dirs.shipped, dirs.workspace);
    const saved: string[] = [];
    panel = new RankingsPanel({
        distDir,
        source: { lastRun, fileView: () => Promise.resolve(undefined) },
        log: (m) => logged.push(m),
        presets,
        calibration: (space) => Promise.resolve(space === 'nb201' ? calibration : undefined),
        onPresetsChanged: () => saved.push('saved'),
    });
    return { panel, distDir, presets, saved };
}

/** Plays the page's message and waits until the panel has posted its answer. */
async function receive(p: RankingsPanel, m: unknown, i = 0): Promise<void> {
    mock.panels[i].receive(m);
    await new Promise((r) => setImmediate(r));
    await p.posted;
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
    assert.match(
        p.webview.html,
        /<script nonce="[^"]+" src="https:\/\/mock\.vscode-cdn\.net[^"]*\/dist\/rankings\.js">/,
    );

    await receive(panel, { type: 'ready' });
    const m = lastRankings();
    assert.equal(m.heading, 'run 1');
    assert.deepEqual(m.proxies, ['lswag']);
    assert.equal(m.rankBy, 'lswag');
    assert.deepEqual(
        m.rows.map((r) => [r.name, r.label]),
        [
            ['a', 'a.arch.yaml:2'],
            ['b', 'a.arch.yaml:9'],
        ],
    );
    assert.equal(m.selected, rowKey(file, 'b'));
});

test('aSecondOpenRevealsTheSamePanelAndANewRunIsPosted', async () => {
    let run = view('run 1', result('a', 3, 2));
    const { panel } = setUp(() => run);
    await panel.open();
    await receive(panel, { type: 'ready' });
    await panel.open();
    await panel.posted;
    assert.equal(mock.panels.length, 1);
    assert.equal(mock.panels[0].revealed, 1);
    const posted = mock.panels[0].posted.length;
    panel.runFinished();
    await panel.posted;
    assert.equal(mock.panels[0].posted.length, posted, 'the same run is not posted again');
    run = view('run 2', result('c', 1, 4));
    panel.runFinished();
    await panel.posted;
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
    mock.saveAnswers.push(
        Uri.file(path.join(root, 'out.csv')),
        Uri.file(path.join(root, 'out.json')),
        undefined,
    );
    // Why poll: each export awaits a dialog and a write, more ticks than one setImmediate under load.
    const until = async (done: () => boolean) => {
        for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    mock.panels[0].receive({ type: 'exportCsv' });
    await until(() => mock.written.has(path.join(root, 'out.csv')));
    mock.panels[0].receive({ type: 'exportJson' });
    await until(() => mock.written.has(path.join(root, 'out.json')));
    mock.panels[0].receive({ type: 'exportCsv' });
    await until(() => mock.saveAnswers.length === 0);
    await new Promise((r) => setTimeout(r, 50));
    const csv = mock.written.get(path.join(root, 'out.csv'))!.split('\r\n');
    assert.equal(csv[0], 'rank,name,source,params,flops,lswag');
    assert.equal(csv[1], `1,"b,c",${file}:5,1000,2000,2`);
    const json = JSON.parse(mock.written.get(path.join(root, 'out.json'))!);
    assert.deepEqual(
        json.rows.map((r: { name: string }) => r.name),
        ['b,c', 'a'],
    );
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

const CALIBRATION: CalibrationPayload = {
    space: 'nb201',
    profile: [-5, -5.5, -6, -4, -7, -7.5, -8, -8.2, -8.5, -8],
    layerCounts: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
    window: [2, 4],
    samples: 100,
    origin: 'shipped with the extension',
    rule: 'dominant interior spike',
};

test('aLabelledViewIsPostedWithItsSpacesProfileAndLibraSuggestion', async () => {
    const { panel } = setUp(() => labelledView(), CALIBRATION);
    await panel.open();
    await receive(panel, { type: 'ready' });
    const m = lastRankings();
    assert.deepEqual(m.calibration, CALIBRATION, 'the nb201 rows get the nb201 profile');
    assert.deepEqual(
        m.accuracy?.map((a) => [a.column, a.n]),
        [
            ['cifar10', 14],
            ['cifar100', 7],
        ],
    );
    assert.equal(m.accuracy?.[0].libra.presetSpace, 'nb201');
    assert.equal(m.combined, undefined, 'no preset saved yet: no LIBRA column');
});

test('useThisCombinationSavesAPresetAndShowsTheLibraColumn', async () => {
    const { panel, presets, saved } = setUp(() => complementView());
    await panel.open();
    await receive(panel, { type: 'ready' });
    const advice = lastRankings().accuracy![0].libra.advice!;
    assert.equal(advice.beats, true, advice.text);
    assert.match(advice.warning!, /Only 40 labelled architectures/);
    const toldBefore = saved.length;
    mock.quickPickAnswers.push('nb201-mine');
    await receive(panel, { type: 'useLibra', column: 'cifar10' });
    await panel.posted;

    const file = path.join(presets.dir, 'nb201-mine.json');
    const preset = parsePreset(JSON.parse(readFileSync(file, 'utf8')));
    assert.deepEqual(preset.picks, advice.picks);
    assert.equal(preset.method, advice.rule);
    assert.equal(preset.space, 'nb201');
    assert.equal(preset.acc, 'cifar10');
    assert.equal(preset.dataset, 'cifar10', 'NB201 heads of 10 classes');
    assert.equal(preset.createdFrom.n, 40);
    assert.equal(preset.createdFrom.out_of_sample?.combined_spearman, advice.combined);
    assert.equal(
        preset.createdFrom.out_of_sample?.best_single.spearman,
        advice.bestSingle.spearman,
    );
    assert.equal(saved.length, toldBefore + 1, 'lenses are told');
    assert.equal(presets.forSpace('nb201')?.name, 'nb201-mine');

    const m = lastRankings();
    assert.equal(m.combined?.origin, 'preset nb201-mine');
    assert.equal(m.proxies.at(-1), 'libra');
    assert.ok(m.rows.every((r) => typeof r.scores.libra === 'number'));
    assert.ok(mock.messages.some((x) => x.level === 'info' && /libra:nb201-mine/.test(x.text)));

    // A panel opened later (a new window) on the same space reads the saved preset and shows its column.
    panel.dispose();
    const again = setUp(() => complementView(), undefined, presets.dir);
    await again.panel.open();
    await receive(again.panel, { type: 'ready' }, 1);
    assert.equal(lastRankings(1).combined?.origin, 'preset nb201-mine');
});

test('useLibraWithACancelledNameAddsTheColumnAndSavesNothing', async () => {
    const { panel, presets } = setUp(() => complementView());
    await panel.open();
    await receive(panel, { type: 'ready' });
    mock.quickPickAnswers.push(undefined);
    await receive(panel, { type: 'useLibra', column: 'cifar10' });
    assert.equal(lastRankings().combined?.origin, 'greedy suggestion for cifar10');
    assert.deepEqual(readdirSync(presets.dir), []);
});

test('whenTheSingleProxyWinsOutOfSampleNothingIsOfferedOrSaved', async () => {
    const { panel, presets } = setUp(() => labelledView());
    await panel.open();
    await receive(panel, { type: 'ready' });
    assert.equal(lastRankings().accuracy![0].libra.advice?.beats, false);
    await receive(panel, { type: 'useLibra', column: 'cifar10' });
    assert.ok(
        mock.messages.some((x) =>
            /alone: no combination beat it out of sample.*Nothing was saved/.test(x.text),
        ),
    );
    assert.equal(lastRankings().combined, undefined, 'no LIBRA column');
    assert.deepEqual(readdirSync(presets.dir), []);
});

test('aShippedPresetNameIsNeverOverwrittenWithoutConfirmation', async () => {
    const shipped = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-shipped-'));
    const shippedFile = path.join(shipped, 'nb201-cifar10.json');
    const shippedText = JSON.stringify({
        kind: 'lswag-libra-preset',
        space: 'nb201',
        dataset: 'cifar10',
        acc: 'cifar10_test_acc',
        picks: ['lswag'],
        method: 'best-single',
        createdFrom: { n: 500, bench: 'nb201-dev-1000.csv' },
    });
    writeFileSync(shippedFile, shippedText);
    const { panel, presets } = setUp(() => complementView(), undefined, undefined, { shipped });
    await panel.open();
    await receive(panel, { type: 'ready' });
    // The person types the shipped name; the modal question is declined (the mock answers nothing).
    mock.quickPickAnswers.push('nb201-cifar10');
    await receive(panel, { type: 'useLibra', column: 'cifar10' });
    await panel.posted;
    assert.ok(
        mock.messages.some(
            (x) =>
                x.level === 'warning' &&
                /hides the preset 'nb201-cifar10' shipped with the extension/.test(x.text),
        ),
    );
    assert.deepEqual(readdirSync(presets.dir), [], 'nothing saved globally');
    assert.equal(readFileSync(shippedFile, 'utf8'), shippedText);
    assert.equal(presets.forSpace('nb201'), undefined, 'still no chosen preset: no LIBRA rank');
});

test('aPresetIsSavedInTheWorkspaceWhenChosen', async () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-ws-'));
    const { panel, presets } = setUp(() => complementView(), undefined, undefined, {
        workspace: ws,
    });
    await panel.open();
    await receive(panel, { type: 'ready' });
    mock.quickPickAnswers.push('Save in this workspace', 'team-pick');
    await receive(panel, { type: 'useLibra', column: 'cifar10' });
    await panel.posted;
    assert.deepEqual(readdirSync(ws), ['team-pick.json']);
    assert.deepEqual(readdirSync(presets.dir), []);
    assert.equal(presets.forSpace('nb201')?.origin, 'workspace');
});

test('useLibraForAColumnNoRowCarriesIsIgnoredAndLogged', async () => {
    const { panel, presets } = setUp(() => labelledView());
    await panel.open();
    await receive(panel, { type: 'ready' });
    const before = mock.panels[0].posted.length;
    await receive(panel, { type: 'useLibra', column: 'imagenet' });
    assert.equal(mock.panels[0].posted.length, before);
    assert.match(logged.at(-1)!, /no architecture carries the accuracy 'imagenet'/);
    assert.deepEqual(readdirSync(presets.dir), []);
});

test('useLibraOnTooFewLabelledRowsExplainsWhyNothingWasChosen', async () => {
    const few = labelledView(4);
    const { panel, presets } = setUp(() => few);
    await panel.open();
    await receive(panel, { type: 'ready' });
    // Rows 0 and 2 carry cifar100: two labelled architectures.
    await receive(panel, { type: 'useLibra', column: 'cifar100' });
    assert.ok(
        mock.messages.some((x) =>
            /chose no proxies for cifar100: Only 2 architectures/.test(x.text),
        ),
    );
    assert.deepEqual(readdirSync(presets.dir), []);
    assert.equal(lastRankings().combined, undefined);
});
