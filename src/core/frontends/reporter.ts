// Collects a front end's diagnostics. Spans are offsets into the text being read; a child reporter
// maps offsets of an embedded text (a CSV cell, one JSON line) back to the file before ranging.
import type { SpecDiagnostic, SourceRange } from '../spec/spec';
import type { LineIndex } from './lineIndex';

/** Offsets [start, end) into the text a reader is looking at. */
export interface Span {
    readonly start: number;
    readonly end: number;
}

type Severity = SpecDiagnostic['severity'];

/** Diagnostics kept per file; past this only the count of the rest is reported. */
export const MAX_DIAGNOSTICS = 1000;

/** Shared sink: every reporter derived from one root appends to the same list. */
interface Sink {
    readonly diagnostics: SpecDiagnostic[];
    errors: number;
    dropped: number;
}

export class Reporter {
    private constructor(
        readonly file: string,
        private readonly index: LineIndex,
        private readonly toFile: (offset: number) => number,
        private readonly sink: Sink,
    ) {}

    /** A reporter for `file`, whose text `index` was built from. */
    static forFile(file: string, index: LineIndex): Reporter {
        return new Reporter(file, index, (offset) => offset, {
            diagnostics: [],
            errors: 0,
            dropped: 0,
        });
    }

    /** A reporter for an embedded text whose offset `o` lies at file offset `toFile(o)`. */
    embedded(toFile: (offset: number) => number): Reporter {
        return new Reporter(
            this.file,
            this.index,
            (offset) => this.toFile(toFile(offset)),
            this.sink,
        );
    }

    /** What was reported so far, in reading order, with a note on any beyond MAX_DIAGNOSTICS. */
    get diagnostics(): SpecDiagnostic[] {
        const sorted = sortByPosition(this.sink.diagnostics);
        if (this.sink.dropped === 0) return sorted;
        const note = `${this.sink.dropped} more problems are not shown (only the first ${MAX_DIAGNOSTICS} are)`;
        return [
            ...sorted,
            { severity: 'info', message: note, range: this.index.range(this.file, 0, 0) },
        ];
    }

    /** How many errors were reported so far; compare before and after reading one item. */
    get errorCount(): number {
        return this.sink.errors;
    }

    range(span: Span): SourceRange {
        const start = this.toFile(span.start);
        // Why: an empty span maps on its own; a non-empty one maps its last character, so a span that
        // ends on an escaped character (a doubled CSV quote) covers the whole escape.
        const end = span.end > span.start ? this.toFile(span.end - 1) + 1 : start;
        return this.index.range(this.file, start, end);
    }

    error(span: Span, message: string): void {
        this.report('error', span, message);
    }

    /** Reports an error and returns undefined, for readers that fail: `return r.fail(node, why)`. */
    fail(span: Span, message: string): undefined {
        this.report('error', span, message);
        return undefined;
    }

    warning(span: Span, message: string): void {
        this.report('warning', span, message);
    }

    info(span: Span, message: string): void {
        this.report('info', span, message);
    }

    report(severity: Severity, span: Span, message: string): void {
        if (severity === 'error') this.sink.errors++;
        if (this.sink.diagnostics.length >= MAX_DIAGNOSTICS) this.sink.dropped++;
        else this.sink.diagnostics.push({ severity, message, range: this.range(span) });
    }
}

/** Diagnostics in reading order (stable for equal starts). */
function sortByPosition(diagnostics: readonly SpecDiagnostic[]): SpecDiagnostic[] {
    return [...diagnostics].sort(
        (a, b) =>
            a.range.start.line - b.range.start.line ||
            a.range.start.character - b.range.start.character,
    );
}

/** The diagnostic for an unexpected exception: an error at the start of the file. */
export function internalError(file: string, what: string, e: unknown): SpecDiagnostic {
    const position = { line: 0, character: 0 };
    const message = `internal error while ${what}: ${e instanceof Error ? e.message : String(e)}`;
    return { severity: 'error', message, range: { file, start: position, end: position } };
}
