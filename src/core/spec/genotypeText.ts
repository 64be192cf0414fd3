// Reads DARTS' genotype notation as papers and code print it:
//   Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=range(2, 6))
// A tiny tokenizer over that one expression shape (Python literals only, nothing is evaluated);
// errors carry the offset of the offending text.
import {
    type DartsEdge,
    type DartsGenotype,
    DARTS_OPS,
    GenotypeError,
    checkGenotype,
} from './dartsGenotype';

/** Where genotype expressions start in free text; the end is found by bracket matching. */
export const GENOTYPE_START = /\bGenotype\s*\(/g;

export class GenotypeTextError extends GenotypeError {
    constructor(
        message: string,
        readonly offset: number,
        readonly length = 1,
    ) {
        super(message);
    }
}

type Token =
    | { kind: 'name'; text: string; at: number; end: number }
    | { kind: 'string'; text: string; at: number; end: number }
    | { kind: 'number'; value: number; at: number; end: number }
    | { kind: 'punct'; text: string; at: number; end: number };

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const ch = text[i];
        if (/\s/.test(ch)) {
            i++;
        } else if (ch === '#') {
            while (i < text.length && text[i] !== '\n') i++;
        } else if (/[A-Za-z_]/.test(ch)) {
            const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))![0];
            tokens.push({ kind: 'name', text: m, at: i, end: i + m.length });
            i += m.length;
        } else if (/\d/.test(ch)) {
            const m = /^\d+/.exec(text.slice(i))![0];
            tokens.push({ kind: 'number', value: Number(m), at: i, end: i + m.length });
            i += m.length;
        } else if (ch === "'" || ch === '"') {
            const close = text.indexOf(ch, i + 1);
            if (close < 0) throw new GenotypeTextError('unterminated string', i);
            tokens.push({ kind: 'string', text: text.slice(i + 1, close), at: i, end: close + 1 });
            i = close + 1;
        } else if ('()[],='.includes(ch)) {
            tokens.push({ kind: 'punct', text: ch, at: i, end: i + 1 });
            i++;
        } else {
            throw new GenotypeTextError(`unexpected '${ch}'`, i);
        }
    }
    return tokens;
}

class Parser {
    private k = 0;
    constructor(
        private readonly tokens: Token[],
        private readonly length: number,
    ) {}

    private peek(): Token | undefined {
        return this.tokens[this.k];
    }

    private fail(message: string): never {
        const t = this.peek();
        throw new GenotypeTextError(message, t?.at ?? this.length, t ? t.end - t.at : 1);
    }

    punct(p: string): void {
        const t = this.peek();
        if (t?.kind !== 'punct' || t.text !== p) this.fail(`expected '${p}'`);
        this.k++;
    }

    tryPunct(p: string): boolean {
        const t = this.peek();
        if (t?.kind === 'punct' && t.text === p) {
            this.k++;
            return true;
        }
        return false;
    }

    name(): Token & { kind: 'name' } {
        const t = this.peek();
        if (t?.kind !== 'name') this.fail('expected a name');
        this.k++;
        return t as Token & { kind: 'name' };
    }

    int(): number {
        const t = this.peek();
        if (t?.kind !== 'number') this.fail('expected a whole number');
        this.k++;
        return (t as { value: number }).value;
    }

    /** `[1, 2]`, `(1, 2)` or `range(a, b)` / `range(b)`. */
    intList(): number[] {
        const t = this.peek();
        if (t?.kind === 'name' && t.text === 'range') {
            this.k++;
            this.punct('(');
            const a = this.int();
            const b = this.tryPunct(',') ? this.int() : undefined;
            this.punct(')');
            const [lo, hi] = b === undefined ? [0, a] : [a, b];
            return Array.from({ length: Math.max(0, hi - lo) }, (_, i) => lo + i);
        }
        return this.sequence(() => this.int());
    }

    /** A bracketed list or tuple of items, trailing comma allowed. */
    sequence<T>(item: () => T): T[] {
        const open = this.peek();
        const close = open?.kind === 'punct' && open.text === '(' ? ')' : ']';
        if (!this.tryPunct('[') && !this.tryPunct('(')) this.fail("expected '[' or '('");
        const out: T[] = [];
        while (!this.tryPunct(close)) {
            out.push(item());
            if (!this.tryPunct(',')) {
                this.punct(close);
                break;
            }
        }
        return out;
    }

    /** `name=` ahead: consumes both and returns the name token. */
    keyword(): (Token & { kind: 'name' }) | undefined {
        const [t, eq] = [this.tokens[this.k], this.tokens[this.k + 1]];
        if (t?.kind !== 'name' || eq?.kind !== 'punct' || eq.text !== '=') return undefined;
        this.k += 2;
        return t;
    }

    /** `('op', index)`. */
    opEdge(): DartsEdge {
        this.punct('(');
        const t = this.peek();
        if (t?.kind !== 'string') this.fail("expected an op name in quotes, like 'sep_conv_3x3'");
        this.k++;
        const op = (t as { text: string }).text;
        if (!(DARTS_OPS as readonly string[]).includes(op))
            throw new GenotypeTextError(
                `unknown op '${op}' (expected one of ${DARTS_OPS.join(', ')})`,
                t!.at,
                t!.end - t!.at,
            );
        this.punct(',');
        const from = this.int();
        this.punct(')');
        return [op as DartsEdge[0], from];
    }

    get position(): number {
        return this.peek()?.at ?? this.length;
    }
}

const FIELDS = ['normal', 'normal_concat', 'reduce', 'reduce_concat'] as const;

/** Parses `Genotype(...)` (keyword or positional fields; `Genotype` may be qualified, e.g. `genotypes.Genotype`). */
export function parseGenotype(text: string): DartsGenotype {
    const p = new Parser(tokenize(text), text.length);
    const head = p.name();
    if (!/(^|\.)Genotype$/.test(head.text))
        throw new GenotypeTextError(
            `expected Genotype(...), not ${head.text}`,
            head.at,
            head.end - head.at,
        );
    p.punct('(');
    const values: Partial<Record<(typeof FIELDS)[number], unknown>> = {};
    for (let i = 0; !p.tryPunct(')'); i++) {
        let field: (typeof FIELDS)[number] | undefined = FIELDS[i];
        const at = p.position;
        const key = p.keyword();
        if (key) {
            if (!(FIELDS as readonly string[]).includes(key.text))
                throw new GenotypeTextError(
                    `unknown field '${key.text}'`,
                    key.at,
                    key.end - key.at,
                );
            field = key.text as (typeof FIELDS)[number];
        }
        if (field === undefined) throw new GenotypeTextError('too many fields', at);
        values[field] = field.endsWith('concat') ? p.intList() : p.sequence(() => p.opEdge());
        if (!p.tryPunct(',')) {
            p.punct(')');
            break;
        }
    }
    for (const f of FIELDS)
        if (values[f] === undefined) throw new GenotypeTextError(`missing '${f}'`, 0, text.length);
    const g: DartsGenotype = {
        normal: values.normal as DartsEdge[],
        normalConcat: values.normal_concat as number[],
        reduce: values.reduce as DartsEdge[],
        reduceConcat: values.reduce_concat as number[],
    };
    try {
        checkGenotype(g);
    } catch (e) {
        if (e instanceof GenotypeError) throw new GenotypeTextError(e.message, 0, text.length);
        throw e;
    }
    return g;
}

/** The end (exclusive) of the bracketed call starting at the `(` at `open`, or -1 when unbalanced. */
export function matchingParen(text: string, open: number): number {
    let depth = 0;
    let quote: string | undefined;
    for (let i = open; i < text.length; i++) {
        const ch = text[i];
        if (quote) {
            if (ch === quote) quote = undefined;
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '(' || ch === '[') depth++;
        else if (ch === ')' || ch === ']') {
            depth--;
            if (depth === 0) return i + 1;
        }
    }
    return -1;
}
