// A small, strict `--name value` option parser: unknown options and bad values are usage errors.
import { UserInputError } from '../host/errors';

export type OptionKind = 'string' | 'number' | 'boolean';

type Parsed<S extends Record<string, OptionKind>> = {
    [K in keyof S]?: S[K] extends 'number' ? number : S[K] extends 'boolean' ? boolean : string;
};

/** Thrown for argv the command cannot accept; the CLI prints it and exits with code 2. */
export class UsageError extends UserInputError {}

export function parseOptions<S extends Record<string, OptionKind>>(
    args: readonly string[],
    spec: S,
): Parsed<S> & { positional: string[] } {
    const out: Record<string, unknown> = {};
    const positional: string[] = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
        if (!kind) throw new UsageError(`unknown option '--${name}'`);
        if (kind === 'boolean') {
            out[name] = true;
            continue;
        }
        const value = inline ?? args[++i];
        if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
        if (kind === 'number') {
            const n = Number(value);
            if (!Number.isFinite(n)) throw new UsageError(`option '--${name}' needs a number, got '${value}'`);
            out[name] = n;
        } else {
            out[name] = value;
        }
    }
    return { ...(out as Parsed<S>), positional };
}
