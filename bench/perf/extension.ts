// Extension-side costs without a VS Code host, with the unit tests' hand mock of the `vscode` module
// (test/unit/extension/vscodeMock.ts) at the one thin edge:
// - activation: require of the bundled extension (esbuild of src/extension/main.ts, as
//   scripts/build.mjs builds dist/extension.js, to a temporary file) plus activate(), in a fresh
//   plain node process each time (activationOnce.ts, bundled: module caches cold, no tsx hooks);
// - CodeLens from cache: provideCodeLenses + resolveCodeLens of a 200-candidate architecture file
//   whose scores are in the score cache (filled by a fake engine, as the extension tests do).
// Usage: node --import tsx bench/perf/extension.ts activation|codelens [REPEATS]
// Prints one JSON line {"what", "seconds": [...]}.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { mockDocument, mockExtensionContext, mock } from '../../test/unit/extension/vscodeMock';
import { fakeEngine } from '../../test/unit/extension/fakeEngine';
import { commandFactories } from '../../src/extension/commands';
import { Ctx } from '../../src/extension/ctx';
import { nb201Cell } from './specs';

const root = path.resolve(__dirname, '..', '..');
const CANDIDATES = 200;
async function codeLens(repeats: number): Promise<number[]> {
    const values = Object.fromEntries(
        Array.from({ length: CANDIDATES }, (_, k) => [`c${k}`, 1000 + k]),
    );
    const engine = fakeEngine(values);
    const presetDir = mkdtempSync(path.join(os.tmpdir(), 'lswag-bench-presets-'));
    const ctx = new Ctx(mockExtensionContext() as never, {
        createEngine: engine.factory,
        diagnosticsDelayMs: 1,
        presetDir,
    });
    const lines = ['family: nb201', 'candidates:'];
    for (let k = 0; k < CANDIDATES; k++)
        lines.push(`  - name: c${k}`, `    cell: "${nb201Cell(k * 61 + 7)}"`);
    const doc = mockDocument('/w/many.arch.yaml', `${lines.join('\n')}\n`);
    mock.documents.push(doc);
    await commandFactories['lswag.scoreArchitecture'](ctx)(doc.uri as never);
    const seconds: number[] = [];
    for (let r = 0; r < repeats + 1; r++) {
        const start = performance.now();
        const found = await ctx.lenses.provideCodeLenses(doc as never);
        const titles = found.map((l) => ctx.lenses.resolveCodeLens(l).command?.title ?? '');
        const elapsed = (performance.now() - start) / 1000;
        if (found.length !== CANDIDATES || !titles.every((t) => t.startsWith('L-SWAG ')))
            throw new Error(
                `expected ${CANDIDATES} scored lenses, got ${found.length}: ${titles.slice(0, 3).join(' | ')}`,
            );
        if (r > 0) seconds.push(elapsed); // Why: the first call parses the file; later ones are what re-renders cost.
    }
    ctx.dispose();
    rmSync(presetDir, { recursive: true, force: true });
    return seconds;
}

async function main(): Promise<void> {
    const [what, repeatsArg = '5'] = process.argv.slice(2);
    const repeats = Number(repeatsArg);
    if (what === 'activation') {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-bench-ext-'));
        const bundle = path.join(dir, 'extension.js');
        const common = {
            absWorkingDir: root,
            bundle: true,
            platform: 'node',
            format: 'cjs',
            target: 'node20',
            logLevel: 'warning',
        } as const;
        await esbuild.build({
            ...common,
            entryPoints: ['src/extension/main.ts'],
            outfile: bundle,
            external: ['vscode', 'onnxruntime-node'],
            alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
        });
        const harness = path.join(dir, 'activate.js');
        await esbuild.build({
            ...common,
            entryPoints: ['bench/perf/activationOnce.ts'],
            outfile: harness,
        });
        writeFileSync(path.join(dir, 'package.json'), '{}');
        const seconds: number[] = [];
        const requireSeconds: number[] = [];
        for (let r = 0; r < repeats; r++) {
            const run = spawnSync(process.execPath, [harness, bundle], {
                cwd: root,
                encoding: 'utf8',
            });
            if (run.status !== 0) throw new Error(`activation run failed: ${run.stderr}`);
            const once = JSON.parse(run.stdout.trim().split('\n').pop()!);
            seconds.push(once.seconds);
            requireSeconds.push(once.require_s);
        }
        rmSync(dir, { recursive: true, force: true });
        console.log(JSON.stringify({ what, seconds, require_s: requireSeconds }));
        return;
    }
    if (what === 'codelens') {
        console.log(JSON.stringify({ what, seconds: await codeLens(repeats) }));
        return;
    }
    throw new Error('usage: extension.ts activation|codelens [REPEATS]');
}

main().then(
    () => process.exit(0),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
