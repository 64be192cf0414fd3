// Quick fixes on our own diagnostics that are edits: "did you mean" for a misspelt op, field,
// layer type or family; "add '# lswag: input=...'" where the input shape is unknown; and "inline
// constant" for "'hidden' is a variable". Tracing has its own action (traceAction.ts).
import * as vscode from 'vscode';
import { inlineConstant } from '../core/frontends/python/inlineConstant';
import { nearestName, suggestionIn } from '../core/util/didYouMean';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Input shapes offered when the code does not decide one: CIFAR, ImageNet, MNIST sizes. */
export const INPUT_CHOICES = ['3x32x32', '3x224x224', '1x28x28'] as const;

/** The part of a TextDocument the fixes read. */
export interface FixDocument {
    readonly uri: vscode.Uri;
    getText(range?: vscode.Range): string;
    lineAt(line: number): { readonly text: string };
}

export class QuickFixProvider implements vscode.CodeActionProvider {
    static readonly kinds = [vscode.CodeActionKind.QuickFix];

    provideCodeActions(
        document: FixDocument,
        _range: vscode.Range,
        context: vscode.CodeActionContext,
    ): vscode.CodeAction[] {
        return context.diagnostics
            .filter((d) => d.source === DIAGNOSTIC_SOURCE)
            .flatMap((d) => [
                ...didYouMeanFix(document, d),
                ...inputCommentFixes(document, d),
                ...inlineConstantFix(document, d),
            ]);
    }
}

function edit(title: string, diagnostic: vscode.Diagnostic, change: vscode.WorkspaceEdit) {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.edit = change;
    return action;
}

/** Replaces the misspelt word under the diagnostic by the suggestion, keeping its quotes. */
function didYouMeanFix(document: FixDocument, d: vscode.Diagnostic): vscode.CodeAction[] {
    const suggestion = suggestionIn(d.message);
    if (suggestion === undefined) return [];
    const written = document.getText(d.range);
    const [, quote, word] = /^(["']?)([\s\S]*)\1$/.exec(written) ?? [];
    // Why the check: the fix edits only a range that holds the misspelling itself.
    if (word === undefined || nearestName(word, [suggestion]) !== suggestion) return [];
    const change = new vscode.WorkspaceEdit();
    change.replace(document.uri, d.range, `${quote}${suggestion}${quote}`);
    const action = edit(`Change '${word}' to '${suggestion}'`, d, change);
    action.isPreferred = true;
    return [action];
}

/** "Add '# lswag: input=...'" above the definition, one action per common shape. */
function inputCommentFixes(document: FixDocument, d: vscode.Diagnostic): vscode.CodeAction[] {
    if (!/add '# lswag: input=/.test(d.message)) return [];
    const line = d.range.start.line;
    const indent = /^\s*/.exec(document.lineAt(line).text)![0];
    return INPUT_CHOICES.map((shape) => {
        const change = new vscode.WorkspaceEdit();
        change.insert(
            document.uri,
            new vscode.Position(line, 0),
            `${indent}# lswag: input=${shape}\n`,
        );
        return edit(`Add '# lswag: input=${shape}'`, d, change);
    });
}

/** Writes the literal a variable holds in place of the variable. */
function inlineConstantFix(document: FixDocument, d: vscode.Diagnostic): vscode.CodeAction[] {
    const name = /'([A-Za-z_]\w*)' is a variable/.exec(d.message)?.[1];
    if (name === undefined || document.getText(d.range) !== name) return [];
    const constant = inlineConstant(document.getText(), d.range.start.line, name);
    if (!constant) return [];
    const change = new vscode.WorkspaceEdit();
    change.replace(document.uri, d.range, constant.value);
    const action = edit(`Inline constant ${name} = ${constant.value}`, d, change);
    action.isPreferred = true;
    return [action];
}
