// Reads YAML (and so JSON) into a source tree with exact spans. Guards the recursive composer:
// nesting is measured on the flat token stream first, and anything too deep is a diagnostic. Bounds
// the time a read takes: lexing stops at the first flow collection nested too deep, and at a token
// budget, before the parser and composer spend seconds on a pathological file.
import {
    type CST,
    Composer,
    Lexer,
    Parser,
    isAlias,
    isMap,
    isPair,
    isScalar,
    isSeq,
    type Node,
} from 'yaml';
import type { Reporter, Span } from './reporter';
import type { MapEntry, TreeNode } from './sourceTree';

/** Deepest collection nesting read; real architecture files need fewer than ten levels. */
export const MAX_YAML_NESTING = 64;

/**
 * Lexical tokens read per file. Why: parsing and composing cost a few microseconds per token
 * whatever the input (a valid file, a flood of `: :` lines or of empty strings), so a token budget
 * bounds every read, where a character limit cannot (floods cost 10x more per character than a
 * real file). A candidate takes 15-30 tokens, so this still reads several thousand candidates.
 */
export const MAX_YAML_TOKENS = 30_000;

/** YAML syntax errors reported per file; the rest of the file after them counts as broken. */
const MAX_YAML_ERRORS = 100;

export interface YamlTree {
    /** Absent when the file is empty or could not be read at all. */
    readonly root?: TreeNode;
    /** Where YAML errors are (syntax, unknown aliases); readers skip items touching them. */
    readonly errorSpans: readonly Span[];
}

/** Parses `text` as one YAML document, reporting syntax errors, and converts it to a tree. */
export function readYamlTree(text: string, r: Reporter): YamlTree {
    const lexed = parseBounded(text);
    if (lexed.stop === 'tokens') {
        r.error(
            { start: lexed.offset, end: lexed.offset },
            `more than ${MAX_YAML_TOKENS} YAML tokens; the file was not read (split it, or list many cells in a benchmark CSV)`,
        );
        return { errorSpans: [{ start: 0, end: text.length }] };
    }
    const tooDeep =
        findTooDeep(lexed.tokens) ?? (lexed.stop === 'nesting' ? lexed.offset : undefined);
    if (tooDeep !== undefined) {
        r.error(
            { start: tooDeep, end: tooDeep + 1 },
            `nesting deeper than ${MAX_YAML_NESTING} levels; the file was not read`,
        );
        return { errorSpans: [{ start: 0, end: text.length }] };
    }
    const docs = compose(lexed.tokens, text.length);
    const errorSpans: Span[] = [];
    for (const [i, doc] of docs.entries()) {
        if (i > 0) {
            const span = { start: doc.range[0], end: Math.max(doc.range[0] + 1, doc.range[1]) };
            r.error(span, 'only one YAML document per file (remove the second `---`)');
            errorSpans.push(span);
            continue;
        }
        for (const e of doc.errors.slice(0, MAX_YAML_ERRORS)) {
            const span = spanOfError(e.pos, text.length);
            const hint =
                text[span.start] === '|' || text[span.start - 1] === '|'
                    ? ' (quote cell strings: cell: "|op~0|+...")'
                    : '';
            r.error(span, `YAML: ${e.message}${hint}`);
            errorSpans.push(span);
        }
        if (doc.errors.length > MAX_YAML_ERRORS) {
            // Why: past this many errors the rest of the file is noise; treat it as one broken region.
            const from = errorSpans[errorSpans.length - 1].start;
            errorSpans.push({ start: from, end: text.length });
        }
        for (const w of doc.warnings.slice(0, MAX_YAML_ERRORS)) {
            r.warning(spanOfError(w.pos, text.length), `YAML: ${w.message}`);
        }
    }
    const contents = docs[0]?.contents;
    if (contents === null || contents === undefined) return { errorSpans };
    const root = new TreeConverter(text, r, errorSpans).convert(contents);
    return { root, errorSpans };
}

/** Parser stack entries that are not open collections (the document, a key or scalar being read). */
const STACK_SLACK = 8;

interface Parsed {
    /** Complete unless `stop` says why lexing stopped, at `offset`. */
    readonly tokens: CST.Token[];
    readonly stop?: 'tokens' | 'nesting';
    readonly offset: number;
}

/**
 * Parser.parse, lexeme by lexeme, stopping at the token budget or once collections are open deeper
 * than the limit. Why here: the parser's cost per token grows with the depth, so 10,000 `[` took
 * most of a second before the nesting check on the finished tokens could refuse them.
 */
function parseBounded(text: string): Parsed {
    const parser = new Parser();
    const tokens: CST.Token[] = [];
    let count = 0;
    for (const lexeme of new Lexer().lex(text)) {
        if (++count > MAX_YAML_TOKENS)
            return { tokens, stop: 'tokens', offset: Math.min(parser.offset, text.length) };
        for (const token of parser.next(lexeme)) tokens.push(token);
        // The stack holds the document, each open collection and the few nodes being read; past the
        // limit plus that slack, more than MAX_YAML_NESTING collections are open.
        if (parser.stack.length > MAX_YAML_NESTING + STACK_SLACK) {
            // Why end(): the collections open so far become tokens, so the exact check below names
            // the same collection it would have named in the whole file.
            for (const token of parser.end()) tokens.push(token);
            return { tokens, stop: 'nesting', offset: Math.min(parser.offset, text.length) };
        }
    }
    for (const token of parser.end()) tokens.push(token);
    return { tokens, offset: text.length };
}

/** Composes the token stream into documents. */
function compose(tokens: CST.Token[], length: number) {
    // Why uniqueKeys off: the composer checks each key against every earlier one (seconds for a map
    // of some thousand keys); TreeConverter.entries checks them with a set instead.
    const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
    const limit = Error.stackTraceLimit;
    // Why: a broken file can raise thousands of YAMLParseErrors; their stack traces are never shown
    // and capturing them dominated the parse time.
    Error.stackTraceLimit = 0;
    try {
        return [...composer.compose(tokens, true, length)];
    } finally {
        Error.stackTraceLimit = limit;
    }
}

function spanOfError(pos: readonly [number, number], length: number): Span {
    const start = Math.max(0, Math.min(pos[0], length));
    return { start, end: Math.max(start, Math.min(pos[1], length)) };
}

/**
 * The offset of the first collection nested deeper than the limit, found without recursion.
 * Why: the composer recurses; ~1,000 nested `[` overflow its stack, and V8 was seen to abort the
 * whole process (not throw) when a regular expression was compiled right after.
 */
function findTooDeep(tokens: CST.Token[]): number | undefined {
    const stack: Array<[CST.Token, number]> = tokens.map((t) => [t, 0]);
    while (stack.length > 0) {
        const [token, depth] = stack.pop()!;
        if (token.type === 'document' && token.value) stack.push([token.value, depth]);
        if (
            token.type !== 'block-map' &&
            token.type !== 'block-seq' &&
            token.type !== 'flow-collection'
        )
            continue;
        if (depth >= MAX_YAML_NESTING) return token.offset;
        for (const item of token.items) {
            if (item.key) stack.push([item.key, depth + 1]);
            if (item.value) stack.push([item.value, depth + 1]);
        }
    }
    return undefined;
}

/** Converts composed YAML nodes; anchors are recorded in document order so aliases share nodes. */
class TreeConverter {
    private readonly anchors = new Map<string, TreeNode>();

    constructor(
        private readonly text: string,
        private readonly r: Reporter,
        private readonly errorSpans: Span[],
    ) {}

    convert(node: unknown, fallback?: Span): TreeNode {
        const tree = this.convertNode(node, fallback);
        const anchor = (node as Node | null)?.anchor;
        if (anchor) this.anchors.set(anchor, tree);
        return tree;
    }

    private convertNode(node: unknown, fallback?: Span): TreeNode {
        const span = this.spanOf(node, fallback);
        if (isAlias(node)) {
            const target = this.anchors.get(node.source);
            if (target) return target;
            this.r.error(span, `alias *${node.source} has no earlier anchor &${node.source}`);
            this.errorSpans.push(span);
            return { kind: 'scalar', value: null, ...span };
        }
        if (isScalar(node)) {
            const v = node.value;
            const value =
                v === null || ['string', 'number', 'boolean'].includes(typeof v) ? v : String(v);
            return { kind: 'scalar', value: value as string | number | boolean | null, ...span };
        }
        if (isMap(node)) return { kind: 'map', entries: this.entries(node.items, span), ...span };
        if (isSeq(node)) {
            const items = node.items.map((item) =>
                isPair(item) ? this.singlePairMap(item, span) : this.convert(item, span),
            );
            return { kind: 'list', items, ...span };
        }
        return { kind: 'scalar', value: null, ...span };
    }

    /** A `key: value` written as a list item of a flow list (`[a: 1]`) reads as a one-entry map. */
    private singlePairMap(pair: unknown, parent: Span): TreeNode {
        const entries = this.entries([pair], parent);
        const start = entries[0]?.keySpan.start ?? parent.start;
        const end = entries[0]?.value.end ?? parent.end;
        return { kind: 'map', entries, start, end: Math.max(start, end) };
    }

    private entries(pairs: readonly unknown[], parent: Span): MapEntry[] {
        const out: MapEntry[] = [];
        const seen = new Set<unknown>();
        for (const pair of pairs) {
            if (!isPair(pair)) continue;
            const keySpan = this.spanOf(pair.key, { start: parent.start, end: parent.start });
            const key = isScalar(pair.key) ? pair.key.value : undefined;
            const value = this.convert(pair.value, { start: keySpan.end, end: keySpan.end });
            if (key === undefined || key === null || typeof key === 'object') {
                this.r.error(keySpan, 'keys must be plain names');
                continue;
            }
            if (seen.has(key)) {
                // As YAML's own check did: an error, and the item holding it is not read.
                this.r.error(
                    keySpan,
                    `duplicate key '${String(key)}' (keys of a mapping must be unique)`,
                );
                this.errorSpans.push(keySpan);
                continue;
            }
            seen.add(key);
            out.push({ key: String(key), keySpan, value });
        }
        return out;
    }

    /** The node's source without trailing whitespace; `fallback` for nodes without a range. */
    private spanOf(node: unknown, fallback: Span | undefined): Span {
        const range = (node as Node | null | undefined)?.range;
        if (!range) return fallback ?? { start: 0, end: 0 };
        let end = Math.min(range[1], this.text.length);
        while (end > range[0] && /\s/.test(this.text[end - 1])) end--;
        return { start: range[0], end };
    }
}
