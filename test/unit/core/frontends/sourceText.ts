// Test helpers: the text a SourceRange covers, and diagnostics in a compact comparable form.
import type { SourceRange, SpecDiagnostic } from '../../../../src/core/spec/spec';

/** Offsets of each line start, counting LF, CRLF and CR as VS Code does. */
function lineStarts(text: string): number[] {
    const starts = [0];
    for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
    return starts;
}

/** The text between the range's start and end. */
export function textAt(text: string, range: SourceRange): string {
    const starts = lineStarts(text);
    const offset = (p: SourceRange['start']): number => starts[p.line] + p.character;
    return text.slice(offset(range.start), offset(range.end));
}

/** `severity line:character "covered text" message` for each diagnostic, for readable asserts. */
export function describeDiagnostics(
    text: string,
    diagnostics: readonly SpecDiagnostic[],
): string[] {
    return diagnostics.map(
        (d) =>
            `${d.severity} ${d.range.start.line}:${d.range.start.character} "${textAt(text, d.range)}" ${d.message}`,
    );
}
