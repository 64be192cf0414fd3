// Offsets to VS Code positions: one pass over the text builds the line table, lookups are binary
// searches. Line breaks are LF, CRLF and lone CR, as VS Code counts them.
import type { SourcePosition, SourceRange } from '../spec/spec';

/** Maps UTF-16 offsets of one text to 0-based line/character positions. */
export class LineIndex {
    /** Offset of the first character of each line. */
    private readonly starts: number[] = [0];
    /** Offset just past the last content character of each line (before its line break). */
    private readonly ends: number[] = [];

    constructor(readonly text: string) {
        for (let i = 0; i < text.length; i++) {
            const c = text.charCodeAt(i);
            if (c !== 10 && c !== 13) continue;
            this.ends.push(i);
            if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
            this.starts.push(i + 1);
        }
        this.ends.push(text.length);
    }

    get lineCount(): number {
        return this.starts.length;
    }

    /** Offset of the first character of `line`. */
    lineStart(line: number): number {
        return this.starts[line];
    }

    /** Offset just past the last content character of `line`. */
    lineEnd(line: number): number {
        return this.ends[line];
    }

    /** The 0-based line holding `offset` (clamped to the text). */
    lineAt(offset: number): number {
        const at = Math.max(0, Math.min(offset, this.text.length));
        let lo = 0;
        let hi = this.starts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.starts[mid] <= at) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The position of `offset`; an offset inside a line break maps to the end of its line. */
    position(offset: number): SourcePosition {
        const line = this.lineAt(offset);
        const at = Math.max(0, Math.min(offset, this.ends[line]));
        return { line, character: at - this.starts[line] };
    }

    /** The range [start, end) of `file`, with end never before start. */
    range(file: string, start: number, end: number): SourceRange {
        const from = this.position(start);
        const to = this.position(Math.max(start, end));
        return { file, start: from, end: to };
    }
}
