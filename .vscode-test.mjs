// @vscode/test-cli configuration (`npx vscode-test`): the host integration tests in test/host/suite.
// Here (no internet) VS Code is the code-server host cached in .host/, reached through a shim
// executable; with LSWAG_VSCODE=download (or without the cached host) @vscode/test-electron downloads
// a desktop VS Code instead and runs the same compiled tests.
import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from '@vscode/test-cli';
import { buildHostTests } from './scripts/host/buildHostTests.mjs';
import { isHostInstalled } from './scripts/host/hostPaths.mjs';
import { spawnSync } from 'node:child_process';

// Why build here: test-cli globs `files` before it starts VS Code, so they must exist already.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('building the extension failed');
await buildHostTests();

const useShim = process.env.LSWAG_VSCODE !== 'download' && isHostInstalled();
if (!useShim && !existsSync('.vscode-test'))
    console.log('vscode-test: downloading VS Code 1.100.3');

export default defineConfig({
    label: 'host',
    // Why listed, not globbed: the files run in name order, as `npm run test:host` runs them.
    files: readdirSync('out/test/host/suite')
        .filter((f) => f.endsWith('.test.js'))
        .sort()
        .map((f) => `out/test/host/suite/${f}`),
    workspaceFolder: './test/host/workspace',
    version: '1.100.3',
    mocha: { ui: 'tdd', timeout: 60_000, color: false },
    ...(useShim ? { useInstallation: { fromPath: './scripts/host/vscodeShim.mjs' } } : {}),
});
