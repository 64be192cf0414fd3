// Extension entry point: wires the context and the command table to VS Code, nothing more.
// Only src/extension/** imports vscode; engine work happens in the worker process, not here.
import * as vscode from 'vscode';
import { commandFactories } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

/**
 * Called by VS Code on a Python file, a workspace with architecture files, or a command. Cheap on
 * purpose: no front end, parser or engine loads until a lens, a diagnostic or a command needs it.
 */
export function activate(context: vscode.ExtensionContext): void {
    const current = new Ctx(context);
    ctx = current;
    context.subscriptions.push(current);
    for (const [id, factory] of Object.entries(commandFactories)) {
        context.subscriptions.push(vscode.commands.registerCommand(id, factory(current)));
    }
}

/** Stops the engine worker; every registration is disposed through `context.subscriptions`. */
export async function deactivate(): Promise<void> {
    await ctx?.stop();
    ctx = undefined;
}
