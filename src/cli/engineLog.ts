// What the CLI shows of the engine's log. Errors always; warnings about the data (a corrupt image
// skipped, no labels so every label is 0) always too, because they change what a score means;
// the engine's other warnings only with --verbose.
import type { EngineClientOptions } from '../engine/engineClient';
import type { CliIo } from './command';

/** Log lines the worker's scorer writes about the data start with this. */
const DATA_NOTE = 'data: ';

export function engineLog(io: CliIo, verbose = false): NonNullable<EngineClientOptions['log']> {
    const shown = new Set<string>();
    return (level, message) => {
        const wanted =
            level === 'error' || (level === 'warn' && (verbose || message.startsWith(DATA_NOTE)));
        // Why once: a restarted worker repeats its data notes; the user needs each one once.
        if (!wanted || shown.has(`${level} ${message}`)) return;
        shown.add(`${level} ${message}`);
        io.err(`engine ${level}: ${message}\n`);
    };
}
