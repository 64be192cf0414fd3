// Activation: registers every contributed command and the providers, and loads neither the engine
// nor a parser (no EngineClient module, no WASM compiled, no onnxruntime) until something needs them.
import { mock, mockDocument, mockExtensionContext } from './vscodeMock';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import * as fx from './fixtures';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Module requests that mean the engine, a parser or onnxruntime was loaded. */
const HEAVY = [
    /engineClient/,
    /supervisor/,
    /pythonSource/,
    /web-tree-sitter/,
    /onnxruntime/,
    /frontends\/sources/,
];

/** Counts WebAssembly compilations from now on. */
function countWasm(): { readonly count: number; restore(): void } {
    const wasm = WebAssembly as unknown as Record<string, (...a: unknown[]) => unknown>;
    const names = ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming'];
    const saved = names.map((n) => wasm[n]);
    const record = { count: 0, restore: () => names.forEach((n, i) => (wasm[n] = saved[i])) };
    names.forEach((n, i) => {
        wasm[n] = (...a: unknown[]) => {
            record.count++;
            return saved[i].apply(WebAssembly, a);
        };
    });
    return record;
}

test('activationRegistersEveryCommandAndLoadsNoEngineParserOrOnnxruntime', async () => {
    const wasm = countWasm();
    const from = mock.loaded.length;
    const main = await import('../../../src/extension/main');
    const context = mockExtensionContext();
    main.activate(context as never);

    const contributed = manifest.contributes.commands
        .map((c: { command: string }) => c.command)
        .sort();
    assert.deepEqual([...mock.commands.keys()].sort(), contributed);
    assert.equal(mock.lensProviders.length, 1);
    const loaded = mock.loaded.slice(from);
    assert.ok(loaded.includes('./ctx'), "the hook sees the extension's own relative requests");
    for (const heavy of HEAVY)
        assert.ok(!loaded.some((r) => heavy.test(r)), `activation loaded ${heavy}`);
    assert.equal(wasm.count, 0, 'no WASM compiled during activation');

    // An architecture file's lenses need the front ends, but still no engine and no WASM.
    const provider = mock.lensProviders[0].provider as {
        provideCodeLenses(d: unknown): Promise<unknown[]>;
    };
    const d = mockDocument('/w/a.arch.yaml', fx.ARCH_YAML);
    assert.equal((await provider.provideCodeLenses(d)).length, 3);
    const afterLenses = mock.loaded.slice(from);
    assert.ok(!afterLenses.some((r) => /engineClient|onnxruntime|web-tree-sitter/.test(r)));
    assert.equal(wasm.count, 0);

    // Control: a Python document does load the parser (so the counter sees WASM when it happens).
    await provider.provideCodeLenses(mockDocument('/w/m.py', fx.MODEL_PY, 'python'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < 50 && wasm.count === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(wasm.count > 0, 'the Python lens request loads the parser');
    wasm.restore();

    for (const s of context.subscriptions) s.dispose();
    await main.deactivate();
});

test(
    'bundledActivationRequiresNoOnnxruntimeOrChildProcess',
    { skip: !existsSync(path.join(root, 'dist/extension.js')) },
    () => {
        const wasm = countWasm();
        const from = mock.loaded.length;
        // Why require: the test loads the CommonJS bundle through the mocked module loader.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const bundle = require(path.join(root, 'dist/extension.js')) as {
            activate(c: unknown): void;
        };
        const context = mockExtensionContext();
        bundle.activate(context);
        const loaded = mock.loaded.slice(from);
        wasm.restore();
        assert.ok(loaded.includes('vscode'));
        assert.ok(
            !loaded.some((r) => /onnxruntime|child_process/.test(r)),
            `bundle loaded: ${loaded.join(', ')}`,
        );
        assert.equal(wasm.count, 0);
        for (const s of context.subscriptions) s.dispose();
    },
);

test('manifestActivatesNarrowlyRunsInTheWorkspaceAndLimitsUntrustedWorkspaces', () => {
    assert.deepEqual(manifest.activationEvents, [
        'onLanguage:python',
        'workspaceContains:**/*.arch.{yaml,yml,json}',
    ]);
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    // Why python: a workspace setting naming an interpreter would run it; only trusted ones may.
    assert.deepEqual(untrusted.restrictedConfigurations, ['lswag.data', 'lswag.python']);
    for (const c of manifest.contributes.commands) {
        assert.equal(c.category, 'L-SWAG');
        assert.match(c.command, /^lswag\.[a-z]+[A-Z][A-Za-z]*$/);
    }
});
