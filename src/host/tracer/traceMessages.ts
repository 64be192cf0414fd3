// Words for trace failures: each names the cause (the interpreter, the module, the arguments).
import type { Interpreter } from './interpreter';
import type { TraceFailure } from './traceProtocol';

/** The message shown at the definition for a failed trace. */
export function failureMessage(
    f: TraceFailure,
    interpreter: Interpreter,
    timeoutMs: number,
): string {
    const python = `${f.interpreter ?? interpreter.command} (${interpreter.from})`;
    switch (f.kind) {
        case 'missingModule':
            return (
                `tracing failed: module '${f.module}' is not installed for ${python}; install it ` +
                'there or choose another interpreter (lswag.python, --python or LSWAG_PYTHON)'
            );
        case 'noTorch':
            return `tracing needs PyTorch, which is not installed for ${python}`;
        case 'timeout':
            return `tracing took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`;
        case 'memory':
            return `tracing ran out of memory: ${f.message}`;
        case 'cancelled':
            return 'tracing was cancelled';
        default:
            return `tracing failed: ${f.message}`;
    }
}

/** The diagnostic for a definition that needs Python while Python is off. */
export function pythonOffMessage(staticReason: string, offReason: string): string {
    return `needs tracing with Python, which is off: ${offReason} (not built statically: ${staticReason})`;
}
