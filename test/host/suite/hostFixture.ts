// Shared helpers of the host integration tests: the extension under test, waiting on the real host,
// the fixture workspace's files, and one workspace run that later tests build on.
import path from 'node:path';
import * as vscode from 'vscode';
import type { LswagTestApi } from '../../../src/extension/main';

export const EXTENSION_ID = 'lswag.lswag-zero-shot-nas';

/** The mode the runner started us in: the source tree, or the extension installed from a VSIX. */
export const expectedInstall = process.env.LSWAG_HOST_EXPECT === 'vsix' ? 'vsix' : 'source';

/** Polls `probe` until it returns something other than undefined (or throws after `timeoutMs`). */
export async function waitFor<T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs = 30_000,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}

export function extension(): vscode.Extension<LswagTestApi> {
    const ext = vscode.extensions.getExtension<LswagTestApi>(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
    return ext;
}

/** What the host looked like right after activation, before any test did anything. */
export interface ActivationSnapshot {
    readonly isEngineCreated: boolean;
    readonly onnxruntimeModules: readonly string[];
}

let atActivation: ActivationSnapshot | undefined;

/**
 * The extension's test API once VS Code activated it by itself (the fixture workspace holds
 * architecture files); calling `activate()` here would hide a broken activation event. Every test
 * starts here, so the first call, whichever test makes it, records the state after activation.
 */
export async function activatedApi(): Promise<LswagTestApi> {
    const ext = extension();
    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined));
    atActivation ??= {
        isEngineCreated: ext.exports.isEngineCreated(),
        onnxruntimeModules: loadedModules('onnxruntime-node'),
    };
    return ext.exports;
}

export async function activationSnapshot(): Promise<ActivationSnapshot> {
    await activatedApi();
    return atActivation!;
}

export function workspaceFile(relative: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('the host opened no workspace folder');
    return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Module files the extension host has loaded so far whose path mentions `name`. */
export function loadedModules(name: string): string[] {
    return Object.keys(require.cache).filter((file) => file.split(path.sep).includes(name));
}

/** The 0-based line of the first occurrence of `needle` in a document. */
export function lineOf(document: vscode.TextDocument, needle: string): number {
    const offset = document.getText().indexOf(needle);
    if (offset < 0) throw new Error(`'${needle}' is not in ${document.fileName}`);
    return document.positionAt(offset).line;
}

/** A document's lenses as the editor gets them: provided, then resolved (titles and commands). */
export async function resolvedLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
    await vscode.workspace.openTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
        1000,
    );
    return lenses ?? [];
}

/** Architecture files of the fixture workspace that hold valid definitions, and their names. */
export const SCORABLE = {
    'cells.arch.yaml': ['conv-heavy', 'mixed', 'pooling'],
    'models/tiny-cnns.arch.json': ['tiny-plain', 'tiny-deeper'],
    'broken.arch.yaml': ['fine'],
} as const;

/** The file whose lenses are recorded before the workspace run. */
export const LENS_FILE = 'cells.arch.yaml';

let workspaceRun: Promise<{ lensesBefore: vscode.CodeLens[] }> | undefined;

/**
 * Runs "Score Workspace (all architecture files)" once; tests that need scores share that run. Returns
 * LENS_FILE's lenses as they were just before it, whichever test started it.
 */
export function scoreWorkspaceOnce(): Promise<{ lensesBefore: vscode.CodeLens[] }> {
    workspaceRun ??= (async () => {
        await activatedApi();
        const lensesBefore = await resolvedLenses(workspaceFile(LENS_FILE));
        await vscode.commands.executeCommand<void>('lswag.scoreWorkspace');
        return { lensesBefore };
    })();
    return workspaceRun;
}
