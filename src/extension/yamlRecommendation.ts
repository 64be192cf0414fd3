// Recommends the Red Hat YAML extension when an architecture file in YAML is opened without it:
// without it the contributed schema gives no completion in `*.arch.yaml` (our own diagnostics and
// the JSON files' validation work regardless). At most once a session; "Don't Show Again" is
// remembered in globalState.
import * as vscode from 'vscode';

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
/** The globalState key that records "Don't Show Again". */
export const YAML_DISMISSED_KEY = 'lswag.yamlRecommendation.dismissed';
const INSTALL = 'Show YAML Extension';
const NEVER = "Don't Show Again";

export interface YamlRecommendationDeps {
    readonly state: vscode.Memento;
    readonly hasYamlExtension: () => boolean;
}

/** Watches opened documents; returns the listener's disposable. */
export function recommendYamlExtension(deps: YamlRecommendationDeps): vscode.Disposable {
    let hasShown = false;
    const check = (document: { readonly fileName: string }): void => {
        if (hasShown || !/\.arch\.ya?ml$/i.test(document.fileName)) return;
        if (deps.hasYamlExtension() || deps.state.get<boolean>(YAML_DISMISSED_KEY) === true) return;
        hasShown = true;
        void offer(deps.state);
    };
    for (const d of vscode.workspace.textDocuments) check(d);
    return vscode.workspace.onDidOpenTextDocument(check);
}

async function offer(state: vscode.Memento): Promise<void> {
    const picked = await vscode.window.showInformationMessage(
        "L-SWAG: for completion from the architecture schema in .arch.yaml files, install Red Hat's YAML extension. L-SWAG's own checks work without it.",
        INSTALL,
        NEVER,
    );
    if (picked === INSTALL) {
        await vscode.commands.executeCommand('workbench.extensions.search', YAML_EXTENSION_ID);
    } else if (picked === NEVER) {
        await state.update(YAML_DISMISSED_KEY, true);
    }
}
