// Python's binary operators and comparisons on interpreter values; tensor operands go to the
// forward-pass recorder.
import type { Node } from 'web-tree-sitter';
import { arrayBinary, isArray } from './arrays';
import { percentFormat } from './format';
import type { Runtime } from './runtime';
import { NotStatic, type Val, isTensor, items, list, tuple, typeName } from './values';

export function binaryOp(interp: Runtime, op: string, a: Val, b: Val, node: Node): Val {
    if (isArray(a) || isArray(b)) return arrayBinary(op, a, b, node);
    if (isTensor(a) || isTensor(b)) {
        const isConst = (v: Val) => typeof v === 'number' || (isTensor(v) && v.isConstant === true);
        if (isConst(a) && isConst(b)) {
            // `torch.ones(dim, 1, 1) * scale` in __init__: a constant of the same shape.
            const shape = isTensor(a) ? a.shape : isTensor(b) ? b.shape : [];
            return { t: 'tensor', id: -2, shape, isConstant: true };
        }
        if (!interp.recorder)
            throw new NotStatic('tensor arithmetic outside the forward pass', node);
        return interp.recorder.binary(op, a, b, node);
    }
    if (typeof a === 'boolean') a = a ? 1 : 0;
    if (typeof b === 'boolean') b = b ? 1 : 0;
    if (typeof a === 'number' && typeof b === 'number') return arithmetic(op, a, b, node);
    if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
    if (typeof a === 'string' && op === '%') return percentFormat(a, b);
    if (a !== null && typeof a === 'object' && b !== null && typeof b === 'object') {
        if ((a.t === 'list' || a.t === 'tuple') && a.t === b.t && op === '+') {
            return a.t === 'list'
                ? list([...a.items, ...b.items])
                : tuple([...a.items, ...b.items]);
        }
    }
    if (
        op === '*' &&
        a !== null &&
        typeof a === 'object' &&
        (a.t === 'list' || a.t === 'tuple') &&
        typeof b === 'number'
    ) {
        return repeat(a.t, a.items, b, node);
    }
    if (
        op === '*' &&
        b !== null &&
        typeof b === 'object' &&
        (b.t === 'list' || b.t === 'tuple') &&
        typeof a === 'number'
    ) {
        return repeat(b.t, b.items, a, node);
    }
    throw new NotStatic(
        `'${op}' on ${typeName(a)} and ${typeName(b)} is not supported statically`,
        node,
    );
}

function repeat(kind: 'list' | 'tuple' | 'slice', xs: Val[], n: number, node: Node): Val {
    if (xs.length * n > 100_000) throw new NotStatic('builds a list too long', node);
    const out: Val[] = [];
    for (let i = 0; i < n; i++) out.push(...xs);
    return kind === 'tuple' ? tuple(out) : list(out);
}

function arithmetic(op: string, a: number, b: number, node: Node): number {
    const isDivision = op === '/' || op === '//' || op === '%';
    if (isDivision && b === 0) throw new NotStatic('divides by zero', node);
    switch (op) {
        case '+':
            return a + b;
        case '-':
            return a - b;
        case '*':
            return a * b;
        case '/':
            return a / b;
        case '//':
            return Math.floor(a / b);
        case '%':
            return a - b * Math.floor(a / b);
        case '**':
            return a ** b;
        case '<<':
            return a * 2 ** b;
        case '>>':
            return Math.floor(a / 2 ** b);
        case '&':
            return a & b;
        case '|':
            return a | b;
        default:
            throw new NotStatic(`'${op}' is not supported statically`, node);
    }
}

export function equals(a: Val, b: Val): boolean {
    if (a === b) return true;
    if (typeof a === 'boolean') a = a ? 1 : 0;
    if (typeof b === 'boolean') b = b ? 1 : 0;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
    if ((a.t === 'list' || a.t === 'tuple') && a.t === b.t) {
        const bi = (b as { items: Val[] }).items;
        return a.items.length === bi.length && a.items.every((x, i) => equals(x, bi[i]));
    }
    if (a.t === 'opaque' || b.t === 'opaque')
        throw new NotStatic(`comparing ${typeName(a)} is not static`);
    return false;
}

export function compare(interp: Runtime, op: string, a: Val, b: Val, node: Node): boolean {
    switch (op) {
        case 'is':
            return (
                a === b ||
                (a !== null &&
                    b !== null &&
                    typeof a === 'object' &&
                    typeof b === 'object' &&
                    a.t === 'opaque' &&
                    b.t === 'opaque' &&
                    a.what === b.what)
            );
        case 'is not':
            return !compare(interp, 'is', a, b, node);
        case '==':
            return equals(a, b);
        case '!=':
        case '<>':
            return !equals(a, b);
        case 'in':
            return contains(b, a, node);
        case 'not in':
            return !contains(b, a, node);
        default: {
            if (typeof a === 'boolean') a = a ? 1 : 0;
            if (typeof b === 'boolean') b = b ? 1 : 0;
            if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) {
                throw new NotStatic(
                    `'${op}' on ${typeName(a)} and ${typeName(b)} is not supported statically`,
                    node,
                );
            }
            const x = a as number;
            const y = b as number;
            return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
        }
    }
}

function contains(container: Val, x: Val, node: Node): boolean {
    if (typeof container === 'string' && typeof x === 'string') return container.includes(x);
    if (container !== null && typeof container === 'object' && container.t === 'dict') {
        return x === null || typeof x !== 'object' ? container.map.has(x) : false;
    }
    if (container !== null && typeof container === 'object' && container.t === 'obj') {
        return typeof x === 'string' && container.children.has(x);
    }
    try {
        return items(container, 'in').some((y) => equals(x, y));
    } catch (e) {
        if (e instanceof NotStatic) e.node ??= node;
        throw e;
    }
}
