// Turns the PyTorch definitions that static reading could not build into traced ONNX models before a
// score, with the user's own Python and PyTorch: only in a trusted workspace, only with
// `lswag.usePython` on, one bounded child process at a time (src/host/tracer). Never for quiet
// rescoring on save, so typing never starts Python.
import path from 'node:path';
import * as vscode from 'vscode';
import type { ArchitectureSpec } from '../core/spec/spec';
import { currentSettings } from './config';
import { pickInterpreter } from './pythonInterpreter';

export interface TracingDeps {
    readonly output: vscode.LogOutputChannel;
    readonly isTrusted: () => boolean;
}

/** Specs ready for the engine, and the problems of the ones that could not be traced. */
export interface TracedSpecs {
    readonly specs: ArchitectureSpec[];
    readonly problems: string[];
}

/** Why tracing is off right now, or undefined when it may run. */
export function tracingOffReason(isTrusted: boolean, usePython: boolean): string | undefined {
    if (!isTrusted) return 'the workspace is not trusted';
    if (!usePython) return 'lswag.usePython is off';
    return undefined;
}

export class Tracing {
    constructor(private readonly deps: TracingDeps) {}

    /** Whether a "Score by tracing with Python" action can work now. */
    get isAvailable(): boolean {
        return tracingOffReason(this.deps.isTrusted(), currentSettings().usePython) === undefined;
    }

    /**
     * Replaces each PytorchSpec of `file` by its traced ONNX spec; the others pass through. A quiet
     * run (rescore on save) leaves PyTorch definitions out instead of starting Python.
     */
    async resolve(
        file: string,
        specs: readonly ArchitectureSpec[],
        how: {
            isQuiet?: boolean;
            report?: (message: string) => void;
            token?: vscode.CancellationToken;
        },
    ): Promise<TracedSpecs> {
        const pending = specs.filter((s) => s.family === 'pytorch');
        if (pending.length === 0) return { specs: [...specs], problems: [] };
        if (how.isQuiet)
            return { specs: specs.filter((s) => s.family !== 'pytorch'), problems: [] };
        const uri = vscode.Uri.file(file);
        const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
        const settings = currentSettings();
        const offReason = tracingOffReason(this.deps.isTrusted(), settings.usePython);
        const interpreter = offReason ? undefined : await pickInterpreter(settings.python, uri);
        const abort = new AbortController();
        const cancel = how.token?.onCancellationRequested(() => abort.abort());
        how.report?.(
            `tracing ${pending.length === 1 ? pending[0].name : `${pending.length} definitions`} with ${interpreter?.path ?? 'Python'}`,
        );
        try {
            // Why lazily: the tracer spawns processes (child_process); activation must not load it.
            const { resolvePytorchSpecs } = await import('../host/tracer/index');
            const traced = await resolvePytorchSpecs(specs, {
                workspaceRoot: root ?? path.dirname(file),
                isPythonAllowed: offReason === undefined,
                pythonOffReason: offReason,
                explicit: interpreter?.path,
                explicitFrom: interpreter?.from,
                input: settings.input,
                signal: abort.signal,
                onLog: (line) => this.deps.output.info(`tracer: ${line}`),
            });
            for (const t of traced.traces) {
                this.deps.output.info(
                    `traced ${t.name} (${t.file}) with ${t.interpreter}: ${t.ok ? `ok${t.fromCache ? ' (cached)' : ''}, input ${t.input?.join('x')} (${t.inputFrom})` : `failed (${t.failure})`}`,
                );
            }
            const problems = traced.diagnostics.map((d) => d.message);
            for (const p of problems) this.deps.output.warn(p);
            return { specs: traced.specs, problems };
        } finally {
            cancel?.dispose();
        }
    }
}
