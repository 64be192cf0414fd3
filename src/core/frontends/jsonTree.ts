// A small strict JSON reader that keeps spans, for benchmark rows (one object per JSON line or CSV
// cell): about 100x faster than a YAML parse per row, and nesting is capped instead of recursing.
import type { Span } from './reporter';
import type { MapEntry, TreeNode } from './sourceTree';

export const MAX_JSON_NESTING = 64;

/** A JSON syntax error at `offset` of the parsed text. */
export class JsonSyntaxError extends Error {
    constructor(
        message: string,
        readonly offset: number,
    ) {
        super(message);
    }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS: ReadonlyArray<[string, boolean | null]> = [
    ['true', true],
    ['false', false],
    ['null', null],
];

/** Parses `text` as one JSON value with spans; throws JsonSyntaxError. */
export function parseJsonTree(text: string): TreeNode {
    const reader = new JsonReader(text);
    const value = reader.value(0);
    reader.skipSpace();
    if (reader.at < text.length) {
        throw new JsonSyntaxError('unexpected text after the JSON value', reader.at);
    }
    return value;
}

class JsonReader {
    at = 0;

    constructor(private readonly text: string) {}

    skipSpace(): void {
        const t = this.text;
        while (this.at < t.length) {
            const c = t.charCodeAt(this.at);
            if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
            this.at++;
        }
    }

    value(depth: number): TreeNode {
        this.skipSpace();
        const start = this.at;
        const c = this.text[start];
        if (c === '{' || c === '[') {
            if (depth >= MAX_JSON_NESTING) {
                throw new JsonSyntaxError(`nesting deeper than ${MAX_JSON_NESTING} levels`, start);
            }
            return c === '{' ? this.object(depth) : this.array(depth);
        }
        if (c === '"') return { kind: 'scalar', value: this.string(), start, end: this.at };
        if (c === '-' || (c >= '0' && c <= '9')) {
            NUMBER.lastIndex = start;
            const m = NUMBER.exec(this.text);
            if (!m) throw new JsonSyntaxError('bad number', start);
            this.at = start + m[0].length;
            return { kind: 'scalar', value: Number(m[0]), start, end: this.at };
        }
        for (const [word, value] of LITERALS) {
            if (this.text.startsWith(word, start)) {
                this.at = start + word.length;
                return { kind: 'scalar', value, start, end: this.at };
            }
        }
        throw new JsonSyntaxError(
            start >= this.text.length ? 'unexpected end of JSON' : `unexpected '${c}'`,
            start,
        );
    }

    private object(depth: number): TreeNode {
        const start = this.at++;
        const entries: MapEntry[] = [];
        const keys = new Set<string>();
        this.skipSpace();
        if (this.text[this.at] === '}') return { kind: 'map', entries, start, end: ++this.at };
        for (;;) {
            this.skipSpace();
            const keyStart = this.at;
            if (this.text[keyStart] !== '"') {
                throw new JsonSyntaxError('expected a quoted key', keyStart);
            }
            const key = this.string();
            const keySpan: Span = { start: keyStart, end: this.at };
            if (keys.has(key)) throw new JsonSyntaxError(`duplicate key "${key}"`, keyStart);
            keys.add(key);
            this.expect(':');
            entries.push({ key, keySpan, value: this.value(depth + 1) });
            if (this.separator('}')) return { kind: 'map', entries, start, end: this.at };
        }
    }

    private array(depth: number): TreeNode {
        const start = this.at++;
        const items: TreeNode[] = [];
        this.skipSpace();
        if (this.text[this.at] === ']') return { kind: 'list', items, start, end: ++this.at };
        for (;;) {
            items.push(this.value(depth + 1));
            if (this.separator(']')) return { kind: 'list', items, start, end: this.at };
        }
    }

    /** Consumes `,` (false: more follows) or `close` (true: done). */
    private separator(close: string): boolean {
        this.skipSpace();
        const c = this.text[this.at];
        if (c === ',') {
            this.at++;
            return false;
        }
        if (c === close) {
            this.at++;
            return true;
        }
        throw new JsonSyntaxError(`expected ',' or '${close}'`, this.at);
    }

    private expect(c: string): void {
        this.skipSpace();
        if (this.text[this.at] !== c) throw new JsonSyntaxError(`expected '${c}'`, this.at);
        this.at++;
    }

    /** A string token at `at`; escapes are decoded by JSON.parse on the token alone. */
    private string(): string {
        const t = this.text;
        const start = this.at;
        let escaped = false;
        for (let i = start + 1; i < t.length; i++) {
            const c = t.charCodeAt(i);
            if (c === 92) {
                escaped = true;
                i++;
            } else if (c === 34) {
                this.at = i + 1;
                const raw = t.slice(start, i + 1);
                if (!escaped && !/[\u0000-\u001f]/.test(raw)) return raw.slice(1, -1);
                try {
                    return JSON.parse(raw) as string;
                } catch {
                    throw new JsonSyntaxError('bad string (control character or escape)', start);
                }
            }
        }
        throw new JsonSyntaxError('unterminated string', start);
    }
}
