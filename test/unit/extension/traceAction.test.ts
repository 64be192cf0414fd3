// "Score by tracing with Python": offered on a PyTorch definition static reading could not build,
// only where tracing may run (trusted, lswag.usePython on); saving never starts Python.
import {
    CodeActionKind,
    Diagnostic,
    DiagnosticSeverity,
    mock,
    mockDocument,
    mockExtensionContext,
    Range,
    resetMock,
    type MockDocument,
} from './vscodeMock';
import assert from 'node:assert/strict';
import test, { afterEach } from 'node:test';
import { Ctx } from '../../../src/extension/ctx';
import { type TraceActionProvider } from '../../../src/extension/traceAction';
import { fakeEngine } from './fakeEngine';

// Why this model: its activation comes from a library outside the workspace, which the static
// interpreter leaves to tracing; the plain model below it builds statically.
const MODELS_PY = `import torch.nn as nn
import somelib

class Fancy(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 4)
        self.act = somelib.Swish()

    def forward(self, x):
        return self.act(self.fc(x))

class Plain(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        return self.fc(x)
`;

let ctx: Ctx | undefined;
afterEach(() => {
    ctx?.dispose();
    ctx = undefined;
    resetMock();
});

function open(file: string, text: string): MockDocument {
    const d = mockDocument(file, text, 'python');
    mock.documents.push(d);
    return d;
}

/** The front end's diagnostics of `d` as VS Code would pass them to a code action provider. */
async function actionsAt(c: Ctx, d: MockDocument) {
    await c.reader.ensurePython();
    const read = await c.reader.read(d);
    assert.ok(read, 'the Python front end read the file');
    const diagnostics = read.diagnostics.map((x) => {
        const r = new Range(
            x.range.start.line,
            x.range.start.character,
            x.range.end.line,
            x.range.end.character,
        );
        const diagnostic = new Diagnostic(r, x.message, DiagnosticSeverity.Information);
        diagnostic.source = 'lswag';
        return diagnostic;
    });
    const provider = mock.actionProviders.at(-1)?.provider as TraceActionProvider;
    return {
        read,
        actions: await provider.provideCodeActions(
            d,
            new Range(0, 0, 0, 0) as never,
            { diagnostics } as never,
        ),
    };
}

test('aDefinitionThatNeedsTracingGetsTheQuickFixThatScoresIt', async () => {
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: fakeEngine({}).factory });
    const d = open('/w/models.py', MODELS_PY);
    const { read, actions } = await actionsAt(ctx, d);
    const pytorch = read.specs.filter((s) => s.family === 'pytorch').map((s) => s.name);
    assert.deepEqual(pytorch, ['Fancy'], 'the model with an unknown layer is left to tracing');
    assert.ok(!pytorch.includes('Plain'), 'the plain model builds statically');
    assert.deepEqual(
        actions.map((a) => a.command?.arguments?.[1]),
        pytorch,
        'one action per definition that needs tracing, none for the static one',
    );
    for (const a of actions) {
        assert.equal(a.kind, CodeActionKind.QuickFix);
        assert.equal(a.command?.command, 'lswag.scoreArchitecture');
        assert.match(a.title, /by tracing with Python/);
        assert.ok((a.diagnostics?.length ?? 0) > 0, 'the action names the diagnostic it fixes');
    }
});

test('noQuickFixWhereTracingCannotRun', async () => {
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: fakeEngine({}).factory });
    const d = open('/w/models.py', MODELS_PY);
    mock.isTrusted = false;
    assert.deepEqual((await actionsAt(ctx, d)).actions, [], 'untrusted workspace');
    mock.isTrusted = true;
    mock.settings.set('lswag.usePython', false);
    assert.deepEqual((await actionsAt(ctx, d)).actions, [], 'lswag.usePython off');
});

test('savingScoresOnlyWhatNeedsNoPython', async () => {
    const engine = fakeEngine({});
    ctx = new Ctx(mockExtensionContext() as never, { createEngine: engine.factory });
    mock.settings.set('lswag.rescoreOnSave', true);
    const d = open('/w/models.py', MODELS_PY);
    await ctx.reader.ensurePython();
    mock.onSave.fire(d);
    for (let i = 0; i < 100 && engine.jobs.length === 0; i++)
        await new Promise((r) => setTimeout(r, 20));
    const families = engine.jobs.flatMap((job) => job.specs.map((s) => s.family));
    assert.ok(families.length > 0, 'the static model was scored on save');
    assert.ok(
        !families.includes('pytorch') && !families.includes('onnx'),
        `scored: ${families.join(', ')}`,
    );
});
