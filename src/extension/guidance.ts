// Registers what explains the extension to its user beyond lenses and commands: hovers on
// definitions, the quick fixes that are edits, the YAML extension recommendation, and diagnostics
// that follow the tracing setting and workspace trust (their text says whether tracing can run).
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { DefinitionHoverProvider } from './definitionHover';
import { QuickFixProvider } from './quickFixes';
import { YAML_EXTENSION_ID, recommendYamlExtension } from './yamlRecommendation';

export function registerGuidance(ctx: Ctx): vscode.Disposable[] {
    const selector = DefinitionHoverProvider.selector;
    return [
        vscode.languages.registerHoverProvider(
            selector,
            new DefinitionHoverProvider({
                reader: ctx.reader,
                cache: ctx.cache,
                fileKey: (file, text) => ctx.settings.fileKey(file, text),
                isTrusted: () => vscode.workspace.isTrusted,
            }),
        ),
        vscode.languages.registerCodeActionsProvider(selector, new QuickFixProvider(), {
            providedCodeActionKinds: QuickFixProvider.kinds,
        }),
        recommendYamlExtension({
            state: ctx.extension.globalState,
            hasYamlExtension: () => vscode.extensions.getExtension(YAML_EXTENSION_ID) !== undefined,
        }),
        vscode.workspace.onDidChangeConfiguration((e) => {
            if (e.affectsConfiguration('lswag.usePython')) ctx.diagnostics.refreshAll();
        }),
        vscode.workspace.onDidGrantWorkspaceTrust(() => ctx.diagnostics.refreshAll()),
    ];
}
