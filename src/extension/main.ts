// Extension entry point: wires commands to VS Code and hands every disposable to the context.
// Only src/extension/** imports vscode; engine work happens in the worker process, not here.
import * as vscode from 'vscode';

type CommandHandler = (...args: unknown[]) => unknown;

/** Every command id (as contributed in package.json) mapped to its handler. */
function commandTable(context: vscode.ExtensionContext): Record<string, CommandHandler> {
    return {
        'lswag.showEngineInfo': () => showEngineInfo(context),
    };
}

function showEngineInfo(context: vscode.ExtensionContext): Thenable<string | undefined> {
    const version = String(context.extension.packageJSON.version ?? 'unknown');
    return vscode.window.showInformationMessage(`L-SWAG Zero-Shot NAS ${version}`);
}

/** Called by VS Code on first use of a contributed command. */
export function activate(context: vscode.ExtensionContext): void {
    for (const [id, handler] of Object.entries(commandTable(context))) {
        context.subscriptions.push(vscode.commands.registerCommand(id, handler));
    }
}

/** Nothing to stop yet: every registration is disposed through `context.subscriptions`. */
export function deactivate(): void {}
