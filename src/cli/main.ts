// The `lswag` command line: parses argv and dispatches to one table of subcommands.
// Keeps vscode out; a subcommand that needs onnxruntime reaches it through src/worker, never directly.
import { version } from '../../package.json';
import type { CliCommand, CliIo } from './command';
import { calibrateCommand } from './commands/calibrate';
import { evalCommand } from './commands/eval';
import { libraCommand } from './commands/libra';
import { scoreCommand } from './commands/score';
import { searchCommand } from './commands/search';
import { selftestCommand } from './commands/selftest';
import { UserInputError } from '../host/errors';
import { setWorkerMemoryLimit } from './engine';

export type { CliCommand, CliIo } from './command';

/** Exit code for a usage error (unknown command or option), as in most Unix tools. */
export const usageExitCode = 2;

/** Every subcommand, keyed by the word typed after `lswag`. Scoring and search arrive here later. */
export const commands: Readonly<Record<string, CliCommand>> = {
    calibrate: calibrateCommand,
    eval: evalCommand,
    libra: libraCommand,
    score: scoreCommand,
    search: searchCommand,
    selftest: selftestCommand,
};

/** Returns the text printed by `lswag --help`. */
export function helpText(): string {
    const names = Object.keys(commands).sort();
    const width = Math.max(0, ...names.map((name) => name.length));
    const commandLines =
        names.length === 0
            ? ['  (none yet: scoring and search commands arrive in later versions)']
            : names.map((name) => `  ${name.padEnd(width)}  ${commands[name].summary}`);
    return [
        'Usage: lswag <command> [options]',
        '',
        'Score neural-network architectures without training (L-SWAG zero-shot NAS).',
        '',
        'Options:',
        '  -h, --help     Show this help.',
        '  -v, --version  Print the version.',
        '  --max-worker-memory MB  (any command) Restart the engine worker above this resident memory;',
        '                 models estimated to need more are refused with the batch and model size.',
        '',
        'Commands:',
        ...commandLines,
        '',
    ].join('\n');
}

/**
 * Takes `--max-worker-memory MB` (or `=MB`), which every engine command accepts, out of `args`;
 * returns a usage message when the value is not a positive integer.
 */
function takeMemoryLimit(args: readonly string[]): { mb?: number; rest: string[] } | string {
    const rest: string[] = [];
    let mb: number | undefined;
    for (let i = 0; i < args.length; i++) {
        const m = /^--max-worker-memory(?:=(.*))?$/.exec(args[i]);
        if (!m) {
            rest.push(args[i]);
            continue;
        }
        const value = m[1] ?? args[++i];
        mb = Number(value);
        if (!Number.isInteger(mb) || mb < 1) return `--max-worker-memory takes a size in MiB (a positive integer), not '${value ?? ''}'`;
    }
    return { mb, rest };
}

/** Runs the CLI on `argv` (without `node` and the script path) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
    const [first, ...others] = argv;
    let rest = others;
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
    const memory = takeMemoryLimit(rest);
    if (typeof memory === 'string') {
        io.err(`lswag: ${memory}\n`);
        return usageExitCode;
    }
    setWorkerMemoryLimit(memory.mb);
    rest = memory.rest;
    if (rest.includes('--help') || rest.includes('-h')) {
        io.out(`Usage: ${command.usage}\n\n${command.summary}\n`);
        return 0;
    }
    try {
        return await command.run(rest, io);
    } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        io.err(`lswag ${first}: ${e.message}\nUsage: ${command.usage}\n`);
        return usageExitCode;
    }
}

const processIo: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
};

// Why: exitCode instead of process.exit() lets piped stdout drain before the process ends.
if (require.main === module) {
    runCli(process.argv.slice(2), processIo).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            processIo.err(`lswag: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
