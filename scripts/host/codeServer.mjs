// Starts and stops code-server (the cached test host) for one test run: a free 127.0.0.1 port, a
// fresh user-data and extensions folder, detached in its own process group so that stopping it also
// stops the extension host and the engine worker it spawned.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry, isHostInstalled } from './hostPaths.mjs';

/** A free TCP port on 127.0.0.1 (webviews need a secure context: loopback, not a LAN address). */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

function assertInstalled() {
    if (!isHostInstalled())
        throw new Error('the test host is not installed: run `node scripts/host/installHost.mjs`');
}

/** A temp folder with user-data/ (holding settings.json) and extensions/. */
export function makeProfile(userSettings = {}) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-host-'));
    const userDataDir = path.join(dir, 'user-data');
    const extensionsDir = path.join(dir, 'extensions');
    mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    const settings = {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        ...userSettings,
    };
    writeFileSync(
        path.join(userDataDir, 'User', 'settings.json'),
        JSON.stringify(settings, null, 4),
    );
    writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\ncert: false\n');
    return { dir, userDataDir, extensionsDir, configFile: path.join(dir, 'config.yaml') };
}

/** Installs a .vsix into the profile's extensions folder offline (code-server's own CLI). */
export function installVsix(profile, vsix) {
    assertInstalled();
    const r = spawnSync(
        process.execPath,
        [
            codeServerEntry,
            '--user-data-dir',
            profile.userDataDir,
            '--extensions-dir',
            profile.extensionsDir,
            '--install-extension',
            path.resolve(vsix),
        ],
        { encoding: 'utf8' },
    );
    const out = `${r.stdout}${r.stderr}`.trim();
    if (r.status !== 0 || !/successfully installed/i.test(out))
        throw new Error(`installing ${vsix} failed (exit ${r.status}): ${out}`);
    return out;
}

/**
 * Starts code-server on `folder`; resolves once /healthz answers. `env` reaches the extension host
 * (it inherits code-server's environment).
 */
export async function startCodeServer({ profile, folder, env = {}, timeoutMs = 60_000 }) {
    assertInstalled();
    const port = await freePort();
    const logFile = path.join(profile.dir, 'code-server.log');
    const log = openSync(logFile, 'a');
    const child = spawn(
        process.execPath,
        [
            codeServerEntry,
            '--config',
            profile.configFile,
            '--bind-addr',
            `127.0.0.1:${port}`,
            '--auth',
            'none',
            '--user-data-dir',
            profile.userDataDir,
            '--extensions-dir',
            profile.extensionsDir,
            '--disable-telemetry',
            '--disable-update-check',
            '--disable-workspace-trust',
            '--disable-getting-started-override',
            folder,
        ],
        { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...env } },
    );
    let exited = false;
    child.once('exit', () => (exited = true));
    const stopGroup = () => {
        try {
            process.kill(-child.pid, 'SIGKILL');
        } catch {
            // already gone
        }
    };
    // Why: a crashed or interrupted runner must not leave a server (and its workers) behind.
    process.once('exit', stopGroup);
    const server = {
        port,
        origin: `http://127.0.0.1:${port}`,
        logFile,
        log: () => readFileSync(logFile, 'utf8'),
        /** Stops the whole process group: TERM, then KILL after a grace period. */
        async stop() {
            process.removeListener('exit', stopGroup);
            if (!exited) {
                try {
                    process.kill(-child.pid, 'SIGTERM');
                } catch {
                    // already gone
                }
                const deadline = Date.now() + 3000;
                while (!exited && Date.now() < deadline) await sleep(100);
            }
            stopGroup();
        },
    };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (exited) throw new Error(`code-server exited at start:\n${server.log().slice(-4000)}`);
        try {
            const res = await fetch(`${server.origin}/healthz`);
            if (res.ok) return server;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            await server.stop();
            throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
        }
        await sleep(200);
    }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Removes a profile folder (best effort: the host may still be flushing state files). */
export function removeProfile(profile) {
    rmSync(profile.dir, { recursive: true, force: true, maxRetries: 3 });
}
