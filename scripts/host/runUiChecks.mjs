// Playwright UI checks in the web workbench, in the light and the dark theme: runs the named checks
// of test/host/ui/checks.mjs against the extension (source tree, or an installed VSIX with
// --from-vsix), saves screenshots to media/screenshots/, and prints `N passed, N failed` last.
// Usage: node scripts/host/runUiChecks.mjs [--from-vsix[=FILE]] [--no-build] [--theme=light|dark]
//          [--shots=DIR]   (default media/screenshots; CI writes to out/screenshots)
//          [--only=TEXT]   (repeatable: only the checks whose name holds TEXT, after the first)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { uiChecks } from '../../test/host/ui/checks.mjs';
import { launchBrowser, workbenchUrl } from './browser.mjs';
import { installVsix, makeProfile, removeProfile, startCodeServer } from './codeServer.mjs';
import { root } from './hostPaths.mjs';
import { parseArgs as parseHostArgs } from './runHostTests.mjs';

const DEBIAN_PYTHON = '/usr/bin/python3';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

function parseArgs(argv) {
    const own = (name) =>
        argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
    const themes = own('theme');
    const shots = own('shots').at(-1) ?? 'media/screenshots';
    const rest = argv.filter(
        (a) => !a.startsWith('--theme=') && !a.startsWith('--shots=') && !a.startsWith('--only='),
    );
    return {
        ...parseHostArgs(rest),
        themes: themes.length > 0 ? themes : Object.keys(THEMES),
        shotsDir: path.resolve(root, shots),
        only: own('only'),
    };
}

/** Puts the extension into the profile: the installed VSIX, or the source tree linked in. */
function provideExtension(profile, manifest, vsix) {
    if (vsix) return void installVsix(profile, vsix);
    const id = `${manifest.publisher}.${manifest.name}-${manifest.version}`;
    symlinkSync(root, path.join(profile.extensionsDir, id), 'dir');
}

async function runTheme(theme, opts, manifest) {
    const profile = makeProfile({ 'workbench.colorTheme': THEMES[theme] });
    provideExtension(profile, manifest, opts.vsix);
    const workspace = path.join(profile.dir, 'workspace');
    cpSync(path.join(root, 'test/host/workspace'), workspace, { recursive: true });
    // Why: "Save globally" writes the user's presets under $LSWAG_HOME, never the real ~/.lswag.
    const lswagHome = path.join(profile.dir, 'lswag-home');
    const server = await startCodeServer({
        profile,
        folder: workspace,
        env: {
            LSWAG_HOME: lswagHome,
            // Why: "Score by tracing" needs PyTorch; Debian's Python has it (a pyenv python3 may not).
            ...(existsSync(DEBIAN_PYTHON) && !process.env.LSWAG_PYTHON
                ? { LSWAG_PYTHON: DEBIAN_PYTHON }
                : {}),
        },
    });
    const browser = await launchBrowser();
    const results = [];
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(workbenchUrl(server.origin, workspace));
        let failed = false;
        const checks = uiChecks({
            theme,
            shotsDir: opts.shotsDir,
            workspace,
            lswagHome,
            fromVsix: Boolean(opts.vsix),
        });
        // Why the first always: it waits for the workbench that every other check needs.
        const chosen = checks.filter(
            (c, i) =>
                i === 0 || opts.only.length === 0 || opts.only.some((t) => c.name.includes(t)),
        );
        for (const check of chosen) {
            const label = `[${theme}] ${check.name}`;
            if (failed) {
                results.push({ label, outcome: 'failed', why: 'an earlier check failed' });
                continue;
            }
            const started = Date.now();
            try {
                const skipped = await check.run(page);
                const seconds = ((Date.now() - started) / 1000).toFixed(1);
                results.push({
                    label,
                    outcome: skipped ? 'skipped' : 'passed',
                    why: skipped,
                    seconds,
                });
            } catch (e) {
                failed = true;
                const shot = path.join(profile.dir, `failure-${theme}.png`);
                await page.screenshot({ path: shot }).catch(() => undefined);
                const why = `${e instanceof Error ? e.message : String(e)} (screenshot ${shot})`;
                results.push({ label, outcome: 'failed', why });
            }
            const r = results.at(-1);
            const mark = { passed: 'ok', skipped: 'skip', failed: 'FAIL' }[r.outcome];
            console.log(
                `  ${mark} ${r.label}${r.seconds ? ` (${r.seconds} s)` : ''}${r.why ? `: ${r.why}` : ''}`,
            );
        }
    } finally {
        await browser.close().catch(() => undefined);
        await server.stop();
    }
    if (results.every((r) => r.outcome !== 'failed')) removeProfile(profile);
    else console.error(`ui: kept ${profile.dir} for inspection`);
    return results;
}

async function main() {
    const started = Date.now();
    const opts = parseArgs(process.argv.slice(2));
    if (opts.build && !opts.vsix) {
        const r = spawnSync(process.execPath, ['scripts/build.mjs'], {
            cwd: root,
            stdio: 'inherit',
        });
        if (r.status !== 0) throw new Error('building the extension failed');
    }
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    mkdirSync(opts.shotsDir, { recursive: true });
    const results = [];
    for (const theme of opts.themes) {
        if (!THEMES[theme]) throw new Error(`unknown theme ${theme} (light or dark)`);
        results.push(...(await runTheme(theme, opts, manifest)));
    }
    const count = (o) => results.filter((r) => r.outcome === o).length;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
        `ui: ${count('skipped')} skipped; screenshots in ${path.relative(root, opts.shotsDir)}; ${seconds} s`,
    );
    console.log(`${count('passed')} passed, ${count('failed')} failed`);
    return count('failed') === 0 ? 0 : 1;
}

main().then(
    (code) => (process.exitCode = code),
    (e) => {
        console.error(`runUiChecks: ${e instanceof Error ? e.message : String(e)}`);
        console.log('0 passed, 1 failed');
        process.exitCode = 1;
    },
);
