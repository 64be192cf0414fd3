// Turns PytorchSpecs into OnnxSpecs by tracing them with the user's PyTorch, or into diagnostics
// at the definition. Invariant: with Python off (untrusted workspace, --no-python) nothing is spawned.
import os from 'node:os';
import type {
    ArchitectureSpec,
    OnnxSpec,
    PytorchSpec,
    SourceRange,
    SpecDiagnostic,
} from '../../core/spec/spec';
import { type InterpreterChoice, resolveInterpreter } from './interpreter';
import { probeTorch } from './probeTorch';
import type { SpawnFn } from './runPython';
import { defaultTraceCacheDir } from './traceCache';
import { type TraceOutcome, defaultScriptPath, traceDefinition } from './traceDefinition';
import { failureMessage, pythonOffMessage } from './traceMessages';
import type { TraceErrorKind } from './traceProtocol';

export const DEFAULT_TRACE_TIMEOUT_MS = 120_000;

export interface ResolveOptions extends InterpreterChoice {
    readonly workspaceRoot: string;
    /** False in an untrusted workspace or with --no-python; then no process is ever started. */
    readonly isPythonAllowed: boolean;
    /** Why Python is off, in words ("the workspace is not trusted", "--no-python"). */
    readonly pythonOffReason?: string;
    /** Default defaultTraceCacheDir(). */
    readonly cacheDir?: string;
    /** Per trace; default 120 s. */
    readonly timeoutMs?: number;
    /** Address-space cap of the tracer; default min(8 GiB, 3/4 of the machine's memory). */
    readonly memoryBytes?: number;
    /** lswag.inputShape / --input: used when neither the comment nor the shape rule decides. */
    readonly input?: readonly number[];
    readonly inputFrom?: string;
    readonly scriptPath?: string;
    readonly spawn?: SpawnFn;
    readonly signal?: AbortSignal;
    /** The tracer's stderr, line by line (the user's prints, torch's warnings). */
    readonly onLog?: (line: string) => void;
}

/** What one trace produced, for logs and result tables. */
export interface TraceReport {
    readonly name: string;
    readonly file: string;
    readonly ok: boolean;
    readonly fromCache: boolean;
    readonly seconds?: number;
    readonly input?: readonly number[];
    readonly inputFrom?: string;
    /** torch's parameter count of the part that is scored. */
    readonly torchParams?: number;
    readonly torchVersion?: string;
    readonly interpreter: string;
    readonly outputNote?: string | null;
    /** Why it failed, when it did (the diagnostic has the full message). */
    readonly failure?: TraceErrorKind;
}

export interface ResolveResult {
    /** The input specs in order, each PytorchSpec replaced by its traced OnnxSpec (or dropped). */
    readonly specs: ArchitectureSpec[];
    readonly diagnostics: SpecDiagnostic[];
    readonly traces: TraceReport[];
}

/** Resolves every PytorchSpec among `specs`; other specs pass through unchanged. */
export async function resolvePytorchSpecs(
    specs: readonly ArchitectureSpec[],
    options: ResolveOptions,
): Promise<ResolveResult> {
    const pending = specs.filter((s): s is PytorchSpec => s.family === 'pytorch');
    const others = specs.filter((s) => s.family !== 'pytorch');
    if (pending.length === 0) return { specs: [...specs], diagnostics: [], traces: [] };
    const diagnostics: SpecDiagnostic[] = [];
    const error = (spec: PytorchSpec, message: string) =>
        diagnostics.push({
            severity: 'error',
            message: `${spec.name}: ${message}`,
            range: rangeOf(spec),
        });

    if (!options.isPythonAllowed) {
        const reason = options.pythonOffReason ?? 'Python is not allowed here';
        for (const spec of pending) error(spec, pythonOffMessage(spec.staticReason, reason));
        return { specs: others, diagnostics, traces: [] };
    }

    const interpreter = resolveInterpreter(options);
    const probe = await probeTorch(interpreter, { spawn: options.spawn, signal: options.signal });
    if (typeof probe === 'string' || probe.torch === null) {
        const message =
            typeof probe === 'string'
                ? `cannot trace: ${probe}`
                : `cannot trace: PyTorch is not installed for ${probe.executable} (${interpreter.from})`;
        for (const spec of pending) error(spec, message);
        return { specs: others, diagnostics, traces: [] };
    }

    const timeoutMs = options.timeoutMs ?? DEFAULT_TRACE_TIMEOUT_MS;
    const context = {
        workspaceRoot: options.workspaceRoot,
        interpreter,
        probe,
        cacheDir: options.cacheDir ?? defaultTraceCacheDir(options.env),
        scriptPath: options.scriptPath ?? defaultScriptPath(),
        timeoutMs,
        memoryBytes: options.memoryBytes ?? defaultMemoryBytes(),
        threads: Math.max(1, Math.min(4, os.cpus().length)),
        fallbackInput: options.input,
        fallbackInputFrom: options.inputFrom ?? 'setting lswag.inputShape / --input',
        spawn: options.spawn,
        signal: options.signal,
        onStderr: options.onLog,
    };
    const traced = new Map<PytorchSpec, OnnxSpec>();
    const traces: TraceReport[] = [];
    for (const spec of pending) {
        const outcome: TraceOutcome = await traceDefinition(spec, context);
        traces.push(report(spec, outcome, probe.executable));
        if (outcome.ok)
            traced.set(spec, toOnnxSpec(spec, outcome.onnxPath, outcome.inputFrom, outcome.input));
        else error(spec, failureMessage(outcome, interpreter, timeoutMs));
    }
    const resolved = specs.flatMap((s) =>
        s.family !== 'pytorch' ? [s] : traced.has(s) ? [traced.get(s)!] : [],
    );
    return { specs: resolved, diagnostics, traces };
}

function toOnnxSpec(
    spec: PytorchSpec,
    onnxPath: string,
    inputFrom: string,
    input: readonly number[],
): OnnxSpec {
    return {
        family: 'onnx',
        name: spec.name,
        source: spec.source,
        accuracy: spec.accuracy,
        path: onnxPath,
        // Why: the trace has no weights; statically built models are PyTorch-default initialised too.
        keepWeights: false,
        weightsAsInputs: true,
        inputFrom,
        input,
    };
}

function report(spec: PytorchSpec, o: TraceOutcome, interpreter: string): TraceReport {
    const base = {
        name: spec.name,
        file: spec.file,
        fromCache: o.fromCache ?? false,
        seconds: o.seconds,
        interpreter,
    };
    if (!o.ok) return { ...base, ok: false, failure: o.kind };
    return {
        ...base,
        ok: true,
        input: o.input,
        inputFrom: o.inputFrom,
        torchParams: o.paramsUsed,
        torchVersion: o.torchVersion,
        outputNote: o.outputNote,
    };
}

/** The definition's range (a failing line inside the file is named in the message). */
function rangeOf(spec: PytorchSpec): SourceRange {
    return (
        spec.source ?? {
            file: spec.file,
            start: { line: 0, character: 0 },
            end: { line: 0, character: 0 },
        }
    );
}

function defaultMemoryBytes(): number {
    return Math.min(8 * 2 ** 30, Math.floor(os.totalmem() * 0.75));
}
