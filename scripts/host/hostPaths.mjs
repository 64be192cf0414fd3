// Where the test host lives: code-server (a real VS Code server and web workbench) cached in the
// git-ignored .host/ folder, and the Chromium that drives it. One place, so the installer, the runner
// and the shim agree.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Why 4.100.3: the last code-server whose engines.node accepts Node 20 (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';

/** LSWAG_HOST_DIR lets CI keep one install across clean clones. */
export const hostDir = path.resolve(process.env.LSWAG_HOST_DIR ?? path.join(root, '.host'));
export const codeServerDir = path.join(hostDir, `code-server-${CODE_SERVER_VERSION}`);
export const stampFile = path.join(codeServerDir, 'installed.json');
export const codeServerEntry = path.join(
    codeServerDir,
    'node_modules/code-server/out/node/entry.js',
);
export const chromiumPath = process.env.LSWAG_CHROMIUM ?? '/usr/bin/chromium';

/** Whether a finished install of the pinned version is present (the stamp is written last). */
export function isHostInstalled() {
    if (!existsSync(stampFile) || !existsSync(codeServerEntry)) return false;
    try {
        return JSON.parse(readFileSync(stampFile, 'utf8')).version === CODE_SERVER_VERSION;
    } catch {
        return false;
    }
}
