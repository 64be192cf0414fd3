// "What can be scored?": the page shipped in the VSIX (docs/what-can-be-scored.md), opened in the
// Markdown preview, and the link to it that every diagnostic, empty state and "nothing found"
// message carries (a diagnostic's `code` targets the command, at the section its message is about).
import path from 'node:path';
import * as vscode from 'vscode';
import { showNotice } from './notices';

/** The command that opens the page; its optional argument is a section (a `Topic`). */
export const SHOW_WHAT_CAN_BE_SCORED = 'lswag.showWhatCanBeScored';
/** The label of every button and link to the page. */
export const WHAT_CAN_BE_SCORED = 'What Can Be Scored?';
/** The page, relative to the extension's folder. */
export const DOC_PATH = 'docs/what-can-be-scored.md';

/** Sections of the page (Markdown heading slugs) that a problem is about. */
export type Topic =
    | 'architecture-files'
    | 'nothing-is-found-in-my-python-file'
    | 'the-input-shape-is-unknown'
    | 'it-needs-constructor-arguments'
    | 'a-value-is-only-known-when-python-runs'
    | 'it-needs-tracing-with-python'
    | 'the-output-is-not-a-classifier'
    | 'onnx-files-are-skipped';

/** Which section explains a front end's or the tracer's message, first match wins. */
const TOPICS: readonly (readonly [RegExp, Topic])[] = [
    [/needs constructor arguments|lswag: args=/, 'it-needs-constructor-arguments'],
    [/input shape|lswag: input=/, 'the-input-shape-is-unknown'],
    [/only classifiers/, 'the-output-is-not-a-classifier'],
    [
        /tracing|traced|usePython|not trusted|Python is not allowed|PyTorch/,
        'it-needs-tracing-with-python',
    ],
    [/statically/, 'a-value-is-only-known-when-python-runs'],
    [/onnx|ONNX|eval-mode/, 'onnx-files-are-skipped'],
];

/** The section that explains `message`; undefined: the top of the page. */
export function topicOf(message: string, isArchitectureFile = false): Topic | undefined {
    const hit = TOPICS.find(([re]) => re.test(message))?.[1];
    return hit ?? (isArchitectureFile ? 'architecture-files' : undefined);
}

/** A `command:` link that opens the page at `topic` (hovers and diagnostics allow commands). */
export function whatCanBeScoredLink(topic?: Topic): vscode.Uri {
    const args = topic ? `?${encodeURIComponent(JSON.stringify([topic]))}` : '';
    return vscode.Uri.parse(`command:${SHOW_WHAT_CAN_BE_SCORED}${args}`);
}

/** The `code` of an lswag diagnostic: its link to the page, at the section about `message`. */
export function diagnosticCode(
    message: string,
    isArchitectureFile: boolean,
): { value: string; target: vscode.Uri } {
    return {
        value: 'what-can-be-scored',
        target: whatCanBeScoredLink(topicOf(message, isArchitectureFile)),
    };
}

/**
 * Opens the page in the Markdown preview, at `topic` when given; falls back to the text editor where
 * the built-in Markdown extension is disabled.
 */
export async function showWhatCanBeScored(extensionPath: string, topic?: string): Promise<void> {
    const file = vscode.Uri.file(path.join(extensionPath, DOC_PATH));
    const uri = topic ? file.with({ fragment: topic }) : file;
    try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
        await vscode.window.showTextDocument(file, { preview: true });
    }
}

/**
 * An information message that says why nothing was found, with a button to the page (and `more`
 * buttons, whose chosen label is returned).
 */
export async function showNothingFound(
    message: string,
    topic?: Topic,
    ...more: string[]
): Promise<string | undefined> {
    const picked = await showNotice(message, WHAT_CAN_BE_SCORED, ...more);
    if (picked === WHAT_CAN_BE_SCORED) {
        await vscode.commands.executeCommand(SHOW_WHAT_CAN_BE_SCORED, topic);
        return undefined;
    }
    return picked;
}
