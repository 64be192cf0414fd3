// Chooses the Python interpreter for tracing: explicit (setting, Python extension, --python) >
// LSWAG_PYTHON > python3 on PATH ("python" on Windows). The choice says where it came from.

export interface Interpreter {
    /** A path or a command name found on PATH. */
    readonly command: string;
    /** Where the choice came from, for messages ("--python", "LSWAG_PYTHON", "default"). */
    readonly from: string;
}

export interface InterpreterChoice {
    /** What the caller resolved itself (lswag.python, the Python extension's interpreter, --python). */
    readonly explicit?: string;
    /** Words for `explicit` in messages; default "the configured interpreter". */
    readonly explicitFrom?: string;
    readonly env?: NodeJS.ProcessEnv;
    readonly platform?: NodeJS.Platform;
}

/** The interpreter to run, by precedence; empty strings count as unset. */
export function resolveInterpreter(choice: InterpreterChoice = {}): Interpreter {
    const env = choice.env ?? process.env;
    if (choice.explicit?.trim()) {
        return {
            command: choice.explicit.trim(),
            from: choice.explicitFrom ?? 'the configured interpreter',
        };
    }
    const fromEnv = env.LSWAG_PYTHON?.trim();
    if (fromEnv) return { command: fromEnv, from: 'LSWAG_PYTHON' };
    const isWindows = (choice.platform ?? process.platform) === 'win32';
    return { command: isWindows ? 'python' : 'python3', from: 'the default' };
}
