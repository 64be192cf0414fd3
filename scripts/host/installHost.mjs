// Installs the VS Code test host offline: code-server 4.100.3 into .host/ (git-ignored), following
// ../../shared/HOST-TESTS.md, plus the Debian packages it and the UI checks need. Idempotent: a
// finished install leaves a version stamp and is skipped next time; a broken one is redone.
// Usage: node scripts/host/installHost.mjs [--force]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
    CODE_SERVER_VERSION,
    chromiumPath,
    codeServerDir,
    hostDir,
    isHostInstalled,
    stampFile,
} from './hostPaths.mjs';

/** Debian packages: compilers and Kerberos headers for code-server's native modules, rg, Chromium. */
const APT_PACKAGES = ['build-essential', 'pkg-config', 'libkrb5-dev', 'ripgrep', 'chromium'];

const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];

function run(command, args, cwd, env = {}) {
    console.log(`installHost: ${path.relative(hostDir, cwd) || '.'}$ ${command} ${args.join(' ')}`);
    const result = spawnSync(command, args, {
        cwd,
        stdio: 'inherit',
        env: { ...process.env, ...env },
    });
    if (result.error) throw result.error;
    if (result.status !== 0)
        throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
}

function isAptInstalled(pkg) {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.includes('install ok installed');
}

function installAptPackages() {
    const missing = APT_PACKAGES.filter((p) => !isAptInstalled(p));
    if (missing.length === 0) return;
    // Why: CI runs as root; elsewhere sudo is the usual way in.
    const apt = (args) =>
        process.getuid?.() === 0
            ? run('apt-get', args, hostDir, { DEBIAN_FRONTEND: 'noninteractive' })
            : run('sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], hostDir);
    apt(['update']);
    // Why the lock timeout: another apt run (unattended upgrades, a parallel job) may hold the lock.
    apt(['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', ...missing]);
}

function installCodeServer() {
    const partial = `${codeServerDir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    rmSync(codeServerDir, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    writeFileSync(
        path.join(partial, 'package.json'),
        '{"name":"lswag-test-host","private":true}\n',
    );
    // Why --ignore-scripts: @vscode/ripgrep's postinstall downloads from GitHub, which is unreachable;
    // the native modules are rebuilt below and ripgrep comes from Debian.
    run(
        'npm',
        ['install', '--ignore-scripts', ...npmQuiet, `code-server@${CODE_SERVER_VERSION}`],
        partial,
    );
    run('npm', ['rebuild', 'argon2'], partial);
    const vscodeDir = path.join(partial, 'node_modules/code-server/lib/vscode');
    run('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], vscodeDir);
    const rgDir = path.join(vscodeDir, 'node_modules/@vscode/ripgrep/bin');
    mkdirSync(rgDir, { recursive: true });
    const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
    rmSync(path.join(rgDir, 'rg'), { force: true });
    symlinkSync(rg, path.join(rgDir, 'rg'));
    run('npm', ['rebuild', '--foreground-scripts', '--loglevel=error'], vscodeDir, {
        npm_config_yes: 'true',
    });
    const link = (target, at) => {
        rmSync(at, { force: true });
        symlinkSync(target, at);
    };
    link('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    link('code-linux.sh', path.join(vscodeDir, 'bin/remote-cli/code-server'));
    link('browser-linux.sh', path.join(vscodeDir, 'bin/helpers/browser.sh'));
    run('npm', ['install', '--omit=dev', ...npmQuiet], path.join(vscodeDir, 'extensions'));
    renameSync(partial, codeServerDir);
    writeFileSync(
        stampFile,
        `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() })}\n`,
    );
}

function main() {
    const isForced = process.argv.includes('--force');
    mkdirSync(hostDir, { recursive: true });
    const started = Date.now();
    installAptPackages();
    if (!existsSync(chromiumPath)) throw new Error(`Chromium is missing at ${chromiumPath}`);
    if (isHostInstalled() && !isForced) {
        console.log(
            `installHost: code-server ${CODE_SERVER_VERSION} already in ${path.relative(process.cwd(), codeServerDir)}`,
        );
        return;
    }
    installCodeServer();
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`installHost: installed code-server ${CODE_SERVER_VERSION} in ${seconds} s`);
}

try {
    main();
} catch (e) {
    console.error(`installHost: failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
}
