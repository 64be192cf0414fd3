// Evaluates Python literal expressions (numbers, strings, booleans, None, lists, tuples and simple
// arithmetic on them) from tree-sitter nodes. Anything else is "not statically resolvable".
import type { Node } from 'web-tree-sitter';
import { type FileContext, excerpt } from './syntax';

export type PyValue =
    | { readonly kind: 'int' | 'float'; readonly value: number }
    | { readonly kind: 'str'; readonly value: string }
    | { readonly kind: 'bool'; readonly value: boolean }
    | { readonly kind: 'none' }
    | { readonly kind: 'list' | 'tuple'; readonly items: readonly PyValue[] };

/** Deeper expressions are reported rather than walked (keeps the JS stack safe). */
const MAX_DEPTH = 64;
/** Longest list read or built (`[x] * n`): beyond any real config, short enough to stay fast. */
const MAX_ITEMS = 10_000;

/** Why an expression has no static value: `node` is the innermost culprit. */
class NotLiteral extends Error {
    constructor(
        readonly node: Node,
        readonly reason: string,
        readonly isError = false,
    ) {
        super(reason);
    }
}

/**
 * The value of `node`, or a diagnostic at `node` naming `what` (then the definition is skipped).
 * Non-literal code is an `info` ("not statically resolvable"); overflow or division by zero is an
 * error.
 */
export function literal(ctx: FileContext, node: Node, what: string): PyValue {
    try {
        return evaluate(node, 0);
    } catch (e) {
        if (!(e instanceof NotLiteral)) throw e;
        const culprit = `'${excerpt(e.node)}'`;
        const message = e.isError
            ? `${what}: ${e.reason} (${culprit})`
            : `${what} is not statically resolvable: ${culprit} ${e.reason}`;
        return ctx.fail(node, e.isError ? 'error' : 'info', message);
    }
}

function evaluate(node: Node, depth: number): PyValue {
    if (depth > MAX_DEPTH) throw new NotLiteral(node, 'is nested too deeply');
    switch (node.type) {
        case 'integer':
            return { kind: 'int', value: parseInteger(node) };
        case 'float':
            return { kind: 'float', value: parseFloatLiteral(node) };
        case 'true':
        case 'false':
            return { kind: 'bool', value: node.type === 'true' };
        case 'none':
            return { kind: 'none' };
        case 'string':
        case 'concatenated_string':
            return { kind: 'str', value: stringValue(node) };
        case 'parenthesized_expression': {
            const inner = node.namedChildren.filter((c) => c && c.type !== 'comment');
            if (inner.length !== 1 || !inner[0]) throw new NotLiteral(node, 'is not a literal');
            return evaluate(inner[0], depth + 1);
        }
        case 'list':
        case 'tuple': {
            if (node.namedChildCount > MAX_ITEMS) throw new NotLiteral(node, 'is too long', true);
            const items: PyValue[] = [];
            for (const child of node.namedChildren) {
                if (!child || child.type === 'comment') continue;
                items.push(evaluate(child, depth + 1));
            }
            return { kind: node.type, items };
        }
        case 'unary_operator':
            return unary(node, depth);
        case 'binary_operator':
            return binary(node, depth);
        default:
            throw new NotLiteral(
                node,
                node.type === 'identifier' ? 'is a variable' : 'is not a literal',
            );
    }
}

function parseInteger(node: Node): number {
    const text = node.text.replace(/_/g, '');
    if (/[jJ]$/.test(text)) throw new NotLiteral(node, 'is a complex number');
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new NotLiteral(node, 'integer is too large', true);
    return value;
}

function parseFloatLiteral(node: Node): number {
    const text = node.text.replace(/_/g, '');
    if (/[jJ]$/.test(text)) throw new NotLiteral(node, 'is a complex number');
    const value = Number(text);
    if (!Number.isFinite(value)) throw new NotLiteral(node, 'number is not finite', true);
    return value;
}

function stringValue(node: Node): string {
    if (node.type === 'concatenated_string') {
        return node.namedChildren.map((part) => (part ? stringValue(part) : '')).join('');
    }
    if (node.type !== 'string') throw new NotLiteral(node, 'is not a string literal');
    let out = '';
    let isRaw = false;
    for (const child of node.namedChildren) {
        if (!child) continue;
        switch (child.type) {
            case 'string_start':
                if (/[bB]/.test(child.text)) throw new NotLiteral(node, 'is a bytes literal');
                isRaw = /[rR]/.test(child.text);
                break;
            case 'string_content':
                out += child.text;
                break;
            case 'escape_sequence':
                out += isRaw ? child.text : unescape(child.text);
                break;
            case 'interpolation':
                throw new NotLiteral(child, 'is an f-string interpolation');
            default:
                break;
        }
    }
    return out;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function unescape(seq: string): string {
    const c = seq.slice(1);
    return ESCAPES[c] ?? (c.length === 1 ? c : seq);
}

function numeric(value: PyValue, node: Node): { kind: 'int' | 'float'; value: number } {
    if (value.kind === 'int' || value.kind === 'float') return value;
    throw new NotLiteral(node, 'is not a number');
}

function unary(node: Node, depth: number): PyValue {
    const argument = node.childForFieldName('argument');
    const op = node.childForFieldName('operator')?.type;
    if (!argument) throw new NotLiteral(node, 'is incomplete');
    const v = numeric(evaluate(argument, depth + 1), argument);
    if (op === '-') return { kind: v.kind, value: -v.value };
    if (op === '+') return v;
    throw new NotLiteral(node, `uses '${op ?? '?'}'`);
}

function binary(node: Node, depth: number): PyValue {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.type;
    if (!left || !right || !op) throw new NotLiteral(node, 'is incomplete');
    const a = evaluate(left, depth + 1);
    const b = evaluate(right, depth + 1);
    if ((a.kind === 'list' || a.kind === 'tuple') && op === '+' && b.kind === a.kind) {
        return checkedItems(node, a.kind, [...a.items, ...b.items]);
    }
    if (op === '*' && (a.kind === 'list' || a.kind === 'tuple') && b.kind === 'int') {
        return repeat(node, a.kind, a.items, b.value);
    }
    if (op === '*' && a.kind === 'int' && (b.kind === 'list' || b.kind === 'tuple')) {
        return repeat(node, b.kind, b.items, a.value);
    }
    return arithmetic(node, op, numeric(a, left), numeric(b, right));
}

function repeat(node: Node, kind: 'list' | 'tuple', items: readonly PyValue[], n: number): PyValue {
    if (items.length * Math.max(n, 0) > MAX_ITEMS) {
        throw new NotLiteral(node, 'builds a list too long', true);
    }
    const out: PyValue[] = [];
    for (let i = 0; i < n; i++) out.push(...items);
    return { kind, items: out };
}

function checkedItems(node: Node, kind: 'list' | 'tuple', items: PyValue[]): PyValue {
    if (items.length > MAX_ITEMS) throw new NotLiteral(node, 'builds a list too long', true);
    return { kind, items };
}

const ARITHMETIC: Readonly<Record<string, (a: number, b: number) => number>> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
    '//': (a, b) => Math.floor(a / b),
    '%': (a, b) => a - b * Math.floor(a / b), // Python's sign rule: the result takes b's sign.
    '**': (a, b) => a ** b,
};

function arithmetic(
    node: Node,
    op: string,
    a: { kind: 'int' | 'float'; value: number },
    b: { kind: 'int' | 'float'; value: number },
): PyValue {
    const isInt = a.kind === 'int' && b.kind === 'int';
    const isDivision = op === '/' || op === '//' || op === '%';
    if (isDivision && b.value === 0) throw new NotLiteral(node, 'divides by zero', true);
    const apply = ARITHMETIC[op];
    if (!apply) throw new NotLiteral(node, `uses '${op}'`);
    const value = apply(a.value, b.value);
    const kind = isInt && op !== '/' && !(op === '**' && b.value < 0) ? 'int' : 'float';
    if (!Number.isFinite(value) || (kind === 'int' && !Number.isSafeInteger(value))) {
        throw new NotLiteral(node, 'number is too large', true);
    }
    return { kind, value };
}
