// Compiles the host integration tests (test/host/suite/*.ts) to out/test/host/suite/*.js, one file
// each (mocha and @vscode/test-cli load them by file), and writes the harness manifest that lets the
// tests run as their own development extension when the extension under test is an installed VSIX.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { root } from './hostPaths.mjs';

export const hostTestsOut = path.join(root, 'out/test/host');
export const hostTestsEntry = path.join(hostTestsOut, 'suite/index.js');

export async function buildHostTests() {
    const suiteDir = path.join(root, 'test/host/suite');
    const entries = readdirSync(suiteDir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(suiteDir, f));
    rmSync(hostTestsOut, { recursive: true, force: true });
    await esbuild.build({
        entryPoints: entries,
        outdir: path.join(hostTestsOut, 'suite'),
        bundle: false,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        sourcemap: 'inline',
        logLevel: 'warning',
    });
    // Why a harness: with --from-vsix the extension comes from the extensions folder, so the tests
    // need a development extension of their own that is not the extension under test.
    mkdirSync(hostTestsOut, { recursive: true });
    const manifest = {
        name: 'lswag-host-tests',
        displayName: 'L-SWAG host test harness',
        publisher: 'lswag-tests',
        version: '0.0.0',
        private: true,
        engines: { vscode: '^1.100.0' },
    };
    writeFileSync(
        path.join(hostTestsOut, 'package.json'),
        `${JSON.stringify(manifest, null, 4)}\n`,
    );
    return hostTestsEntry;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    await buildHostTests();
    console.log(`built ${path.relative(root, hostTestsOut)}`);
}
