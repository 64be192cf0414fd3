// Fuzz target of the CLI's option parser: argv drawn from every command's real flags with hostile
// values (negative, fractional, huge, hex, blank, control characters, another flag) and unknown
// flags. Parsing either gives values that pass their own checks again, or a UsageError with a short
// message that names an option; a search's header is built or refused the same way. Never a crash.
import type { CliIo } from '../../../src/cli/command';
import { calibrateCommand } from '../../../src/cli/commands/calibrate';
import { evalCommand } from '../../../src/cli/commands/eval';
import { scoreCommand } from '../../../src/cli/commands/score';
import { headerFromArgs, searchCommand } from '../../../src/cli/commands/search';
import { type CommandOptions, UsageError, parseCommandOptions } from '../../../src/cli/options';
import { terminalOutput } from '../../../src/cli/terminalText';
import { UserInputError } from '../../../src/host/errors';
import { type OptionDef, type OptionKey, SCORE_OPTIONS } from '../../../src/host/scoreOptions';
import type { Rng } from '../../../src/core/util/rng';
import type { FuzzTarget } from '../harness';
import { pick } from '../mutators';

const COMMANDS = {
    score: scoreCommand,
    eval: evalCommand,
    search: searchCommand,
    calibrate: calibrateCommand,
};
type Name = keyof typeof COMMANDS;

const VALUES = [
    '0',
    '1',
    '-1',
    '2',
    '8',
    '64',
    '0.5',
    '1e3',
    '1e300',
    '-0',
    '0x10',
    'NaN',
    'Infinity',
    '',
    ' ',
    '4294967296',
    '900M',
    '500k',
    '18',
    'cpu',
    'gpu0',
    'all',
    'lswag,params',
    'lswag,nope',
    '0-9',
    '5-2',
    'per-sample',
    'cifar100',
    'imagenet16-120',
    'mnist',
    'nb201',
    'autoformer-s',
    'synflow',
    'libra:',
    '--seed',
    '\u001b[31mred',
    '\u202eevil',
    'a\nb',
    'x'.repeat(300),
];

interface Input {
    readonly command: Name;
    readonly args: string[];
}

function flagsOf(options: CommandOptions): string[] {
    const shared = options.shared.map((k: OptionKey) => (SCORE_OPTIONS[k] as OptionDef).flag);
    return [...Object.keys(options.own), ...shared, 'no-such-flag'];
}

function draw(rng: Rng): Input {
    const command = pick(rng, Object.keys(COMMANDS) as Name[]);
    const flags = flagsOf(COMMANDS[command].options!);
    const args: string[] = [];
    for (let n = rng.int(6); n > 0; n--) {
        const flag = pick(rng, flags);
        const value = pick(rng, VALUES);
        switch (rng.int(4)) {
            case 0:
                args.push(`--${flag}=${value}`);
                break;
            case 1:
                args.push(`--${flag}`);
                break;
            case 2:
                args.push(value);
                break;
            default:
                args.push(`--${flag}`, value);
        }
    }
    if (command === 'search' && rng.int(2) === 0)
        args.push('--space', pick(rng, ['nb201', 'autoformer-t']), '--objective', 'synflow');
    return { command, args };
}

function checkRefusal(e: unknown): void {
    if (!(e instanceof UserInputError)) throw e;
    const m = terminalOutput(e.message);
    if (m.length === 0 || m.length > 1500)
        throw new Error(`unclear message (${m.length} chars): ${m.slice(0, 200)}`);
    if (/undefined|\[object/.test(m)) throw new Error(`message shows a bad value: ${m}`);
}

/** A checked value written back as a user would type it. */
function asTyped(key: OptionKey, value: unknown): unknown {
    if (key === 'window') return `${(value as number[])[0]}-${(value as number[])[1]}`;
    if (key === 'gradientMode') return value === 'perSample' ? 'per-sample' : value;
    return Array.isArray(value) ? value.join(',') : value;
}

const quiet: CliIo = { out: () => {}, err: () => {} };

function check(input: Input): void {
    const options = COMMANDS[input.command].options!;
    let parsed;
    try {
        parsed = parseCommandOptions(input.args, options);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        checkRefusal(e);
        return;
    }
    for (const [key, value] of Object.entries(parsed.values)) {
        const def = SCORE_OPTIONS[key as OptionKey] as OptionDef;
        // Checked values are fixed points of their check (a number stays a number, in range).
        const again = def.check(asTyped(key as OptionKey, value), `--${def.flag}`);
        if (JSON.stringify(again) !== JSON.stringify(value))
            throw new Error(
                `--${def.flag}: ${JSON.stringify(value)} re-checks as ${JSON.stringify(again)}`,
            );
    }
    for (const [name, value] of Object.entries(parsed)) {
        if (typeof value === 'number' && !Number.isFinite(value))
            throw new Error(`--${name} parsed as ${value}`);
    }
    if (input.command === 'search' && parsed.resume === undefined) {
        try {
            headerFromArgs(input.args, quiet);
        } catch (e) {
            checkRefusal(e);
        }
    }
}

export const cliOptionsTarget: FuzzTarget<Input> = {
    name: 'cliOptions',
    fixed: () => [
        { command: 'score', args: ['--threads', '0', '--seed', '-1'] },
        { command: 'eval', args: ['--limit', '-1'] },
        {
            command: 'search',
            args: ['--space', 'nb201', '--objective', 'synflow', '--params-min', '900M'],
        },
        {
            command: 'search',
            args: ['--space', 'autoformer-s', '--objective', 'synflow', '--dataset', 'cifar100'],
        },
        { command: 'score', args: ['--json=false', '--batch', '0x10'] },
        { command: 'calibrate', args: ['--samples', '1e300'] },
    ],
    draw,
    check,
    describe: (i) => JSON.stringify(i),
};
