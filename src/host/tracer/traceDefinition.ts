// Traces one PytorchSpec into an ONNX file through the cache: a hit spawns nothing; a miss runs
// python/lswag_trace.py under the timeout and memory cap, one trace per workspace at a time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PytorchSpec } from '../../core/spec/spec';
import type { Interpreter } from './interpreter';
import type { TorchProbe } from './probeTorch';
import { type SpawnFn, runPython } from './runPython';
import {
    commitTrace,
    discardStaging,
    hashFile,
    lookupTrace,
    stagingDir,
    traceKey,
} from './traceCache';
import {
    type TraceFailure,
    type TraceRequest,
    type TraceResult,
    RESULT_PREFIX,
} from './traceProtocol';
import { queueTrace } from './traceQueue';

export interface TraceContext {
    readonly workspaceRoot: string;
    readonly interpreter: Interpreter;
    readonly probe: TorchProbe;
    readonly cacheDir: string;
    readonly scriptPath: string;
    readonly timeoutMs: number;
    readonly memoryBytes?: number;
    readonly threads: number;
    readonly fallbackInput?: readonly number[];
    readonly fallbackInputFrom?: string;
    readonly spawn?: SpawnFn;
    readonly signal?: AbortSignal;
    readonly onStderr?: (line: string) => void;
}

export type TraceOutcome = TraceResult & {
    readonly fromCache?: boolean;
    readonly seconds?: number;
};

/** The shipped script: next to the bundle in dist/, or python/ in a source checkout. */
export function defaultScriptPath(): string {
    const candidates = [
        path.join(__dirname, 'lswag_trace.py'),
        path.resolve(__dirname, '..', '..', '..', 'python', 'lswag_trace.py'),
    ];
    return candidates.find((p) => existsSync(p)) ?? candidates[0];
}

export async function traceDefinition(spec: PytorchSpec, ctx: TraceContext): Promise<TraceOutcome> {
    const content = hashFile(spec.file);
    if (content === null) return failure('notFound', `cannot read ${spec.file}`);
    const key = traceKey({
        version: 1,
        script: hashFile(ctx.scriptPath),
        file: spec.file,
        content,
        cell: spec.cell ?? null,
        target: spec.target,
        args: spec.args ?? '',
        input: spec.input ?? null,
        fallbackInput: ctx.fallbackInput ?? null,
        interpreter: ctx.probe.executable,
        torch: ctx.probe.torch,
    });
    const cached = lookupTrace(ctx.cacheDir, key);
    if (cached) return { ...cached, fromCache: true };
    return queueTrace(ctx.workspaceRoot, async () => {
        if (ctx.signal?.aborted) return failure('cancelled', 'cancelled before it started');
        // Why look again: an identical trace may have finished while this one waited.
        const again = lookupTrace(ctx.cacheDir, key);
        if (again) return { ...again, fromCache: true };
        const staged = stagingDir(ctx.cacheDir, key);
        const started = Date.now();
        const result = await runTracer(spec, ctx, staged.onnxPath);
        const seconds = (Date.now() - started) / 1000;
        if (!result.ok) {
            discardStaging(staged.dir);
            return { ...result, seconds };
        }
        return { ...commitTrace(ctx.cacheDir, key, staged.dir, result), fromCache: false, seconds };
    });
}

async function runTracer(
    spec: PytorchSpec,
    ctx: TraceContext,
    outPath: string,
): Promise<TraceResult> {
    const request: TraceRequest = {
        file: spec.file,
        cell: spec.cell,
        target: spec.target,
        args: spec.args,
        input: spec.input,
        inputFrom: spec.inputFrom,
        fallbackInput: ctx.fallbackInput,
        fallbackInputFrom: ctx.fallbackInputFrom,
        workspaceRoot: ctx.workspaceRoot,
        outPath,
        opset: 17,
        memoryBytes: ctx.memoryBytes,
        threads: ctx.threads,
    };
    const run = await runPython(ctx.interpreter.command, [ctx.scriptPath], {
        spawn: ctx.spawn,
        cwd: ctx.workspaceRoot,
        stdin: JSON.stringify(request),
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        onStderr: ctx.onStderr,
    });
    if (run.stoppedBy === 'timeout') return failure('timeout', `stopped after ${ctx.timeoutMs} ms`);
    if (run.stoppedBy === 'cancel') return failure('cancelled', 'cancelled');
    if (run.startError)
        return failure('noInterpreter', `${ctx.interpreter.command}: ${run.startError.message}`);
    const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (line) {
        const result = JSON.parse(line.slice(RESULT_PREFIX.length)) as TraceResult;
        if (result.ok && !existsSync(result.onnxPath))
            return failure('crashed', 'the script wrote no ONNX file');
        return result;
    }
    if (run.signal === 'SIGKILL') {
        return failure(
            'memory',
            'the tracer was killed (SIGKILL), most likely by the system for using too much memory',
        );
    }
    const tail = run.stderr.trim().split('\n').slice(-3).join(' | ');
    return failure(
        'crashed',
        `the tracer exited (${run.signal ?? `code ${run.code}`}) without a result: ${tail}`,
    );
}

function failure(kind: TraceFailure['kind'], message: string): TraceFailure {
    return { ok: false, kind, message };
}
