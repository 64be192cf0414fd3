// The information messages that explain an outcome (nothing found, a score finished), shown through
// one function that also keeps the last few: the host tests read them back, since a test cannot
// see a notification.
import * as vscode from 'vscode';

const KEPT = 20;
const recent: string[] = [];

/** Shows an information message with `buttons`; resolves to the chosen one. */
export function showNotice(message: string, ...buttons: string[]): Thenable<string | undefined> {
    recent.push(buttons.length > 0 ? `${message} [${buttons.join('] [')}]` : message);
    if (recent.length > KEPT) recent.splice(0, recent.length - KEPT);
    return vscode.window.showInformationMessage(message, ...buttons);
}

/** The last messages shown, oldest first, each with its buttons in brackets. */
export function recentNotices(): readonly string[] {
    return [...recent];
}
