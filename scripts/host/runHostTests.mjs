// Runs the extension's integration tests inside a real VS Code host: code-server (installed by
// installHost.mjs) serves the workbench, headless Chromium opens it with the tests' payload, and the
// exit code comes back through `codeAutomationExit`. Prints `N passed, N failed` last.
//
// Usage: node scripts/host/runHostTests.mjs [--from-vsix[=FILE]] [--no-build] [--timeout=SECONDS]
//          [--workspace=DIR] [--extensionDevelopmentPath=DIR] [--extensionTestsPath=FILE] [--grep=TEXT]
//   --no-build   skips building the extension (the tests themselves are always compiled)
//   --from-vsix  installs the VSIX (default: the newest *.vsix in the repository root) into a fresh
//                extensions folder and tests that install instead of the source tree.
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { launchBrowser, workbenchUrl } from './browser.mjs';
import { buildHostTests, hostTestsOut } from './buildHostTests.mjs';
import { installVsix, makeProfile, removeProfile, startCodeServer } from './codeServer.mjs';
import { root } from './hostPaths.mjs';

export function parseArgs(argv) {
    const opts = { build: true, timeoutS: 300, vsix: undefined, workspace: undefined };
    for (const arg of argv) {
        const [key, value] = arg.includes('=')
            ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
            : [arg, undefined];
        if (key === '--from-vsix') opts.vsix = value ?? newestVsix();
        else if (key === '--no-build') opts.build = false;
        else if (key === '--timeout') opts.timeoutS = Number(value);
        else if (key === '--workspace') opts.workspace = path.resolve(value);
        else if (key === '--extensionDevelopmentPath')
            opts.extensionDevelopmentPath = path.resolve(value);
        else if (key === '--extensionTestsPath') opts.extensionTestsPath = path.resolve(value);
        else if (key === '--grep') opts.grep = value;
        else throw new Error(`unknown option ${arg}`);
    }
    return opts;
}

function newestVsix() {
    const found = readdirSync(root)
        .filter((f) => f.endsWith('.vsix'))
        .map((f) => path.join(root, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (found.length === 0)
        throw new Error('no .vsix in the repository root: run `npm run package` first');
    return found[0];
}

/** `N passed, N failed` from the host's console (our entry's line, or mocha's spec summary). */
export function countResults(lines) {
    const text = lines.join('\n');
    const ours = [...text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
    if (ours) return { passed: Number(ours[1]), failed: Number(ours[2]) };
    const passing = [...text.matchAll(/^\s*(\d+) passing/gm)].at(-1);
    const failing = [...text.matchAll(/^\s*(\d+) failing/gm)].at(-1);
    if (!passing && !failing) return undefined;
    return { passed: Number(passing?.[1] ?? 0), failed: Number(failing?.[1] ?? 0) };
}

/**
 * One run: returns { exitCode, passed, failed }. `env` reaches the extension host, so
 * @vscode/test-cli's VSCODE_TEST_OPTIONS gets through when the shim calls this.
 */
export async function runHostTests(opts) {
    const started = Date.now();
    const isVsix = opts.vsix !== undefined;
    if (opts.build && !isVsix && (opts.extensionDevelopmentPath ?? root) === root) {
        const r = spawnSync(process.execPath, ['scripts/build.mjs'], {
            cwd: root,
            stdio: 'inherit',
        });
        if (r.status !== 0) throw new Error('building the extension failed');
    }
    // Why always: compiling the few test files takes a moment, and stale tests would mislead.
    const testsPath = opts.extensionTestsPath ?? (await buildHostTests());
    const profile = makeProfile();
    const workspace = path.join(profile.dir, 'workspace');
    cpSync(opts.workspace ?? path.join(root, 'test/host/workspace'), workspace, {
        recursive: true,
    });
    let devPath = opts.extensionDevelopmentPath ?? root;
    if (isVsix) {
        console.log(
            `host: installing ${path.relative(root, opts.vsix)} into a fresh extensions folder`,
        );
        console.log(`host: ${installVsix(profile, opts.vsix).split('\n').at(-1)}`);
        devPath = hostTestsOut;
    }
    const env = {
        LSWAG_HOST_EXPECT: isVsix ? 'vsix' : 'source',
        ...(opts.grep ? { LSWAG_HOST_GREP: opts.grep } : {}),
        ...opts.env,
    };
    const server = await startCodeServer({ profile, folder: workspace, env });
    const browser = await launchBrowser();
    const lines = [];
    let exitCode;
    try {
        const page = await browser.newPage();
        const exited = new Promise((resolve) => {
            void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
        });
        await page.exposeFunction('codeAutomationLog', (type, args) => {
            // Why format: the host forwards console calls as printf-style argument lists.
            const text = format(...(Array.isArray(args) ? args : [args]));
            for (const line of text.split('\n')) {
                lines.push(line);
                console.log(`  ${line}`);
            }
        });
        const url = workbenchUrl(server.origin, workspace, {
            extensionDevelopmentPath: devPath,
            extensionTestsPath: testsPath,
        });
        await page.goto(url);
        let timer;
        const timeout = new Promise((resolve) => {
            timer = setTimeout(() => resolve('timeout'), opts.timeoutS * 1000);
        });
        const outcome = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
            console.error(
                `host: no exit code after ${opts.timeoutS} s; code-server log tail:\n${server.log().slice(-3000)}`,
            );
            exitCode = 1;
        } else exitCode = outcome;
    } finally {
        await browser.close().catch(() => undefined);
        await server.stop();
    }
    const counts = countResults(lines) ?? { passed: 0, failed: 1 };
    if (exitCode === 0 && counts.failed > 0) exitCode = 1;
    if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
    if (exitCode === 0) removeProfile(profile);
    else console.error(`host: kept ${profile.dir} (code-server.log) for inspection`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
        `host: ${isVsix ? 'installed VSIX' : 'source tree'} tests finished in ${seconds} s with exit code ${exitCode}`,
    );
    return { exitCode, ...counts };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
    try {
        const result = await runHostTests(parseArgs(process.argv.slice(2)));
        console.log(`${result.passed} passed, ${result.failed} failed`);
        process.exitCode = result.exitCode;
    } catch (e) {
        console.error(`runHostTests: ${e instanceof Error ? e.message : String(e)}`);
        console.log('0 passed, 1 failed');
        process.exitCode = 1;
    }
}
