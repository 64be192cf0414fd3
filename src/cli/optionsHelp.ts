// The "Options:" block of `lswag <command> --help`, read from the same declarations the parser uses.
import { SCORE_OPTIONS } from '../host/scoreOptions';
import type { CommandOptions } from './options';

const INDENT = '  ';
const GAP = '  ';

/** One line per option: `--flag VALUE` and its help, aligned; shared options after the command's own. */
export function formatOptionsHelp(options: CommandOptions): string {
    const rows: [string, string][] = [];
    for (const [flag, spec] of Object.entries(options.own)) {
        const kind = typeof spec === 'string' ? { type: spec } : spec;
        const value =
            kind.type === 'boolean'
                ? ''
                : ` ${'value' in kind && kind.value ? kind.value : kind.type === 'number' ? 'N' : 'VALUE'}`;
        rows.push([`--${flag}${value}`, 'help' in kind && kind.help ? kind.help : '']);
    }
    for (const key of options.shared) {
        const def = SCORE_OPTIONS[key];
        rows.push([`--${def.flag} ${def.value}`, def.help]);
    }
    const width = Math.max(0, ...rows.map(([left]) => left.length));
    const lines = rows.map(([left, help]) =>
        `${INDENT}${left.padEnd(width)}${GAP}${help}`.trimEnd(),
    );
    return ['Options:', ...lines, ''].join('\n');
}
