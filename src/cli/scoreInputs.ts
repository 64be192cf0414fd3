// What `lswag score` scores: the definitions found in its paths, PyTorch ones traced when Python is
// allowed, with every problem printed at its file:line (info ones with --verbose) and, when nothing
// is found, each file's reasons.
import type { ArchitectureSpec, SpecDiagnostic } from '../core/spec/spec';
import { emptyFileReasons, readSpecs } from '../host/readSpecs';
import type { CliIo } from './command';
import { terminalText } from './terminalText';

export interface ScoreInputOptions {
    readonly paths: readonly string[];
    readonly keepWeights?: boolean;
    readonly dataset?: string;
    readonly input?: readonly number[];
    readonly python?: string;
    readonly noPython?: boolean;
    readonly verbose?: boolean;
}

export function formatDiagnostic(d: SpecDiagnostic): string {
    const cell = d.range.cell !== undefined ? ` (code cell ${d.range.cell + 1})` : '';
    const at = `${d.range.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    return `${terminalText(at)}${cell}: ${d.severity}: ${terminalText(d.message)}`;
}

/** What to score, and how many definitions were found but cannot be (their errors are printed). */
export interface ScoreInputsResult {
    readonly specs: ArchitectureSpec[];
    readonly unscorable: number;
}

/** The specs to score (undefined when none: the reasons are printed). */
export async function scoreInputs(
    o: ScoreInputOptions,
    io: CliIo,
): Promise<ScoreInputsResult | undefined> {
    const read = await readSpecs({
        paths: o.paths,
        // Why the working directory: a project is scored from its root, where its imports resolve.
        workspaceRoot: process.cwd(),
        keepWeights: o.keepWeights,
        dataset: o.dataset,
        fallbackInput: o.input,
        python: {
            isAllowed: !o.noPython,
            offReason: '--no-python was given',
            interpreter: o.python,
            interpreterFrom: '--python',
        },
        onTracing: (n) =>
            io.err(`tracing ${n} PyTorch definition(s) with ${o.python ?? 'Python'}...\n`),
        onTraceLog: o.verbose ? (line) => io.err(`tracer: ${terminalText(line)}\n`) : undefined,
    });
    for (const d of read.diagnostics) {
        if (d.severity !== 'info' || o.verbose) io.err(`${formatDiagnostic(d)}\n`);
    }
    const found = read.sources.reduce((n, s) => n + s.specs.length, 0);
    if (read.specs.length > 0) return { specs: read.specs, unscorable: found - read.specs.length };
    io.err('lswag score: no architectures found in the given paths\n');
    for (const source of read.sources) {
        const reasons = emptyFileReasons(source);
        if (reasons.length === 0) continue;
        io.err(`  ${terminalText(source.file)}:\n`);
        for (const r of reasons) io.err(`    ${terminalText(r)}\n`);
    }
    return undefined;
}

/** How each scored definition's input was decided, for results ("3x32x32 (from ...)"). */
export function inputOf(spec: ArchitectureSpec): { input?: string; inputFrom?: string } {
    if (spec.family === 'graph') return { input: spec.input.join('x'), inputFrom: spec.inputFrom };
    if (spec.family === 'onnx' && spec.inputFrom) return { inputFrom: spec.inputFrom };
    return {};
}
