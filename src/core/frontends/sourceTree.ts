// A parsed document as plain values with source spans: what YAML and JSON readers produce and
// field readers consume, so the field checks do not depend on which parser ran.
import type { Span } from './reporter';

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode extends Span {
    readonly kind: 'scalar';
    readonly value: ScalarValue;
}

export interface ListNode extends Span {
    readonly kind: 'list';
    readonly items: readonly TreeNode[];
}

export interface MapEntry {
    readonly key: string;
    readonly keySpan: Span;
    readonly value: TreeNode;
}

export interface MapNode extends Span {
    readonly kind: 'map';
    readonly entries: readonly MapEntry[];
}

export type TreeNode = ScalarNode | ListNode | MapNode;

/** The entry for `key`, if the map has one. */
export function entryOf(map: MapNode, key: string): MapEntry | undefined {
    return map.entries.find((entry) => entry.key === key);
}

/** From the entry's key to the end of its value: where "this field" is in the file. */
export function entrySpan(entry: MapEntry): Span {
    return { start: entry.keySpan.start, end: Math.max(entry.keySpan.end, entry.value.end) };
}

/** How a value reads in messages: "a string", "the number 1e9", "a list". */
export function describeNode(node: TreeNode): string {
    if (node.kind === 'list') return 'a list';
    if (node.kind === 'map') return 'a mapping';
    const v = node.value;
    if (v === null) return 'an empty value';
    if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 37)}...` : v}"`;
    if (typeof v === 'number') return `the number ${v}`;
    return `the boolean ${v}`;
}
