// `lswag.rescoreOnSave`: a saved file's definitions without a fresh cached score are scored again,
// quietly (a stale one, whose definition changed, too).
import path from 'node:path';
import * as vscode from 'vscode';
import { currentSettings } from './config';
import { type FileKey, type ScoreCache, candidateKey } from './scoreCache';
import type { Scorer } from './scoring';
import type { SourceDocument, SpecReader } from './specReader';

export interface RescoreDeps {
    readonly reader: SpecReader;
    readonly cache: ScoreCache;
    readonly scorer: Scorer;
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
}

/** Listens for saves; dispose to stop. */
export function rescoreOnSave(deps: RescoreDeps): vscode.Disposable {
    return vscode.workspace.onDidSaveTextDocument((d) => void rescoreSaved(d, deps));
}

async function rescoreSaved(document: SourceDocument, deps: RescoreDeps): Promise<void> {
    if (!currentSettings().rescoreOnSave) return;
    const result = await deps.reader.read(document);
    const key = await deps.fileKey(document.uri.fsPath, document.getText());
    // Why not PyTorch definitions that need tracing: saving must never start Python.
    const specs =
        result?.specs.filter(
            (s) => s.family !== 'pytorch' && (!key || !deps.cache.isFresh(candidateKey(key, s))),
        ) ?? [];
    if (specs.length === 0) return;
    const title = `Scoring ${path.basename(document.fileName)}`;
    await deps.scorer.run([{ file: document.uri.fsPath, text: document.getText(), specs }], {
        scope: 'file',
        title,
        isQuiet: true,
    });
}
