// Reads YAML (and so JSON) into a source tree with exact spans. Guards the recursive composer:
// nesting is measured on the flat token stream first, and anything too deep is a diagnostic.
import { CST, Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Reporter, Span } from './reporter';
import type { MapEntry, TreeNode } from './sourceTree';

/** Deepest collection nesting read; real architecture files need fewer than ten levels. */
export const MAX_YAML_NESTING = 64;

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
    const tokens = [...new Parser().parse(text)];
    const tooDeep = findTooDeep(tokens);
    if (tooDeep !== undefined) {
        r.error(
            { start: tooDeep, end: tooDeep + 1 },
            `nesting deeper than ${MAX_YAML_NESTING} levels; the file was not read`,
        );
        return { errorSpans: [{ start: 0, end: text.length }] };
    }
    const docs = compose(tokens, text.length);
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

/** Composes the token stream into documents. */
function compose(tokens: CST.Token[], length: number) {
    const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
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
        for (const pair of pairs) {
            if (!isPair(pair)) continue;
            const keySpan = this.spanOf(pair.key, { start: parent.start, end: parent.start });
            const key = isScalar(pair.key) ? pair.key.value : undefined;
            const value = this.convert(pair.value, { start: keySpan.end, end: keySpan.end });
            if (key === undefined || key === null || typeof key === 'object') {
                this.r.error(keySpan, 'keys must be plain names');
                continue;
            }
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
