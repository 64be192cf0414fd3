// Typed readers over literal values: each returns the value it was asked for or records one
// diagnostic at the argument's range and abandons the definition (SkipDefinition).
import type { Node } from 'web-tree-sitter';
import { type PyValue, literal } from './literals';
import type { FileContext } from './syntax';

function describe(v: PyValue): string {
    return v.kind === 'int' ? 'an integer' : v.kind === 'float' ? 'a float' : `a ${v.kind}`;
}

/** A positive (or, with `min: 0`, non-negative) integer. */
export function readInt(ctx: FileContext, node: Node, what: string, min = 1): number {
    return intOf(ctx, node, what, literal(ctx, node, what), min);
}

function intOf(ctx: FileContext, node: Node, what: string, v: PyValue, min: number): number {
    if (v.kind !== 'int') {
        return ctx.fail(node, 'error', `${what} must be an integer, got ${describe(v)}`);
    }
    if (v.value < min) {
        return ctx.fail(node, 'error', `${what} must be at least ${min}, got ${v.value}`);
    }
    return v.value;
}

function numberOf(ctx: FileContext, node: Node, what: string, v: PyValue): number {
    if (v.kind !== 'int' && v.kind !== 'float') {
        return ctx.fail(node, 'error', `${what} must be a number, got ${describe(v)}`);
    }
    if (!(v.value > 0)) return ctx.fail(node, 'error', `${what} must be positive, got ${v.value}`);
    return v.value;
}

/** A scalar or a list/tuple of them: integers when `isInt`, else positive numbers. */
export function readScalarOrList(
    ctx: FileContext,
    node: Node,
    what: string,
    isInt: boolean,
): number | number[] {
    const v = literal(ctx, node, what);
    const one = (item: PyValue) =>
        isInt ? intOf(ctx, node, what, item, 1) : numberOf(ctx, node, what, item);
    if (v.kind === 'list' || v.kind === 'tuple') {
        if (v.items.length === 0) return ctx.fail(node, 'error', `${what} must not be empty`);
        return v.items.map(one);
    }
    return one(v);
}

/** An int or a square pair `(k, k)`; a non-square pair is reported as unsupported. */
export function readSquare(ctx: FileContext, node: Node, what: string, min = 1): number {
    const v = literal(ctx, node, what);
    if (v.kind === 'tuple' || v.kind === 'list') {
        const items = v.items.map((item) => intOf(ctx, node, what, item, min));
        if (items.length !== 2) return ctx.fail(node, 'error', `${what} must be an int or a pair`);
        if (items[0] !== items[1]) {
            return ctx.fail(
                node,
                'info',
                `${what} (${items.join(', ')}) is not square; only square sizes are supported`,
            );
        }
        return items[0];
    }
    return intOf(ctx, node, what, v, min);
}

export function readString(ctx: FileContext, node: Node, what: string): string {
    const v = literal(ctx, node, what);
    if (v.kind !== 'str') {
        return ctx.fail(node, 'error', `${what} must be a string, got ${describe(v)}`);
    }
    return v.value;
}

export function readBool(ctx: FileContext, node: Node, what: string): boolean {
    const v = literal(ctx, node, what);
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'int') return v.value !== 0; // Why: Python accepts 0/1 where a bool is expected.
    return ctx.fail(node, 'error', `${what} must be True or False, got ${describe(v)}`);
}

/** Expands a scalar to `depth` copies; checks a list's length against `depth`. */
export function perLayer(
    ctx: FileContext,
    node: Node | undefined,
    what: string,
    value: number | number[],
    depth: number,
): number[] {
    if (!Array.isArray(value)) return new Array<number>(depth).fill(value);
    if (value.length !== depth && node) {
        ctx.fail(node, 'error', `${what} has ${value.length} entries but depth is ${depth}`);
    }
    return value;
}
