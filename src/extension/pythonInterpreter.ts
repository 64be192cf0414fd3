// Which Python traces PyTorch definitions in VS Code: the `lswag.python` setting, else the interpreter
// the Python extension has selected for the file (through its public API), else none (the tracer then
// tries LSWAG_PYTHON and `python3`). Never throws: a missing or failing Python extension means "none".
import * as vscode from 'vscode';

const PYTHON_EXTENSION_ID = 'ms-python.python';
/** The Python extension may take seconds to activate; tracing must not wait on it forever. */
const API_TIMEOUT_MS = 5_000;

/** The parts of the Python extension's exported API we read (both its current and older shapes). */
interface PythonExtensionApi {
    readonly environments?: {
        getActiveEnvironmentPath(resource?: vscode.Uri): { readonly path: string } | undefined;
    };
    readonly settings?: {
        getExecutionDetails(resource?: vscode.Uri): { readonly execCommand?: readonly string[] };
    };
}

/** Where the interpreter came from, for the log and for messages. */
export interface InterpreterPick {
    readonly path: string;
    readonly from: 'lswag.python' | 'Python extension';
}

/**
 * The interpreter to trace `resource` with (`configured` is the checked `lswag.python`), or
 * undefined to let the tracer choose.
 */
export async function pickInterpreter(
    configured: string | undefined,
    resource?: vscode.Uri,
): Promise<InterpreterPick | undefined> {
    if (configured) return { path: configured, from: 'lswag.python' };
    const selected = await withTimeout(fromPythonExtension(resource), API_TIMEOUT_MS);
    return selected ? { path: selected, from: 'Python extension' } : undefined;
}

async function fromPythonExtension(resource?: vscode.Uri): Promise<string | undefined> {
    const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
    if (!extension) return undefined;
    try {
        const api = extension.isActive ? extension.exports : await extension.activate();
        const active = api?.environments?.getActiveEnvironmentPath(resource)?.path;
        // Why 'python': the API answers the bare command when nothing is selected; the tracer's own
        // fallback (LSWAG_PYTHON, python3) is the better guess then.
        if (active && active !== 'python') return active;
        const command = api?.settings?.getExecutionDetails(resource)?.execCommand;
        return command && command.length === 1 && command[0] !== 'python' ? command[0] : undefined;
    } catch {
        return undefined;
    }
}

function withTimeout<T>(promise: Promise<T | undefined>, ms: number): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
