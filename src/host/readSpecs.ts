// What the CLI scores: every definition the front ends find in files and folders, with the PyTorch
// definitions that only the user's PyTorch can build traced to ONNX first (when Python is allowed).
// No vscode here; the extension reads editor documents itself and traces through the same tracer.
import {
    createPythonFrontend,
    defaultWasmLocations,
    fileSystemWorkspace,
} from '../core/frontends/pythonSource';
import { type SourceResult, readSources } from '../core/frontends/sources';
import type { ArchitectureSpec, SpecDiagnostic } from '../core/spec/spec';
import { type TraceReport, resolvePytorchSpecs } from './tracer/index';

/** Whether and how Python may build what static reading cannot. */
export interface PythonPolicy {
    /** False with --no-python (or an untrusted workspace): no Python process is ever started. */
    readonly isAllowed: boolean;
    /** Why it is off, in words, for the diagnostics. */
    readonly offReason?: string;
    /** --python / lswag.python; absent: LSWAG_PYTHON, else python3. */
    readonly interpreter?: string;
    readonly interpreterFrom?: string;
}

export interface ReadSpecsOptions {
    readonly paths: readonly string[];
    /** The project root: imports resolve against it, and the tracer puts it on sys.path. */
    readonly workspaceRoot: string;
    readonly keepWeights?: boolean;
    readonly dataset?: string;
    /** --input / lswag.inputShape, used when neither a comment nor the shape rule decides. */
    readonly fallbackInput?: readonly number[];
    readonly python: PythonPolicy;
    /** Called before each trace starts (tracing takes seconds). */
    readonly onTracing?: (count: number) => void;
    /** The tracer's stderr, line by line. */
    readonly onTraceLog?: (line: string) => void;
    readonly signal?: AbortSignal;
}

export interface ReadSpecsResult {
    readonly sources: readonly SourceResult[];
    /** Ready for the engine: no PytorchSpec is left (traced, or dropped with a diagnostic). */
    readonly specs: ArchitectureSpec[];
    /** The front ends' diagnostics and the tracer's, in file order. */
    readonly diagnostics: SpecDiagnostic[];
    readonly traces: readonly TraceReport[];
}

const isOnnxPath = (p: string) => p.toLowerCase().endsWith('.onnx');

export async function readSpecs(o: ReadSpecsOptions): Promise<ReadSpecsResult> {
    // Why: loading tree-sitter costs ~40 ms and is useless when only ONNX files are given.
    const wasm = o.paths.every(isOnnxPath) ? undefined : defaultWasmLocations();
    const python = wasm ? await createPythonFrontend(wasm) : undefined;
    const sources = readSources(o.paths, {
        python,
        keepWeights: o.keepWeights,
        dataset: o.dataset,
        fallbackInput: o.fallbackInput,
        pythonWorkspace: fileSystemWorkspace([o.workspaceRoot]),
    });
    const found = sources.flatMap((s) => s.specs);
    const pending = found.filter((s) => s.family === 'pytorch').length;
    if (pending > 0 && o.python.isAllowed) o.onTracing?.(pending);
    const traced = await resolvePytorchSpecs(found, {
        workspaceRoot: o.workspaceRoot,
        isPythonAllowed: o.python.isAllowed,
        pythonOffReason: o.python.offReason,
        explicit: o.python.interpreter,
        explicitFrom: o.python.interpreterFrom,
        input: o.fallbackInput,
        onLog: o.onTraceLog,
        signal: o.signal,
    });
    return {
        sources,
        specs: traced.specs,
        diagnostics: [...sources.flatMap((s) => s.diagnostics), ...traced.diagnostics],
        traces: traced.traces,
    };
}

/**
 * Why a file gave nothing to score, one line per reason (its info diagnostics say what could not
 * be read statically); empty when it gave something or said nothing.
 */
export function emptyFileReasons(source: SourceResult): string[] {
    if (source.specs.length > 0) return [];
    return source.diagnostics.map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`,
    );
}
