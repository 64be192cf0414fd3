// Known-value tensors for configuration arithmetic (RegNet computes its stage widths with
// torch.arange, log, pow and round): elementwise ops in float32 or int64, as PyTorch computes them.
import type { Node } from 'web-tree-sitter';
import {
    type Args,
    type Builtin,
    NotStatic,
    type PyArray,
    type Val,
    items,
    list,
    num,
    typeName,
} from './values';

const MAX_VALUES = 100_000;

export function isArray(v: Val): v is PyArray {
    return v !== null && typeof v === 'object' && v.t === 'array';
}

function array(values: number[], isFloat: boolean): PyArray {
    if (values.length > MAX_VALUES)
        throw new NotStatic('a value tensor this large is not evaluated statically');
    return {
        t: 'array',
        values: isFloat ? values.map(Math.fround) : values.map(Math.trunc),
        isFloat,
    };
}

/** Round half to even, as torch.round does. */
function roundHalfEven(x: number): number {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const OPS: Readonly<Record<string, (a: number, b: number) => number>> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
    '//': (a, b) => Math.floor(a / b),
    '**': (a, b) => a ** b,
};

/** `a op b` where one side is a value tensor and the other a number or value tensor. */
export function arrayBinary(op: string, a: Val, b: Val, node?: Node): PyArray {
    const f = OPS[op];
    const side = (v: Val) =>
        isArray(v)
            ? v
            : typeof v === 'number' || typeof v === 'boolean'
              ? { values: [Number(v)], isFloat: !Number.isInteger(v), scalar: true }
              : undefined;
    const x = side(a);
    const y = side(b);
    if (!f || !x || !y)
        throw new NotStatic(
            `'${op}' on ${typeName(a)} and ${typeName(b)} is not supported statically`,
            node,
        );
    const n = Math.max(x.values.length, y.values.length);
    if (x.values.length !== n && x.values.length !== 1)
        throw new NotStatic('value tensors of different lengths', node);
    if (y.values.length !== n && y.values.length !== 1)
        throw new NotStatic('value tensors of different lengths', node);
    const isFloat = x.isFloat || y.isFloat || op === '/';
    const out = Array.from({ length: n }, (_, i) =>
        f(x.values[x.values.length === 1 ? 0 : i], y.values[y.values.length === 1 ? 0 : i]),
    );
    return array(out, isFloat);
}

const fn = (name: string, call: (a: Args) => Val): Builtin => ({ t: 'builtin', name, call });

function toArray(v: Val, what: string): PyArray {
    if (isArray(v)) return v;
    if (typeof v === 'number') return array([v], !Number.isInteger(v));
    const xs = items(v, what).map((x) => num(x, what));
    return array(
        xs,
        xs.some((x) => !Number.isInteger(x)),
    );
}

const unary = (name: string, f: (x: number) => number, isFloat?: boolean) =>
    fn(name, (a) => {
        const x = toArray(a.positional[0] ?? null, `torch.${name}`);
        return array(x.values.map(f), isFloat ?? x.isFloat);
    });

/** torch functions on value tensors. */
export function arrayFunctions(): Map<string, Val> {
    return new Map<string, Val>([
        [
            'arange',
            fn('arange', (a) => {
                const [x, y, z] = a.positional.map((v) => num(v, 'arange'));
                const [start, end, step] = a.positional.length === 1 ? [0, x, 1] : [x, y, z ?? 1];
                const n = Math.max(0, Math.ceil((end - start) / step));
                const isFloat = [start, end, step].some((v) => !Number.isInteger(v));
                return array(
                    Array.from({ length: Math.min(n, MAX_VALUES + 1) }, (_, i) => start + i * step),
                    isFloat,
                );
            }),
        ],
        ['tensor', fn('tensor', (a) => toArray(a.positional[0] ?? null, 'torch.tensor'))],
        ['log', unary('log', Math.log, true)],
        ['exp', unary('exp', Math.exp, true)],
        ['sqrt', unary('sqrt', Math.sqrt, true)],
        ['round', unary('round', roundHalfEven)],
        ['floor', unary('floor', Math.floor)],
        ['ceil', unary('ceil', Math.ceil)],
        [
            'divide',
            fn('divide', (a) =>
                arrayBinary(
                    '/',
                    toArray(a.positional[0] ?? null, 'divide'),
                    a.positional[1] ?? null,
                ),
            ),
        ],
        [
            'pow',
            fn('pow', (a) => arrayBinary('**', a.positional[0] ?? null, a.positional[1] ?? null)),
        ],
        [
            'diff',
            fn('diff', (a) => {
                const x = toArray(a.positional[0] ?? null, 'torch.diff');
                return array(
                    x.values.slice(1).map((v, i) => v - x.values[i]),
                    x.isFloat,
                );
            }),
        ],
    ]);
}

/** Methods of a value tensor. */
export function arrayMethod(v: PyArray, name: string): Val | undefined {
    switch (name) {
        case 'int':
        case 'long':
            return fn(name, () => array([...v.values], false));
        case 'float':
            return fn(name, () => array([...v.values], true));
        case 'tolist':
            return fn(name, () => list([...v.values]));
        case 'item':
            return fn(name, () => {
                if (v.values.length !== 1)
                    throw new NotStatic('item() of a tensor with several values');
                return v.values[0];
            });
        default:
            return undefined;
    }
}
