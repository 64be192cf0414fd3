// The literal a Python variable stands for, for the "inline constant" quick fix on "'hidden' is a
// variable": only when the name is assigned exactly once in the scope that owns it, to a plain
// literal, before the use, and is not a parameter there. Reads lines and indentation, no parse:
// anything unusual (tuple targets, loops, `global`, augmented assignment) means "no constant".

/** The value to write in place of the variable, and the 0-based line of its assignment. */
export interface InlinedConstant {
    readonly value: string;
    readonly line: number;
}

/** Literals worth inlining: numbers, strings without escapes, booleans, None, tuples of numbers. */
const LITERAL =
    /^(?:-?\d[\d_]*(?:\.\d*)?(?:[eE][-+]?\d+)?|(['"])[^'"\\\n]*\1|True|False|None|\(\s*-?\d+(?:\s*,\s*-?\d+)*\s*,?\s*\))$/;

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;
const isCode = (line: string) => line.trim() !== '' && !line.trim().startsWith('#');

/** The enclosing `def` of `line` (its header line), or -1 for module scope. */
function enclosingDef(lines: readonly string[], line: number): number {
    let bound = indentOf(lines[line]);
    for (let i = line - 1; i >= 0; i--) {
        if (!isCode(lines[i])) continue;
        const indent = indentOf(lines[i]);
        if (indent >= bound) continue;
        bound = indent;
        if (/^\s*(?:async\s+)?def\s/.test(lines[i])) return i;
        if (indent === 0) return -1;
    }
    return -1;
}

/** The lines of a scope: a def's body (header excluded), or the module's top-level lines. */
function scopeLines(lines: readonly string[], def: number): number[] {
    if (def < 0) return lines.flatMap((l, i) => (isCode(l) && indentOf(l) === 0 ? [i] : []));
    const header = indentOf(lines[def]);
    const out: number[] = [];
    for (let i = def + 1; i < lines.length; i++) {
        if (!isCode(lines[i])) continue;
        if (indentOf(lines[i]) <= header) break;
        out.push(i);
    }
    return out;
}

type Binding = { kind: 'literal'; value: string } | { kind: 'other' };

/** How `text` (one line) binds `name`, if it does. */
function bindingIn(text: string, name: string): Binding | undefined {
    const n = name.replace(/[$]/g, '\\$&');
    const plain = new RegExp(`^\\s*${n}\\s*(?::[^=]+)?=(?!=)\\s*(.*?)\\s*(?:#.*)?$`).exec(text);
    if (plain)
        return LITERAL.test(plain[1]) ? { kind: 'literal', value: plain[1] } : { kind: 'other' };
    const word = new RegExp(`\\b${n}\\b`);
    if (!word.test(text)) return undefined;
    const others = [
        new RegExp(`^\\s*${n}\\s*(?:\\*\\*|//|>>|<<|[-+*/%&|^@])=`),
        new RegExp(`^\\s*(?:async\\s+)?for\\s[^:]*\\b${n}\\b[^:]*\\sin\\s`),
        new RegExp(`\\bas\\s+${n}\\b`),
        new RegExp(`^\\s*(?:global|nonlocal)\\s.*\\b${n}\\b`),
        new RegExp(`^\\s*[\\w\\s,.()\\[\\]*]*\\b${n}\\b[\\w\\s,.()\\[\\]*]*=(?!=)`),
        new RegExp(`\\b${n}\\s*:=`),
    ];
    return others.some((re) => re.test(text)) ? { kind: 'other' } : undefined;
}

/** True when `name` is a parameter of the def whose header starts at `def`. */
function isParameter(lines: readonly string[], def: number, name: string): boolean {
    let header = '';
    for (let i = def; i < lines.length && !/\)\s*(?:->[^:]*)?:\s*(?:#.*)?$/.test(header); i++) {
        header += `${lines[i]}\n`;
    }
    const params = header.slice(header.indexOf('(') + 1, header.lastIndexOf(')'));
    return new RegExp(`(?:^|[(,*\\s])${name}\\s*(?:[:=,)]|$)`).test(params);
}

/**
 * The literal `name` holds where it is used on `usageLine` (0-based), or undefined when it is not a
 * constant: assigned more than once, not to a literal, after the use (inside a def), or a parameter.
 */
export function inlineConstant(
    text: string,
    usageLine: number,
    name: string,
): InlinedConstant | undefined {
    if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
    const lines = text.split(/\r\n|\r|\n/);
    if (usageLine < 0 || usageLine >= lines.length) return undefined;
    for (let def = enclosingDef(lines, usageLine); ; def = enclosingDef(lines, def)) {
        if (def >= 0 && isParameter(lines, def, name)) return undefined;
        const bindings = scopeLines(lines, def).flatMap((i) => {
            const b = bindingIn(lines[i], name);
            return b ? [{ line: i, binding: b }] : [];
        });
        if (bindings.length > 1) return undefined;
        if (bindings.length === 1) {
            const [{ line, binding }] = bindings;
            if (binding.kind !== 'literal') return undefined;
            if (def >= 0 && line > usageLine) return undefined;
            return { value: binding.value, line };
        }
        if (def < 0) return undefined;
    }
}
