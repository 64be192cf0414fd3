// Commands with a fake engine: a workspace run ranks across files within comparable groups (ONNX
// skipped when untrusted),
// the rankings panel opens on the clicked row, calibration saves a window that the next score uses, the device
// pick writes the setting, and a stopped engine is surfaced with an "Open Output" action.
import {
    Uri,
    mock,
    mockDocument,
    mockExtensionContext,
    resetMock,
    window,
    workspace,
} from './vscodeMock';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { afterEach, beforeEach } from 'node:test';
import { commandFactories } from '../../../src/extension/commands';
import type { HostToWebviewMessage } from '../../../src/protocol/webview';
import { rankRows } from '../../../src/protocol/rankingsTable';
import { Ctx } from '../../../src/extension/ctx';
import { fakeEngine } from './fakeEngine';
import * as fx from './fixtures';

let ctx: Ctx | undefined;
let dir: string;

beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-ext-'));
});
afterEach(() => {
    ctx?.dispose();
    ctx = undefined;
    resetMock();
    rmSync(dir, { recursive: true, force: true });
});

/** A workspace folder holding the fixtures and an ONNX file. */
function workspaceWithFiles(): Record<string, string> {
    const files = {
        yaml: path.join(dir, 'a.arch.yaml'),
        md: path.join(dir, 'notes.md'),
        onnx: path.join(dir, 'm.onnx'),
    };
    writeFileSync(files.yaml, fx.ARCH_YAML);
    writeFileSync(files.md, fx.NOTES_MD);
    writeFileSync(files.onnx, 'not really a model');
    workspace.workspaceFolders = [{ uri: Uri.file(dir) }];
    mock.files.push(...Object.values(files).map((f) => Uri.file(f)));
    return files;
}

const run = (id: keyof typeof commandFactories, ...args: unknown[]) =>
    (commandFactories[id](ctx!) as (...a: unknown[]) => Promise<unknown>)(...args);

test('aWorkspaceRunRanksAcrossFilesAndOpenRankingsSelectsTheClickedRow', async () => {
    const files = workspaceWithFiles();
    const engine = fakeEngine({ a: 3, b: 1, c: 4, 'nb201:3': 2, 'm.onnx': 9 });
    ctx = new Ctx(mockExtensionContext() as never, {
        createEngine: engine.factory,
        diagnosticsDelayMs: 1,
    });
    await run('lswag.scoreWorkspace');
    assert.deepEqual(engine.jobs[0].specs.map((s) => s.name).sort(), [
        'a',
        'b',
        'c',
        'm.onnx',
        'nb201:3',
    ]);

    const d = mockDocument(files.yaml, fx.ARCH_YAML);
    mock.documents.push(d);
    const lenses = await ctx.lenses.provideCodeLenses(d);
    const titles = lenses.map((l) => ctx!.lenses.resolveCodeLens(l).command?.title);
    assert.deepEqual(titles, [
        // Ranks within comparable groups: the NB201 cells apart from the two ONNX models.
        'L-SWAG 3 \u00b7 rank 1/3 in NB201 3x32x32 / 10 classes',
        'L-SWAG 1 \u00b7 rank 3/3 in NB201 3x32x32 / 10 classes',
        'L-SWAG 4 \u00b7 rank 2/2 in ONNX input from the model / classes from the model',
    ]);

    await run('lswag.openRankings', { file: files.yaml, name: 'a' });
    assert.equal(mock.panels.length, 1);
    const panel = mock.panels[0];
    panel.receive({ type: 'ready' });
    await ctx.rankings.posted; // Why: the panel reads presets and the space's profile before posting.
    const m = panel.posted.at(-1) as Extract<HostToWebviewMessage, { type: 'rankings' }>;
    assert.match(m.heading, /5 architectures in 2 comparable groups \(last: workspace run\)/);
    const ranks = rankRows(m.rows, m.rankBy);
    const byRank = m.rows.map((r, i) => `${ranks[i]} ${r.name}`).sort();
    assert.deepEqual(byRank, ['1 m.onnx', '2 c', '3 a', '4 nb201:3', '5 b']);
    assert.equal(m.selected, `${files.yaml}\na`, "a's row is selected");

    await run('lswag.openRankings');
    assert.equal(mock.panels.length, 1, 'a second open reveals the same panel');
    assert.equal(panel.revealed, 1);
});

test('anUntrustedWorkspaceRunLeavesOnnxFilesOut', async () => {
    workspaceWithFiles();
    mock.isTrusted = false;
    const engine = fakeEngine({});
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: engine.factory });
    await run('lswag.scoreWorkspace');
    assert.ok(!engine.jobs[0].specs.some((s) => s.family === 'onnx'));
});

test('scoreAllSkipsAFifoInTheWorkspaceWithAWarningAndScoresTheRest', async () => {
    workspaceWithFiles();
    const fifo = path.join(dir, 'pipe.arch.yaml');
    execFileSync('mkfifo', [fifo]);
    mock.files.push(Uri.file(fifo));
    const engine = fakeEngine({ a: 3, b: 1, c: 4, 'nb201:3': 2, 'm.onnx': 9 });
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: engine.factory });
    // Why this cannot hang: a FIFO nobody writes would block a plain read forever.
    await run('lswag.scoreWorkspace');
    assert.equal(engine.jobs[0].specs.length, 5, 'the other files are scored');
    assert.ok(
        mock.log.some((l) => l.includes('pipe.arch.yaml') && /FIFO|regular/i.test(l)),
        mock.log.join('\n'),
    );
});

test('scoreAllListsACandidateTheEngineGaveUpOnAndCountsItInTheSummary', async () => {
    workspaceWithFiles();
    const engine = fakeEngine({ a: 3, b: 1, c: 4, 'nb201:3': 2, 'm.onnx': 9 }, { gaveUp: ['b'] });
    ctx = new Ctx(mockExtensionContext() as never, {
        createEngine: engine.factory,
        diagnosticsDelayMs: 1,
    });
    await run('lswag.scoreWorkspace');
    const results = ctx.scorer.lastRun?.results ?? [];
    assert.deepEqual(
        results.map((r) => r.spec.name).sort(),
        ['a', 'b', 'c', 'm.onnx', 'nb201:3'],
        'every candidate is in the run',
    );
    assert.match(
        results.find((r) => r.spec.name === 'b')!.result.errors[0],
        /^not scored: the engine stopped/,
    );
    assert.ok(
        mock.log.some((l) => /^warn .*not scored: the engine stopped/.test(l)),
        'the reason is in the output channel',
    );
    assert.ok(
        mock.messages.some(
            (m) =>
                m.level === 'info' &&
                /scored 5 architecture\(s\) in 3 file\(s\), 1 with errors \(see Output\)/.test(
                    m.text,
                ),
        ),
        JSON.stringify(mock.messages),
    );
});

test('calibrationSavesTheWindowAndTheNextScoreUsesIt', async () => {
    const engine = fakeEngine({ a: 1 });
    ctx = new Ctx(mockExtensionContext(path.join(dir, 'storage')) as never, {
        createEngine: engine.factory,
    });
    mock.quickPickAnswers.push('nb201', '3');
    await run('lswag.calibrateWindow');
    assert.equal(engine.jobs[0].specs.length, 3);
    assert.equal(engine.jobs[0].options.collectProfile, true);
    assert.ok(
        mock.messages.some(
            (m) =>
                m.level === 'info' && /window \[3, 3\] for nb201 from 3 architectures/.test(m.text),
        ),
        JSON.stringify(mock.messages),
    );

    const d = mockDocument(path.join(dir, 'a.arch.yaml'), fx.ARCH_YAML);
    mock.documents.push(d);
    await run('lswag.scoreArchitecture', d.uri, 'a');
    assert.deepEqual(engine.jobs[1].options.calibratedWindows?.nb201, [3, 3]);
});

test('selectDeviceWritesTheUserSettingAndTheNextJobGetsAFreshEngine', async () => {
    const engine = fakeEngine({ a: 1 });
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: engine.factory });
    const d = mockDocument(path.join(dir, 'a.arch.yaml'), fx.ARCH_YAML);
    mock.documents.push(d);
    await run('lswag.scoreArchitecture', d.uri, 'a');
    mock.quickPickAnswers.push({ label: 'cpu' });
    await run('lswag.selectDevice');
    assert.equal(mock.settings.get('lswag.device'), 'cpu');
    mock.onConfig.fire({ affectsConfiguration: (s) => 'lswag.device'.startsWith(s) });
    await run('lswag.scoreArchitecture', d.uri, 'b');
    assert.deepEqual([engine.created, engine.stopped], [2, 1]);
    assert.equal(engine.lastOptions?.device, 'cpu');
});

test('aStoppedEngineShowsInTheStatusBarWithAnOpenOutputAction', async () => {
    const engine = fakeEngine({});
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: engine.factory });
    assert.equal(ctx.status.text, '$(pulse) L-SWAG');
    await ctx.engine.get();
    const shown: string[][] = [];
    const original = window.showErrorMessage;
    window.showErrorMessage = (text: string, ...actions: string[]) => {
        shown.push([text, ...actions]);
        return Promise.resolve(undefined);
    };
    try {
        engine.lastOptions?.onStateChange?.({
            kind: 'stopped',
            reason: 'the worker crashed 5 times in 3 minutes',
        });
    } finally {
        window.showErrorMessage = original;
    }
    assert.equal(ctx.status.text, '$(error) L-SWAG: stopped');
    assert.deepEqual(shown, [
        [
            'L-SWAG engine stopped: the worker crashed 5 times in 3 minutes',
            'Open Output',
            'Restart Engine',
        ],
    ]);
});

test('runSearchFocusesTheSearchView', async () => {
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: fakeEngine({}).factory });
    assert.equal(
        mock.viewProviders.get('lswag.searchView'),
        ctx.search,
        'the view provider is registered',
    );
    await run('lswag.runSearch');
    assert.deepEqual(
        mock.executed.map((e) => e.id),
        ['lswag.searchView.focus'],
    );
    assert.equal(mock.messages.length, 0);
});

test('settingsReachTheJobThroughTheSharedBuilderAndAWrongOneIsWarnedAndDefaulted', async () => {
    const engine = fakeEngine({ a: 1 });
    mock.settings.set('lswag.batchSize', 8);
    mock.settings.set('lswag.psiSamples', 32);
    mock.settings.set('lswag.batches', 0);
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: engine.factory });
    const d = mockDocument(path.join(dir, 'a.arch.yaml'), fx.ARCH_YAML);
    mock.documents.push(d);
    await run('lswag.scoreArchitecture', d.uri, 'a');
    const { batch, batches, psiSamples } = engine.jobs[0].options;
    assert.deepEqual(
        { batch, batches, psiSamples },
        { batch: 8, batches: 2, psiSamples: 8 },
        'S at most B; a wrong N is the default',
    );
    assert.ok(
        mock.log.includes(
            'warn lswag.batches must be a positive integer, not 0; using the default',
        ),
        mock.log.join('\n'),
    );
});
