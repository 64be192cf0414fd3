// Extension entry point: wires the context and the command table to VS Code, nothing more.
// Only src/extension/** imports vscode; engine work happens in the worker process, not here.
import * as vscode from 'vscode';
import type { TreeSnapshot } from './architecturesTree';
import { commandFactories } from './commands';
import { Ctx } from './ctx';
import { registerGuidance } from './guidance';
import { recentNotices } from './notices';
import type { RankingsView } from './rankingsPanel';
import type { SessionSnapshot } from './searchSession';

/** What `activate` returns for the host integration tests (test/host): probes, and the search page's side. */
export interface LswagTestApi {
    /** Whether the engine (worker client) was created; activation must not create it. */
    readonly isEngineCreated: () => boolean;
    /** The view the rankings panel shows last, if it was opened. */
    readonly rankingsView: () => RankingsView | undefined;
    /** The search panel's session: the run in progress or the last one (undefined before any). */
    readonly searchSnapshot: () => Promise<SessionSnapshot | undefined>;
    /**
     * Hands the search panel one message as its page would post it (start, stop, resume...); it goes
     * through the same check as the page's. Why: mocha cannot click inside a webview (test/host/ui does).
     */
    readonly searchPanelMessage: (message: unknown) => Promise<void>;
    /** The Architecture Rankings tree as shown (mocha cannot read a tree view's rows). */
    readonly architectureTree: () => Promise<TreeSnapshot>;
    /** The last explaining messages shown (nothing found, score finished), with their buttons. */
    readonly recentNotices: () => readonly string[];
}

let ctx: Ctx | undefined;

/**
 * Called by VS Code on a Python file, a workspace with architecture files, or a command. Cheap on
 * purpose: no front end, parser or engine loads until a lens, a diagnostic or a command needs it.
 */
export function activate(context: vscode.ExtensionContext): LswagTestApi {
    const current = new Ctx(context);
    ctx = current;
    context.subscriptions.push(current);
    for (const [id, factory] of Object.entries(commandFactories)) {
        context.subscriptions.push(vscode.commands.registerCommand(id, factory(current)));
    }
    context.subscriptions.push(...registerGuidance(current));
    return {
        isEngineCreated: () => current.engine.isCreated,
        rankingsView: () => current.rankings.current,
        searchSnapshot: () => current.search.snapshot(),
        searchPanelMessage: (message) => current.search.received(message),
        architectureTree: () => current.architectures.snapshot(),
        recentNotices,
    };
}

/** Stops the engine worker; every registration is disposed through `context.subscriptions`. */
export async function deactivate(): Promise<void> {
    await ctx?.stop();
    ctx = undefined;
}
