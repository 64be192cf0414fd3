// Seeded mutators shared by every fuzz target: bytes (truncate, flip, overwrite, splice), plain
// values (wrong types, missing and extra fields, deep nesting) and text (the front ends' operator).
import type { Rng } from '../../src/core/util/rng';
import { WRONG_VALUES, mutate as mutateTextOnce } from '../unit/core/frontends/fuzzSupport';

export { WRONG_VALUES };

export function pick<T>(rng: Rng, items: readonly T[]): T {
    return items[rng.int(items.length)];
}

/** One to three edits of the text front ends' operator (one copy of the text mutations). */
export function mutateText(rng: Rng, text: string, pieces?: readonly string[]): string {
    let out = text;
    for (let n = 1 + rng.int(3); n > 0; n--) out = mutateTextOnce(rng, out, pieces);
    return out;
}

/** Byte values that sit on boundaries: zero, sign bits, all ones, varint continuation. */
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x08, 0x12, 0x1a, 0x22];

/** One random edit of a byte string; the input is never modified. */
export function mutateBytesOnce(rng: Rng, bytes: Uint8Array): Uint8Array {
    const n = bytes.length;
    const at = () => rng.int(n + 1);
    switch (rng.int(8)) {
        case 0:
            return bytes.slice(0, at());
        case 1: {
            const out = bytes.slice();
            for (let k = 1 + rng.int(8); k > 0 && n > 0; k--) out[rng.int(n)] ^= 1 << rng.int(8);
            return out;
        }
        case 2: {
            const out = bytes.slice();
            for (let k = 1 + rng.int(4); k > 0 && n > 0; k--)
                out[rng.int(n)] = pick(rng, INTERESTING_BYTES);
            return out;
        }
        case 3: {
            const i = at();
            const extra = Uint8Array.from({ length: 1 + rng.int(32) }, () => rng.int(256));
            return concat(bytes.subarray(0, i), extra, bytes.subarray(i));
        }
        case 4: {
            const i = at();
            return concat(bytes.subarray(0, i), bytes.subarray(Math.min(n, i + 1 + rng.int(64))));
        }
        case 5: {
            const i = at();
            const j = Math.min(n, i + 1 + rng.int(256));
            return concat(bytes.subarray(0, j), bytes.subarray(i, j), bytes.subarray(j));
        }
        case 6: {
            // Why: ten 0xff bytes make the longest protobuf varint; lengths and sizes go huge.
            const i = at();
            return concat(bytes.subarray(0, i), new Uint8Array(10).fill(0xff), bytes.subarray(i));
        }
        default: {
            const out = bytes.slice();
            const i = rng.int(Math.max(1, n - 8));
            const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
            if (i + 4 <= n)
                view.setUint32(i, pick(rng, [0xffffffff, 0x7fffffff, 0x80000000, 0]), true);
            return out;
        }
    }
}

/** One to four byte edits. */
export function mutateBytes(rng: Rng, bytes: Uint8Array): Uint8Array {
    let out = bytes;
    for (let k = 1 + rng.int(4); k > 0; k--) out = mutateBytesOnce(rng, out);
    return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
    const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
        out.set(p, at);
        at += p.length;
    }
    return out;
}

/** Values of every kind a message field should not hold. */
export function wrongValue(rng: Rng): unknown {
    const deep = (k: number): unknown => (k === 0 ? 1 : [deep(k - 1)]);
    const options: (() => unknown)[] = [
        () => undefined,
        () => null,
        () => NaN,
        () => Infinity,
        () => -1,
        () => 0,
        () => 2 ** 53,
        () => 1.5,
        () => '',
        () => 'x'.repeat(1 + rng.int(100_000)),
        () => pick(rng, WRONG_VALUES),
        () => true,
        () => [],
        () => ({}),
        () => [1, 'a', null],
        () => deep(1 + rng.int(500)),
        () => ({ __proto__: { polluted: true } }),
        () => JSON.parse('{"__proto__": {"polluted": true}}'),
        () => new Uint8Array(4),
        () => BigInt(7),
        () => Symbol('s').toString(),
    ];
    return pick(rng, options)();
}

/** Paths (key lists) of every object field and array item in `value`, up to `limit`. */
function paths(value: unknown, limit = 500): (string | number)[][] {
    const out: (string | number)[][] = [];
    const walk = (v: unknown, at: (string | number)[]) => {
        if (out.length >= limit || typeof v !== 'object' || v === null || ArrayBuffer.isView(v))
            return;
        const keys = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
        for (const k of keys) {
            out.push([...at, k]);
            walk((v as Record<string | number, unknown>)[k], [...at, k]);
        }
    };
    walk(value, []);
    return out;
}

/** A deep copy of plain data (objects, arrays, primitives; typed arrays are copied as they are). */
export function clone<T>(value: T): T {
    return structuredClone(value);
}

/**
 * One structural edit of a message: a field replaced by a wrong value, deleted, duplicated into an
 * unknown key, wrapped in an array, or the whole message replaced. The input is never modified.
 */
export function mutateValueOnce(rng: Rng, value: unknown): unknown {
    const all = paths(value);
    if (all.length === 0 || rng.int(20) === 0) return wrongValue(rng);
    const out = clone(value) as Record<string | number, unknown>;
    const path = pick(rng, all);
    let parent: Record<string | number, unknown> = out;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const key = path[path.length - 1];
    switch (rng.int(5)) {
        case 0:
            parent[key] = wrongValue(rng);
            break;
        case 1:
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete parent[key];
            break;
        case 2:
            parent[`extra${rng.int(3)}`] = wrongValue(rng);
            break;
        case 3:
            parent[key] = [parent[key]];
            break;
        default:
            if (Array.isArray(parent))
                parent.push(...Array.from({ length: 1 + rng.int(100) }, () => parent[Number(key)]));
            else parent[key] = wrongValue(rng);
    }
    return out;
}

export function mutateValue(rng: Rng, value: unknown): unknown {
    let out = value;
    for (let k = 1 + rng.int(3); k > 0; k--) out = mutateValueOnce(rng, out);
    return out;
}
