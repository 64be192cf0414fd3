// The shape of a CLI subcommand and where it writes; shared by main.ts and commands/.
import {
    type CommandOptions,
    type FlagSpec,
    type OptionKind,
    type ParsedOptions,
    parseCommandOptions,
} from './options';
import { terminalOutput } from './terminalText';
import { UserInputError } from '../host/errors';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
    out(text: string): void;
    err(text: string): void;
}

/** One subcommand: a one-line summary for `--help` and a runner that returns the exit code. */
export interface CliCommand {
    summary: string;
    usage: string;
    /** Its options, which `lswag <command> --help` lists (absent: the usage line says them). */
    options?: CommandOptions;
    run(args: readonly string[], io: CliIo): number | Promise<number>;
}

/** A subcommand whose argv is parsed against its declared options before `run` sees it. */
export function defineCommand<S extends Record<string, OptionKind | FlagSpec>>(command: {
    readonly summary: string;
    readonly usage: string;
    readonly options: CommandOptions<S>;
    run(o: ParsedOptions<S>, io: CliIo): number | Promise<number>;
}): CliCommand {
    const { summary, usage, options } = command;
    return {
        summary,
        usage,
        options,
        // Why here: every command's output and usage message passes one guard against escape
        // sequences in names, paths and values typed on the command line.
        run: async (args, io) => {
            try {
                return await command.run(parseCommandOptions(args, options), {
                    out: (text) => io.out(terminalOutput(text)),
                    err: (text) => io.err(terminalOutput(text)),
                });
            } catch (e) {
                if (e instanceof UserInputError) e.message = terminalOutput(e.message);
                throw e;
            }
        },
    };
}
