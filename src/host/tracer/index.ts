// The tracer's public surface, for the CLI and the extension (neither imports its parts).
export { resolvePytorchSpecs, DEFAULT_TRACE_TIMEOUT_MS } from './resolvePytorchSpecs';
export type { ResolveOptions, ResolveResult, TraceReport } from './resolvePytorchSpecs';
export { resolveInterpreter } from './interpreter';
export type { Interpreter, InterpreterChoice } from './interpreter';
export type { SpawnFn } from './runPython';
export { defaultTraceCacheDir } from './traceCache';
