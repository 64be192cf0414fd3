// Opens the examples that ship in the VSIX (the walkthrough's first step): copied out of the
// read-only extension folder into global storage, so their lenses, scores and edits behave as in
// any other file. A copy the user already has is kept (their edits survive).
import { constants } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** Example files in the extension's `examples/` folder; the first one is opened. */
export const EXAMPLE_FILES = ['nb201-cells.arch.yaml', 'nb201-notes.md'] as const;

/** Copies the examples (once) and opens the first one in an editor; returns its path. */
export async function openExamples(ctx: Ctx): Promise<string> {
    const dir = path.join(ctx.extension.globalStorageUri.fsPath, 'examples');
    await mkdir(dir, { recursive: true });
    for (const name of EXAMPLE_FILES) {
        const from = path.join(ctx.extension.extensionPath, 'examples', name);
        try {
            await copyFile(from, path.join(dir, name), constants.COPYFILE_EXCL);
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
    }
    const first = path.join(dir, EXAMPLE_FILES[0]);
    await vscode.window.showTextDocument(vscode.Uri.file(first));
    return first;
}
