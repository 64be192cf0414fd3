// The shape of a CLI subcommand and where it writes; shared by main.ts and commands/.

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
    out(text: string): void;
    err(text: string): void;
}

/** One subcommand: a one-line summary for `--help` and a runner that returns the exit code. */
export interface CliCommand {
    summary: string;
    usage: string;
    run(args: readonly string[], io: CliIo): number | Promise<number>;
}
