// The quick fix on a PyTorch definition that static reading could not build: "Score by tracing with
// Python". Offered only where tracing can run (a trusted workspace with lswag.usePython on); it
// runs the same Score command as the definition's lens, which traces before scoring.
import * as vscode from 'vscode';
import type { PytorchSpec } from '../core/spec/spec';
import { toRange } from './codeLens';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { SourceDocument, SpecReader } from './specReader';

export interface TraceActionDeps {
    readonly reader: SpecReader;
    readonly isTracingAvailable: () => boolean;
}

export class TraceActionProvider implements vscode.CodeActionProvider {
    static readonly kinds = [vscode.CodeActionKind.QuickFix];

    constructor(private readonly deps: TraceActionDeps) {}

    async provideCodeActions(
        document: SourceDocument,
        _range: vscode.Range,
        context: vscode.CodeActionContext,
    ): Promise<vscode.CodeAction[]> {
        const ours = context.diagnostics.filter(
            (d) =>
                d.source === DIAGNOSTIC_SOURCE &&
                d.severity === vscode.DiagnosticSeverity.Information,
        );
        if (ours.length === 0 || !this.deps.isTracingAvailable()) return [];
        const specs = (await this.deps.reader.read(document))?.specs ?? [];
        const traceable = specs.filter((s): s is PytorchSpec => s.family === 'pytorch');
        const actions: vscode.CodeAction[] = [];
        for (const spec of traceable) {
            if (!spec.source) continue;
            const at = toRange(spec.source);
            const diagnostics = ours.filter((d) => at.contains(d.range));
            if (diagnostics.length === 0) continue;
            const action = new vscode.CodeAction(
                `Score ${spec.name} by tracing with Python`,
                vscode.CodeActionKind.QuickFix,
            );
            action.diagnostics = diagnostics;
            action.command = {
                command: 'lswag.scoreArchitecture',
                title: action.title,
                arguments: [document.uri, spec.name],
            };
            actions.push(action);
        }
        return actions;
    }
}
