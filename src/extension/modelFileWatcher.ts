// A model file that changes on disk makes the scores of the files reading it stale (their lenses
// say "Score" again).
import * as vscode from 'vscode';
import type { ModelStamps } from './modelStamps';

/** Watches every .onnx file; `onStale` runs when a changed one is read by a scored file. */
export function watchModelFiles(models: ModelStamps, onStale: () => void): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.onnx');
    const changed = (uri: vscode.Uri) => {
        if (models.changed(uri.fsPath).length > 0) onStale();
    };
    return [
        watcher,
        watcher.onDidChange(changed),
        watcher.onDidCreate(changed),
        watcher.onDidDelete(changed),
    ];
}
