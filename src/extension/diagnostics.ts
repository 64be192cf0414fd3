// Problems of open architecture documents: what the front ends could not read, and definitions the
// engine could not build or score. One DiagnosticCollection, updated on open, change (debounced),
// save and score; cleared on close.
import * as vscode from 'vscode';
import type { ArchitectureSpec, SpecDiagnostic } from '../core/spec/spec';
import { currentSettings } from './config';
import { type FileKey, type ScoreCache, candidateKey } from './scoreCache';
import { tracingOffReason } from './tracing';
import { diagnosticCode } from './whatCanBeScored';
import type { SourceDocument, SpecReader } from './specReader';

export const DIAGNOSTIC_SOURCE = 'lswag';

const SEVERITY: Readonly<Record<SpecDiagnostic['severity'], vscode.DiagnosticSeverity>> = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    info: vscode.DiagnosticSeverity.Information,
};

/**
 * A front end's diagnostic as VS Code shows it (same 0-based range, source "lswag"), its code a link
 * to the "What can be scored?" section about it. `tracingOff` is why tracing cannot run now, if so.
 */
export function toDiagnostic(d: SpecDiagnostic, tracingOff?: string): vscode.Diagnostic {
    const { start, end } = d.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    // Why: the front end promises a trace; when tracing is off the message must say so and how.
    const message = tracingOff
        ? d.message.replace(
              WILL_BE_TRACED,
              `(it needs tracing with Python, which is off: ${tracingOff})`,
          )
        : d.message;
    const diagnostic = new vscode.Diagnostic(range, message, SEVERITY[d.severity]);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = diagnosticCode(message, ARCHITECTURE_FILE.test(d.range.file));
    return diagnostic;
}

/** The front end's wording for a definition left to tracing (python/pytorchDefinitions.ts). */
const WILL_BE_TRACED = '(it will be traced with your PyTorch)';
const ARCHITECTURE_FILE = /\.arch\.(ya?ml|json)$/i;

/** Warnings at the definitions whose cached score reports errors (build failures included). */
export function scoreDiagnostics(
    specs: readonly ArchitectureSpec[],
    cache: ScoreCache,
    key: FileKey,
): SpecDiagnostic[] {
    const out: SpecDiagnostic[] = [];
    for (const spec of specs) {
        const candidate = candidateKey(key, spec);
        // Why fresh only: a stale score's errors may be fixed already; its lens says it is stale.
        const scored = spec.source && cache.isFresh(candidate) && cache.get(candidate);
        if (!scored || scored.result.errors.length === 0) continue;
        const [first, ...rest] = scored.result.errors;
        const more = rest.length > 0 ? ` (and ${rest.length} more; see the engine log)` : '';
        out.push({
            severity: 'warning',
            message: `'${spec.name}': ${first}${more}`,
            range: spec.source!,
        });
    }
    return out;
}

export interface SpecDiagnosticsDeps {
    readonly reader: SpecReader;
    readonly cache: ScoreCache;
    /** The cache key of a document's text under the current options (undefined: options invalid). */
    readonly fileKey: (file: string, text: string) => Promise<FileKey | undefined>;
    readonly delayMs?: number;
}

export class SpecDiagnostics implements vscode.Disposable {
    private readonly collection: vscode.DiagnosticCollection;
    private readonly timers = new Map<string, NodeJS.Timeout>();
    private readonly subscriptions: vscode.Disposable[] = [];

    constructor(private readonly deps: SpecDiagnosticsDeps) {
        this.collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
        const w = vscode.workspace;
        this.subscriptions.push(
            w.onDidOpenTextDocument((d) => this.schedule(d)),
            w.onDidChangeTextDocument((e) => this.schedule(e.document)),
            w.onDidSaveTextDocument((d) => void this.update(d)),
            w.onDidCloseTextDocument((d) => this.clear(d.uri)),
            deps.reader.onDidLoadPython(() => this.refreshAll()),
        );
    }

    /** Updates a document after a quiet period (typing does not parse on every key). */
    schedule(document: SourceDocument): void {
        const key = document.uri.toString();
        clearTimeout(this.timers.get(key));
        const timer = setTimeout(() => {
            this.timers.delete(key);
            void this.update(document);
        }, this.deps.delayMs ?? 400);
        this.timers.set(key, timer);
    }

    /** Schedules every open document (after a load, a score or a settings change). */
    refreshAll(): void {
        for (const d of vscode.workspace.textDocuments) this.schedule(d);
    }

    async update(document: SourceDocument): Promise<void> {
        // Why: diff views and other virtual documents show files' old text, not the file itself.
        if (document.uri.scheme !== 'file') return;
        const result = await this.deps.reader.read(document);
        if (!result) return;
        const key = await this.deps.fileKey(document.uri.fsPath, document.getText());
        const found = [
            ...result.diagnostics,
            ...(key ? scoreDiagnostics(result.specs, this.deps.cache, key) : []),
        ];
        const off = tracingOffReason(vscode.workspace.isTrusted, currentSettings().usePython);
        this.collection.set(
            document.uri,
            found.map((d) => toDiagnostic(d, off)),
        );
    }

    clear(uri: vscode.Uri): void {
        clearTimeout(this.timers.get(uri.toString()));
        this.timers.delete(uri.toString());
        this.collection.delete(uri);
        this.deps.reader.forget(uri);
    }

    dispose(): void {
        for (const t of this.timers.values()) clearTimeout(t);
        this.timers.clear();
        for (const s of this.subscriptions) s.dispose();
        this.collection.dispose();
    }
}
