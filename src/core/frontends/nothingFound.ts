// Why a file gave no definitions, in one sentence for "no architectures found" messages: the front
// end's own diagnostics when it left any (a block needing arguments, a value only Python knows, a
// YAML error), else what that kind of file would need to hold. Pure; the UI adds the links.
import type { SpecDiagnostic } from '../spec/spec';
import type { SourceKind } from './sources';

/** What a front end read from one file (SourceResult has these fields). */
export interface ReadOutcome {
    readonly kind: SourceKind;
    readonly specs: readonly unknown[];
    readonly diagnostics: readonly SpecDiagnostic[];
}

/** What each kind of file must hold for a definition to be found, when it said nothing itself. */
const EXPECTED: Readonly<Record<SourceKind, string>> = {
    architecture: "the file lists no candidates under 'candidates'",
    benchmark: 'the file has no rows with a cell string',
    python: 'no nn.Module subclass, builder function, model constructor call or torchvision/timm call at module level, and no NAS-Bench-201 cell string',
    notebook:
        'no code cell defines an nn.Module subclass, builder function, model constructor call or torchvision/timm call at module level, and none holds a NAS-Bench-201 cell string',
    onnx: 'the ONNX file could not be read',
    text: 'no NAS-Bench-201 cell string (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|) in the text',
};

/** Errors first (they stop a definition), then infos and warnings, each in file order. */
const RANK: Readonly<Record<SpecDiagnostic['severity'], number>> = {
    error: 0,
    info: 1,
    warning: 2,
};

/**
 * The reason a file has no definitions: its most telling diagnostic (with a count of the others),
 * or what the kind of file is expected to hold. Empty when it does have definitions.
 */
export function whyNothingFound(outcome: ReadOutcome): string {
    if (outcome.specs.length > 0) return '';
    const sorted = [...outcome.diagnostics].sort(
        (a, b) => RANK[a.severity] - RANK[b.severity] || a.range.start.line - b.range.start.line,
    );
    const first = sorted[0];
    if (!first) return EXPECTED[outcome.kind];
    const line = first.range.start.line + 1;
    const more = sorted.length > 1 ? ` (and ${sorted.length - 1} more problem(s))` : '';
    return `${first.message} (line ${line})${more}`;
}
