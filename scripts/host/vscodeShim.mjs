#!/usr/bin/env node
// Stands in for a desktop VS Code executable (@vscode/test-electron's `vscodeExecutablePath`,
// @vscode/test-cli's `useInstallation.fromPath`): reads the arguments they pass, runs the tests in
// code-server through runHostTests.mjs, and exits with the tests' exit code. Profile arguments
// (--user-data-dir, --extensions-dir) are ignored: every run gets a fresh temp profile.
import path from 'node:path';
import { runHostTests } from './runHostTests.mjs';

function parse(argv) {
    const opts = { build: false, timeoutS: 300 };
    for (const arg of argv) {
        const value = arg.slice(arg.indexOf('=') + 1);
        if (arg.startsWith('--extensionDevelopmentPath='))
            opts.extensionDevelopmentPath = path.resolve(value);
        else if (arg.startsWith('--extensionTestsPath='))
            opts.extensionTestsPath = path.resolve(value);
        else if (!arg.startsWith('-')) opts.workspace = path.resolve(arg);
    }
    if (!opts.extensionTestsPath) throw new Error('no --extensionTestsPath= given');
    return opts;
}

try {
    const result = await runHostTests(parse(process.argv.slice(2)));
    console.log(`${result.passed} passed, ${result.failed} failed`);
    process.exitCode = result.exitCode;
} catch (e) {
    console.error(`vscodeShim: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
}
