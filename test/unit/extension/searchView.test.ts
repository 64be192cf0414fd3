// The search view with the vscode mock and a fake engine: the page gets options, history and progress
// on ready; a malformed message is logged and ignored; a search started from the form writes its run
// under the workspace's .lswag/runs and ends complete in the history; resume and open-best accept
// only runs the history listed; "Open best" writes <run>.best.arch.yaml and opens it.
import { Uri, mock, mockWebviewPanel, resetMock, workspace } from './vscodeMock';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { afterEach, beforeEach } from 'node:test';
import { type BestFileScores, SearchView, deviceText } from '../../../src/extension/searchView';
import { PresetIndex } from '../../../src/extension/presetIndex';
import { FORM_DEFAULTS } from '../../../src/extension/searchForm';
import type { HostToSearchViewMessage } from '../../../src/protocol/searchView';
import { fakeEngine } from './fakeEngine';

let dir: string;
let view: SearchView | undefined;
const logged: string[] = [];
beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-view-'));
    workspace.workspaceFolders = [{ uri: Uri.file(dir) }];
});
afterEach(() => {
    view?.dispose();
    view = undefined;
    logged.length = 0;
    resetMock();
    rmSync(dir, { recursive: true, force: true });
});

async function setUp(extra: Partial<ConstructorParameters<typeof SearchView>[0]> = {}) {
    const engine = await fakeEngine({}).factory({});
    view = new SearchView({
        ...extra,
        distDir: path.join(dir, 'dist'),
        engine: async () => engine,
        environment: async () => ({
            data: { data: { kind: 'synthetic' } },
            batch: 4,
            batches: 1,
            psiSamples: 4,
            calibratedWindows: {},
            presetDir: path.join(dir, 'presets'),
        }),
        presets: new PresetIndex(path.join(dir, 'presets')),
        log: (m) => logged.push(m),
    });
    const page = mockWebviewPanel(SearchView.viewType, 'L-SWAG', {});
    view.resolveWebviewView(page as never);
    await view.received({ type: 'ready' });
    return {
        view,
        page,
        of: <T extends HostToSearchViewMessage['type']>(type: T) =>
            page.posted.filter((m) => (m as { type: string }).type === type) as Extract<
                HostToSearchViewMessage,
                { type: T }
            >[],
    };
}

const waitFor = async (what: () => boolean) => {
    for (let i = 0; i < 200 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(what(), 'waited in vain');
};

test('readyPostsOptionsHistoryAndProgressAndTheHtmlHasTheStrictCsp', async () => {
    const { page, of } = await setUp();
    assert.match(page.webview.html, /default-src 'none'/);
    assert.match(page.webview.html, /src="https:\/\/mock\.vscode-cdn\.net[^"]*\/dist\/search\.js"/);
    assert.deepEqual(
        page.posted.map((m) => (m as { type: string }).type),
        ['options', 'history', 'progress'],
    );
    const { options } = of('options')[0];
    assert.deepEqual(options.spaces, [
        'nb201',
        'nb101',
        'darts',
        'autoformer-t',
        'autoformer-s',
        'autoformer-b',
    ]);
    assert.ok(options.proxies.includes('lswag') && options.proxies.includes('synflow'));
    assert.equal(options.blocked, undefined);
    assert.deepEqual(of('history')[0].runs, []);
    assert.equal(of('progress')[0].progress, null);
});

test('malformedMessagesAreLoggedAndIgnored', async () => {
    const { page, view } = await setUp();
    const posted = page.posted.length;
    await view.received({ type: 'start', form: { ...FORM_DEFAULTS, population: -1 } });
    await view.received({ type: 'resume', run: '../../secrets' });
    await view.received({ type: 'shell', command: 'rm' });
    assert.equal(page.posted.length, posted, 'nothing answered');
    assert.equal(logged.length, 3);
    assert.match(logged[0], /ignored a message: start: form: population must be a whole number/);
    assert.match(logged[1], /resume: run holds a path separator/);
    assert.match(logged[2], /unknown message type 'shell'/);
});

test('aSearchFromTheFormRunsToCompleteAndOpenBestWritesAnArchitectureFile', async () => {
    const { view, of } = await setUp();
    await view.received({
        type: 'start',
        form: { ...FORM_DEFAULTS, objective: 'params', algorithm: 'random', samples: 3 },
    });
    await waitFor(() => of('history').some((h) => h.runs[0]?.state === 'complete'));
    const run = of('history').at(-1)!.runs[0];
    assert.match(run.id, /^nb201-random-params-\d{8}-\d{6}$/);
    assert.deepEqual([run.evaluated, run.expected, run.algorithm], [3, 3, 'random 3']);
    const file = path.join(dir, '.lswag', 'runs', `${run.id}.jsonl`);
    assert.ok(existsSync(file));
    assert.equal(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]).settings.space, 'nb201');
    const progress = of('progress').at(-1)!.progress!;
    assert.deepEqual(
        [progress.state, progress.evaluated, progress.device],
        ['complete', 3, 'engine not started'],
    );
    assert.ok(
        of('history').some((h) => h.runs[0]?.state === 'running'),
        'the history showed the run as running',
    );

    const uri = await view.openBest(run.id);
    assert.equal(uri.fsPath, path.join(dir, '.lswag', 'runs', `${run.id}.best.arch.yaml`));
    assert.match(
        mock.written.get(uri.fsPath) ?? '',
        /^# Best 3 of lswag search run nb201-random-params-.*\nfamily: nb201\n/,
    );
    assert.equal(mock.shownDocuments.length, 1);
});

test('aCompleteRunNotifiesAndOpenBestHandsTheRunsScoresToTheLenses', async () => {
    const handed: BestFileScores[] = [];
    const { view, of } = await setUp({ onBestFile: async (b) => void handed.push(b) });
    const options = of('options')[0].options;
    assert.equal(options.defaults.objective, 'lswag', 'the form starts on L-SWAG');
    assert.deepEqual(options.timings, [], 'nothing measured yet: the page uses its defaults');
    await view.received({
        type: 'start',
        form: { ...FORM_DEFAULTS, objective: 'params', algorithm: 'random', samples: 2 },
    });
    await waitFor(() => mock.messages.some((m) => /complete/.test(m.text)));
    const note = mock.messages.find((m) => /complete/.test(m.text))!;
    assert.equal(note.level, 'info');
    assert.match(
        note.text,
        /^L-SWAG: search nb201-random-params-\S+ complete: 2 architectures scored, best params 1000\.$/,
    );
    const run = of('history').at(-1)!.runs[0];
    const uri = await view.openBest(run.id);
    assert.equal(handed.length, 1);
    assert.equal(handed[0].file, uri.fsPath);
    assert.deepEqual(
        handed[0].results.map((r) => r.name),
        ['nb201-search-1', 'nb201-search-2'],
        'named as the file names them',
    );
    assert.deepEqual(handed[0].options.proxies, ['params']);
    assert.equal(handed[0].text, mock.written.get(uri.fsPath));
});

test('resumeAndOpenOnlyTakeListedInterruptedRunsAndSayWhyNot', async () => {
    const { view, of } = await setUp();
    await view.received({ type: 'resume', run: 'never-ran' });
    await view.received({ type: 'openRunFile', run: 'never-ran' });
    const errors = of('error').map((e) => e.message);
    assert.match(errors[0], /no run 'never-ran' in .*\.lswag[\\/]runs/);
    assert.match(errors[1], /no run 'never-ran' in the history/);
    workspace.workspaceFolders = undefined;
    await view.received({ type: 'openBest', run: 'x' });
    assert.match(of('error').at(-1)!.message, /open a folder first/);
});

test('deviceTextSaysWhereTheEngineRuns', () => {
    assert.equal(deviceText(undefined), 'engine not started');
    assert.equal(
        deviceText({ kind: 'ready', device: { device: 'cuda', skipped: [], threads: 4 } }),
        'cuda, 4 threads',
    );
    assert.equal(
        deviceText({
            kind: 'busy',
            device: { device: 'cpu', skipped: [], threads: 1 },
            jobId: 'j',
        }),
        'cpu, 1 thread',
    );
    assert.equal(deviceText({ kind: 'crashed', reason: 'x' }), 'engine crashed');
});
