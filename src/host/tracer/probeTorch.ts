// Asks an interpreter for its real path and torch version without importing torch (~0.1 s), so
// that the trace cache can be checked before any tracing.
import { type Interpreter } from './interpreter';
import { type SpawnFn, runPython } from './runPython';

export interface TorchProbe {
    /** sys.executable. */
    readonly executable: string;
    /** torch's distribution version, or null when torch is not installed there. */
    readonly torch: string | null;
}

const PROBE = [
    'import json, os, sys',
    'v = None',
    'try:',
    '    from importlib import metadata',
    "    v = metadata.version('torch')",
    'except Exception:',
    '    import importlib.util',
    "    spec = importlib.util.find_spec('torch')",
    '    if spec and spec.origin:',
    '        # A torch without package metadata (a source tree on PYTHONPATH): its version file.',
    "        path = os.path.join(os.path.dirname(spec.origin), 'version.py')",
    "        text = open(path).read() if os.path.exists(path) else ''",
    '        v = next((l.split(\'=\', 1)[1].strip().strip("\'\\"") for l in text.splitlines()',
    "                  if l.startswith('__version__')), 'unknown')",
    "print(json.dumps({'executable': sys.executable, 'torch': v}))",
].join('\n');

/** The probe, or a message saying why the interpreter could not be asked. */
export async function probeTorch(
    interpreter: Interpreter,
    opts: { spawn?: SpawnFn; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<TorchProbe | string> {
    const run = await runPython(interpreter.command, ['-c', PROBE], {
        spawn: opts.spawn,
        timeoutMs: opts.timeoutMs ?? 30_000,
        signal: opts.signal,
    });
    const who = `Python interpreter '${interpreter.command}' (${interpreter.from})`;
    if (run.startError) {
        return run.startError.code === 'ENOENT'
            ? `${who} was not found; set lswag.python, pass --python PATH or set LSWAG_PYTHON`
            : `${who} could not start: ${run.startError.message}`;
    }
    if (run.stoppedBy) return `${who} did not answer (${run.stoppedBy})`;
    const line = run.stdout.trim().split('\n').pop() ?? '';
    try {
        const probe = JSON.parse(line) as TorchProbe;
        if (typeof probe.executable === 'string') return probe;
    } catch {
        // Reported below.
    }
    const why = run.stderr.trim().split('\n').pop() ?? `exit code ${run.code}`;
    return `${who} is not a working Python 3: ${why}`;
}
