// Text from files (candidate names, sources, run-file lines) reaches the terminal through here.
// A name may carry escape sequences (recolour, retitle or clear the terminal), carriage returns that
// overwrite a line, or bidi overrides that display text in another order than it is stored; each is
// shown as a visible `\uXXXX` escape instead. The escape is JSON's own, so `--json` output stays
// valid JSON with the same values.

// C0 controls, DEL, C1 controls, the bidi marks, embeddings, overrides and isolates, and the Unicode
// line and paragraph separators.
const UNSAFE =
    /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// The same, less the newline, tab and carriage return that output layout (tables, progress bars) uses.
const UNSAFE_IN_OUTPUT =
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One field (a name, a path, a message) with every control and bidi character made visible. */
export function terminalText(field: string): string {
    return field.replace(UNSAFE, escape);
}

/**
 * Whole output as a command writes it: controls and bidi characters escaped, newlines, tabs and
 * carriage returns kept for the layout. The last guard, so no printer can forget it.
 */
export function terminalOutput(text: string): string {
    return text.replace(UNSAFE_IN_OUTPUT, escape);
}
