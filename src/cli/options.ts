// A small, strict `--name value` option parser: unknown options and bad values are usage errors.
// A command's own options are declared inline; the score and engine options come from the shared
// table (src/host/scoreOptions.ts) and arrive checked in `values`.
import { UserInputError } from '../host/errors';
import { type OptionKey, type OptionValues, SCORE_OPTIONS } from '../host/scoreOptions';
import { terminalText } from './terminalText';

export type OptionKind = 'string' | 'number' | 'boolean';

/** A command's own option: its kind, and for `--help` a value placeholder and a line of help. */
export interface FlagSpec {
    readonly type: OptionKind;
    readonly value?: string;
    readonly help?: string;
}

type KindOf<F> = F extends OptionKind ? F : F extends FlagSpec ? F['type'] : never;
type Parsed<S> = {
    [K in keyof S]?: KindOf<S[K]> extends 'number'
        ? number
        : KindOf<S[K]> extends 'boolean'
          ? boolean
          : string;
};

/** What a command's run gets: its own options by name, the shared ones checked in `values`. */
export type ParsedOptions<S> = Parsed<S> & { positional: string[]; values: OptionValues };

/** Thrown for argv the command cannot accept; the CLI prints it and exits with code 2. */
export class UsageError extends UserInputError {}

/** A command's options: its own, and the shared score and engine options it takes. */
export interface CommandOptions<
    S extends Record<string, OptionKind | FlagSpec> = Record<string, OptionKind | FlagSpec>,
> {
    readonly own: S;
    readonly shared: readonly OptionKey[];
}

/** A decimal number as people type it: `8`, `-1`, `0.5`, `2e3` (not `0x10`, `Infinity` or blanks). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** An argument as quoted in a message: long ones cut, controls shown escaped. */
const shownArg = (s: string) => terminalText(s.length > 80 ? `${s.slice(0, 80)}...` : s);

const kindOf = (f: OptionKind | FlagSpec): OptionKind => (typeof f === 'string' ? f : f.type);

export function parseOptions<S extends Record<string, OptionKind | FlagSpec>>(
    args: readonly string[],
    spec: S,
    shared: readonly OptionKey[] = [],
): ParsedOptions<S> {
    const out: Record<string, unknown> = {};
    const values: Record<string, unknown> = {};
    const positional: string[] = [];
    const sharedByFlag = new Map(shared.map((key) => [SCORE_OPTIONS[key].flag, key]));
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            positional.push(arg);
            continue;
        }
        const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
        const key = sharedByFlag.get(name);
        const kind =
            key !== undefined
                ? SCORE_OPTIONS[key].type
                : Object.hasOwn(spec, name)
                  ? kindOf(spec[name])
                  : undefined;
        if (!kind) throw new UsageError(`unknown option '--${shownArg(name)}'`);
        if (kind === 'boolean') {
            if (inline !== undefined)
                throw new UsageError(
                    `option '--${name}' takes no value, got '${shownArg(inline)}'`,
                );
            out[name] = true;
            continue;
        }
        const value = inline ?? args[++i];
        // Why not take `--next` as the value: `--out --seed 3` is a forgotten value, not a file named --seed.
        if (value === undefined || (inline === undefined && value.startsWith('--')))
            throw new UsageError(`option '--${name}' needs a value`);
        let typed: string | number = value;
        if (kind === 'number') {
            typed = Number(value);
            if (!DECIMAL.test(value) || !Number.isFinite(typed))
                throw new UsageError(`option '--${name}' needs a number, got '${shownArg(value)}'`);
        }
        if (key === undefined) {
            out[name] = typed;
            continue;
        }
        try {
            values[key] = SCORE_OPTIONS[key].check(typed, `--${name}`);
        } catch (e) {
            // Why: a bad value on the command line is a usage error (exit 2), whoever checks it.
            throw e instanceof UserInputError ? new UsageError(e.message) : e;
        }
    }
    return { ...(out as Parsed<S>), positional, values: values as OptionValues };
}

/** Parses argv against a command's declared options. */
export const parseCommandOptions = <S extends Record<string, OptionKind | FlagSpec>>(
    args: readonly string[],
    options: CommandOptions<S>,
): ParsedOptions<S> => parseOptions(args, options.own, options.shared);
