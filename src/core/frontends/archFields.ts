// Typed field readers over source trees: each checks type and range and reports at the value's
// span, returning undefined on failure. A table of readers reads one mapping level.
import { didYouMean } from '../util/didYouMean';
import type { Reporter } from './reporter';
import { describeNode, type MapEntry, type MapNode, type TreeNode } from './sourceTree';

/** Reads one value; undefined means a diagnostic was reported. `key` names it in messages. */
export type FieldReader<T = unknown> = (node: TreeNode, r: Reporter, key: string) => T | undefined;

export type FieldTable = Readonly<Record<string, FieldReader>>;

export interface ReadField {
    readonly value: unknown;
    readonly node: TreeNode;
}

/** The fields of one mapping level: those read, and the keys that were present but invalid. */
export interface LevelFields {
    readonly values: ReadonlyMap<string, ReadField>;
    readonly failed: ReadonlySet<string>;
}

export const EMPTY_LEVEL: LevelFields = { values: new Map(), failed: new Set() };

function numberOf(node: TreeNode): number | undefined {
    return node.kind === 'scalar' && typeof node.value === 'number' ? node.value : undefined;
}

interface NumberBounds {
    readonly min?: number;
    readonly exclusiveMin?: number;
    readonly max: number;
    readonly integer?: boolean;
}

/** A number within bounds; integers when `integer` is set. */
export function numberField(bounds: NumberBounds): FieldReader<number> {
    const noun = bounds.integer ? 'an integer' : 'a number';
    return (node, r, key) => {
        const v = numberOf(node);
        if (v === undefined) {
            return r.fail(node, `'${key}' must be ${noun}, not ${describeNode(node)}`);
        }
        if (!Number.isFinite(v)) {
            return r.fail(node, `'${key}' must be a finite number, not ${v}`);
        }
        if (bounds.integer && !Number.isInteger(v)) {
            return r.fail(node, `'${key}' must be a whole number, not ${v}`);
        }
        if (bounds.exclusiveMin !== undefined && v <= bounds.exclusiveMin) {
            return r.fail(node, `'${key}' must be greater than ${bounds.exclusiveMin}, not ${v}`);
        }
        if (bounds.min !== undefined && v < bounds.min) {
            return r.fail(node, `'${key}' must be at least ${bounds.min}, not ${v}`);
        }
        if (v > bounds.max) {
            return r.fail(node, `'${key}' = ${v} is over the limit of ${bounds.max}`);
        }
        return v;
    };
}

export const intField = (min: number, max: number): FieldReader<number> =>
    numberField({ min, max, integer: true });

export const boolField: FieldReader<boolean> = (node, r, key) => {
    if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
    r.error(node, `'${key}' must be true or false, not ${describeNode(node)}`);
    return undefined;
};

export function stringField(maxLength: number): FieldReader<string> {
    return (node, r, key) => {
        if (node.kind !== 'scalar' || typeof node.value !== 'string') {
            return r.fail(node, `'${key}' must be a string, not ${describeNode(node)}`);
        }
        if (node.value.length === 0) return r.fail(node, `'${key}' must not be empty`);
        if (node.value.length > maxLength) {
            return r.fail(node, `'${key}' is over ${maxLength} characters`);
        }
        return node.value;
    };
}

export function enumField<T extends string>(values: readonly T[]): FieldReader<T> {
    return (node, r, key) => {
        if (
            node.kind === 'scalar' &&
            typeof node.value === 'string' &&
            (values as readonly string[]).includes(node.value)
        ) {
            return node.value as T;
        }
        const hint =
            node.kind === 'scalar' && typeof node.value === 'string'
                ? didYouMean(node.value, values)
                : '';
        r.error(
            node,
            `'${key}' must be one of ${values.join(', ')}, not ${describeNode(node)}${hint}`,
        );
        return undefined;
    };
}

/** A list of `item`s; every bad item is reported, and the list fails if any did. */
export function listField<T>(
    item: FieldReader<T>,
    minItems: number,
    maxItems: number,
): FieldReader<T[]> {
    return (node, r, key) => {
        if (node.kind !== 'list') {
            return r.fail(node, `'${key}' must be a list, not ${describeNode(node)}`);
        }
        if (node.items.length < minItems) {
            return r.fail(node, `'${key}' needs at least ${minItems} item(s)`);
        }
        if (node.items.length > maxItems) {
            return r.fail(
                node,
                `'${key}' has ${node.items.length} items, over the limit of ${maxItems}`,
            );
        }
        const out = node.items.map((child, i) => item(child, r, `${key}[${i}]`));
        return out.every((v) => v !== undefined) ? (out as T[]) : undefined;
    };
}

/** One value or a list of them (AutoFormer's per-layer fields). */
export function oneOrListField<T>(item: FieldReader<T>, maxItems: number): FieldReader<T | T[]> {
    const list = listField(item, 1, maxItems);
    return (node, r, key) => (node.kind === 'list' ? list(node, r, key) : item(node, r, key));
}

/**
 * Reads the entries of `map` listed in `table`. Keys in `handled` are read elsewhere; any other key
 * is a warning (typos such as `embed_dims` would otherwise be silently ignored).
 */
export function readLevel(
    map: MapNode,
    table: FieldTable,
    r: Reporter,
    handled: readonly string[],
    where: string,
): LevelFields {
    const values = new Map<string, ReadField>();
    const failed = new Set<string>();
    for (const entry of map.entries) {
        if (handled.includes(entry.key)) continue;
        const reader = table[entry.key];
        if (reader === undefined || !Object.hasOwn(table, entry.key)) {
            warnUnknown(entry, [...Object.keys(table), ...handled], r, where);
            continue;
        }
        const value = reader(entry.value, r, entry.key);
        if (value === undefined) failed.add(entry.key);
        else values.set(entry.key, { value, node: entry.value });
    }
    return { values, failed };
}

export function warnUnknown(
    entry: MapEntry,
    known: readonly string[],
    r: Reporter,
    where: string,
): void {
    const hint = didYouMean(entry.key, known);
    r.warning(entry.keySpan, `unknown field '${entry.key}' ${where}${hint}; it is ignored`);
}
