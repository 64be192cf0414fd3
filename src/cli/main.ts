// The `lswag` command line: parses argv and dispatches to one table of subcommands.
// Keeps vscode out; a subcommand that needs onnxruntime reaches it through src/worker, never directly.
import { version } from '../../package.json';
import type { CliCommand, CliIo } from './command';
import { calibrateCommand } from './commands/calibrate';
import { evalCommand } from './commands/eval';
import { libraCommand } from './commands/libra';
import { mergeCommand } from './commands/merge';
import { scoreCommand } from './commands/score';
import { searchCommand } from './commands/search';
import { selftestCommand } from './commands/selftest';
import { workerCommand } from './commands/worker';
import { UserInputError } from '../host/errors';
import { formatOptionsHelp } from './optionsHelp';
import { killLiveWorkers } from '../engine/liveWorkers';
import { exitCodes } from './exitCodes';

export type { CliCommand, CliIo } from './command';

/** Exit code for a usage error (unknown command or option), as in most Unix tools. */
export const usageExitCode = exitCodes.usage;

/** Every subcommand, keyed by the word typed after `lswag`. */
export const commands: Readonly<Record<string, CliCommand>> = {
    calibrate: calibrateCommand,
    eval: evalCommand,
    libra: libraCommand,
    merge: mergeCommand,
    score: scoreCommand,
    search: searchCommand,
    selftest: selftestCommand,
    worker: workerCommand,
};

/** Returns the text printed by `lswag --help`. */
export function helpText(): string {
    const names = Object.keys(commands).sort();
    const width = Math.max(0, ...names.map((name) => name.length));
    return [
        'Usage: lswag <command> [options]',
        '',
        'Score neural-network architectures without training (L-SWAG zero-shot NAS).',
        '',
        'Options:',
        '  -h, --help     Show this help (after a command: its options).',
        '  -v, --version  Print the version.',
        '',
        'Commands:',
        ...names.map((name) => `  ${name.padEnd(width)}  ${commands[name].summary}`),
        '',
    ].join('\n');
}

/** Returns the text printed by `lswag <command> --help`: usage, summary and every option with its help. */
export function commandHelpText(command: CliCommand): string {
    const options = command.options ? `\n${formatOptionsHelp(command.options)}` : '';
    return `Usage: ${command.usage}\n\n${command.summary}\n${options}`;
}

/** Runs the CLI on `argv` (without `node` and the script path) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
    const [first, ...rest] = argv;
    if (first === undefined) {
        io.err(helpText());
        return usageExitCode;
    }
    if (first === '-h' || first === '--help') {
        io.out(helpText());
        return 0;
    }
    if (first === '-v' || first === '--version') {
        io.out(`lswag ${version}\n`);
        return 0;
    }
    if (first.startsWith('-')) {
        io.err(`lswag: unknown option '${first}'. Run 'lswag --help' for usage.\n`);
        return usageExitCode;
    }
    const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
    if (command === undefined) {
        io.err(`lswag: unknown command '${first}'. Run 'lswag --help' for usage.\n`);
        return usageExitCode;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
        io.out(commandHelpText(command));
        return 0;
    }
    try {
        return await command.run(rest, io);
    } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        const hint = command.options ? `Run 'lswag ${first} --help' for the options.\n` : '';
        io.err(`lswag ${first}: ${e.message}\nUsage: ${command.usage}\n${hint}`);
        return usageExitCode;
    }
}

const processIo: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
};

/**
 * Ctrl-C and SIGTERM stop the CLI at once: every engine worker is SIGKILLed synchronously (a worker
 * blocked in a long onnxruntime run would not answer a shutdown) and the CLI exits 128 + signal.
 * Why not a graceful stop: results already written (eval and search append as they arrive) are
 * safe, and a person pressing Ctrl-C wants the prompt back, not a wait for the current model.
 */
export function stopOnSignals(
    io: CliIo,
    exit: (code: number) => void = (code) => process.exit(code),
): void {
    const codes = { SIGINT: 130, SIGTERM: 143 } as const;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
            killLiveWorkers();
            io.err(`\nlswag: stopped (${signal})\n`);
            exit(codes[signal]);
        });
    }
    // Why: any other way out (an unexpected error included) must not leave a worker behind.
    process.once('exit', () => killLiveWorkers());
}

/** An error no command expected: its message, and the stack only when LSWAG_DEBUG is set. */
export function describeUnexpected(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const stack = process.env.LSWAG_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
    return `lswag: unexpected error: ${message}${stack}\n(set LSWAG_DEBUG=1 for the stack trace)\n`;
}

// Why: exitCode instead of process.exit() lets piped stdout drain before the process ends.
if (require.main === module) {
    stopOnSignals(processIo);
    runCli(process.argv.slice(2), processIo).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            processIo.err(describeUnexpected(error));
            process.exitCode = exitCodes.someFailed;
        },
    );
}
