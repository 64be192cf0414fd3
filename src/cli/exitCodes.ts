// The CLI's exit codes, one table for every command (documented in docs/options.md).
import type { ScoreResult } from '../protocol/worker';

/**
 * 0 every candidate scored, 1 some failed (or the command failed unexpectedly), 2 a usage error
 * (unknown command or option, bad value; as in most Unix tools), 3 nothing scored.
 * After Ctrl-C / SIGTERM the CLI exits 130 / 143 (128 + the signal's number).
 */
export const exitCodes = { allScored: 0, someFailed: 1, usage: 2, noneScored: 3 } as const;

/** A result counts as scored when it has no error and at least one number. */
export const isScored = (r: ScoreResult): boolean =>
    r.errors.length === 0 && Object.values(r.scores).some((v) => v !== null);

/** The exit code for a command's results (an empty list: nothing scored). */
export function exitCodeFor(results: readonly ScoreResult[]): number {
    const scored = results.filter(isScored).length;
    if (scored === 0) return exitCodes.noneScored;
    return scored === results.length ? exitCodes.allScored : exitCodes.someFailed;
}
