// Python's built-in functions and classes that model code uses (range, len, isinstance, max, ...),
// and the methods of lists, tuples, dicts and strings.
import type { Node } from 'web-tree-sitter';
import { arrayMethod } from './arrays';
import { braceFormat } from './format';
import type { Runtime } from './runtime';
import { compare, equals } from './operators';
import {
    type Args,
    type Builtin,
    NotStatic,
    type PyClass,
    type PyDict,
    TENSOR_CLASS,
    type Val,
    int,
    isTensor,
    isModuleClass,
    isSubclass,
    items,
    list,
    num,
    truthy,
    tuple,
    typeName,
} from './values';

const fn = (name: string, call: (a: Args) => Val): Builtin => ({ t: 'builtin', name, call });

/** A built-in class whose call converts its argument (int("3"), list(range(3))). */
function convertingClass(name: string, convert: (a: Args) => Val): PyClass {
    return {
        t: 'class',
        name,
        bases: [],
        body: new Map(),
        cache: new Map(),
        native: { qualified: name, forward: (_self, a) => convert(a) },
    };
}

export const BUILTIN_CLASSES = {
    int: convertingClass('int', (a) =>
        a.positional.length === 0 ? 0 : Math.trunc(num(a.positional[0], 'int()')),
    ),
    float: convertingClass('float', (a) =>
        a.positional.length === 0 ? 0 : num(a.positional[0], 'float()'),
    ),
    bool: convertingClass('bool', (a) => truthy(a.positional[0] ?? false)),
    str: convertingClass('str', (a) => String(a.positional[0] ?? '')),
    list: convertingClass('list', (a) =>
        list(a.positional.length ? [...items(a.positional[0], 'list()')] : []),
    ),
    tuple: convertingClass('tuple', (a) =>
        tuple(a.positional.length ? [...items(a.positional[0], 'tuple()')] : []),
    ),
    dict: convertingClass('dict', (a) => {
        const d = dictFrom(a.positional[0], 'dict()');
        for (const [k, v] of a.keywords) d.map.set(k, v);
        return d;
    }),
    object: { t: 'class', name: 'object', bases: [], body: new Map(), cache: new Map() } as PyClass,
} as const;

/** A new dict from a mapping or an iterable of (key, value) pairs, as dict() and OrderedDict() copy. */
export function dictFrom(src: Val | undefined, what: string): PyDict {
    const d: PyDict = { t: 'dict', map: new Map() };
    if (src !== undefined && src !== null && typeof src === 'object' && src.t === 'dict')
        for (const [k, v] of src.map) d.map.set(k, v);
    else if (src !== undefined)
        for (const kv of items(src, what)) {
            const [k, v] = items(kv, what);
            d.map.set(k as string, v);
        }
    return d;
}

function isInstance(interp: Runtime, v: Val, cls: Val): boolean {
    if (cls !== null && typeof cls === 'object' && (cls.t === 'tuple' || cls.t === 'list')) {
        return cls.items.some((c) => isInstance(interp, v, c));
    }
    if (cls !== null && typeof cls === 'object' && cls.t === 'opaque')
        return isAbstractInstance(v, cls.what);
    if (cls === null || typeof cls !== 'object' || cls.t !== 'class') return false;
    const c = BUILTIN_CLASSES;
    if (cls === c.int) return typeof v === 'number' && Number.isInteger(v);
    if (cls === c.float) return typeof v === 'number';
    if (cls === c.bool) return typeof v === 'boolean';
    if (cls === c.str) return typeof v === 'string';
    if (cls === c.list) return v !== null && typeof v === 'object' && v.t === 'list';
    if (cls === c.tuple) return v !== null && typeof v === 'object' && v.t === 'tuple';
    if (cls === c.dict) return v !== null && typeof v === 'object' && v.t === 'dict';
    if (cls === c.object) return true;
    if (cls === TENSOR_CLASS) return isTensor(v);
    return v !== null && typeof v === 'object' && v.t === 'obj' && isSubclass(v.cls, cls);
}

/** isinstance against typing / collections.abc protocols (`Sequence`, `Mapping`, `Callable`). */
function isAbstractInstance(v: Val, what: string): boolean {
    const name = what.slice(what.lastIndexOf('.') + 1);
    const isObj = v !== null && typeof v === 'object';
    if (['Sequence', 'List', 'Tuple', 'Iterable', 'MutableSequence', 'Collection'].includes(name)) {
        return isObj && (v.t === 'list' || v.t === 'tuple');
    }
    if (['Mapping', 'Dict', 'MutableMapping'].includes(name)) return isObj && v.t === 'dict';
    if (name === 'Callable') return isObj && ['func', 'builtin', 'bound', 'class'].includes(v.t);
    throw new NotStatic(`isinstance against '${what}' is not known statically`);
}

function extreme(name: string, pick: (a: number, b: number) => boolean) {
    return fn(name, (a) => {
        const xs = a.positional.length === 1 ? items(a.positional[0], `${name}()`) : a.positional;
        if (xs.length === 0) throw new NotStatic(`${name}() of nothing`);
        return xs.reduce((best, x) => (pick(num(x, name), num(best, name)) ? x : best));
    });
}

export function pythonBuiltins(interp: Runtime): Map<string, Val> {
    const b = new Map<string, Val>(Object.entries(BUILTIN_CLASSES));
    const add = (name: string, call: (a: Args) => Val) => b.set(name, fn(name, call));
    add('range', (a) => {
        const [x, y, z] = a.positional.map((v) => int(v, 'range()'));
        const [start, stop, step] = a.positional.length === 1 ? [0, x, 1] : [x, y, z ?? 1];
        if (step === 0) throw new NotStatic('range() step is zero');
        const n = Math.max(0, Math.ceil((stop - start) / step));
        if (n > 100_000) throw new NotStatic(`range() of ${n} items`);
        return list(Array.from({ length: n }, (_, i) => start + i * step));
    });
    add('len', (a) => {
        const v = a.positional[0];
        if (v !== null && typeof v === 'object') {
            if (v.t === 'obj') return v.children.size;
            if (v.t === 'dict') return v.map.size;
            if (v.t === 'tensor') return v.shape[0];
        }
        return items(v, 'len()').length;
    });
    add('enumerate', (a) =>
        list(
            items(a.positional[0], 'enumerate()').map((v, i) =>
                tuple([i + int(a.positional[1] ?? a.keywords.get('start') ?? 0, 'start'), v]),
            ),
        ),
    );
    add('zip', (a) => {
        const lists = a.positional.map((v) => interp.iterate(v));
        const n = Math.min(...lists.map((l) => l.length));
        return list(Array.from({ length: n }, (_, i) => tuple(lists.map((l) => l[i]))));
    });
    add('reversed', (a) => list([...interp.iterate(a.positional[0])].reverse()));
    add('sorted', (a) =>
        list(
            [...items(a.positional[0], 'sorted()')].sort(
                (x, y) => num(x, 'sorted') - num(y, 'sorted'),
            ),
        ),
    );
    b.set(
        'max',
        extreme('max', (x, y) => x > y),
    );
    b.set(
        'min',
        extreme('min', (x, y) => x < y),
    );
    add('sum', (a) =>
        items(a.positional[0], 'sum()').reduce<number>(
            (s, x) => s + num(x, 'sum()'),
            num(a.positional[1] ?? 0, 'sum()'),
        ),
    );
    add('abs', (a) => Math.abs(num(a.positional[0], 'abs()')));
    add('round', (a) => {
        const x = num(a.positional[0], 'round()');
        const r = Math.round(x);
        return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; // Python rounds halves to even.
    });
    add('divmod', (a) => {
        const [x, y] = a.positional.map((v) => num(v, 'divmod()'));
        return tuple([Math.floor(x / y), x - y * Math.floor(x / y)]);
    });
    add('any', (a) => items(a.positional[0], 'any()').some(truthy));
    add('all', (a) => items(a.positional[0], 'all()').every(truthy));
    add('isinstance', (a) => isInstance(interp, a.positional[0], a.positional[1]));
    add('issubclass', (a) => {
        const [x, y] = a.positional;
        return (
            x !== null &&
            y !== null &&
            typeof x === 'object' &&
            typeof y === 'object' &&
            x.t === 'class' &&
            y.t === 'class' &&
            isSubclass(x, y)
        );
    });
    add('callable', (a) => {
        const v = a.positional[0];
        return (
            v !== null &&
            typeof v === 'object' &&
            ['func', 'builtin', 'bound', 'class'].includes(v.t)
        );
    });
    add('type', (a) => {
        const v = a.positional[0];
        if (v !== null && typeof v === 'object' && v.t === 'obj') return v.cls;
        return { t: 'opaque', what: `type(${typeName(v)})` };
    });
    add('hasattr', (a) => interp.findAttr(a.positional[0], String(a.positional[1])) !== undefined);
    add('getattr', (a) => {
        const v = interp.findAttr(a.positional[0], String(a.positional[1]));
        if (v !== undefined) return v;
        if (a.positional.length > 2) return a.positional[2];
        throw new NotStatic(`getattr: no attribute '${String(a.positional[1])}'`);
    });
    add('setattr', (a) => {
        interp.setAttr(a.positional[0], String(a.positional[1]), a.positional[2]);
        return null;
    });
    add('print', () => null);
    add('set', (a) => {
        const out: Val[] = [];
        for (const x of a.positional.length ? interp.iterate(a.positional[0]) : [])
            if (!out.some((y) => equals(x, y))) out.push(x);
        return list(out);
    });
    add('id', () => 0);
    add('map', (a) =>
        list(
            items(a.positional[1], 'map()').map((x) =>
                interp.call(a.positional[0], { positional: [x], keywords: new Map() }),
            ),
        ),
    );
    for (const name of [
        'ValueError',
        'TypeError',
        'NotImplementedError',
        'RuntimeError',
        'KeyError',
        'Exception',
        'AssertionError',
        'IndexError',
    ]) {
        b.set(name, { t: 'opaque', what: name });
    }
    interp.containerAttr = (v, name, node) => containerMethod(interp, v, name, node);
    interp.primitiveAttr = (v, name) => (typeof v === 'string' ? stringMethod(v, name) : undefined);
    return b;
}

function index(n: number, i: Val, what: string): number {
    const k = int(i, what);
    const r = k < 0 ? k + n : k;
    if (r < 0 || r >= n) throw new NotStatic(`${what}: index ${k} is out of range`);
    return r;
}

/** Python's slice semantics on a sequence. */
export function sliceItems<T>(xs: readonly T[], s: Val[]): T[] {
    const n = xs.length;
    const step = s[2] === null ? 1 : int(s[2], 'slice');
    const norm = (v: Val, dflt: number) => {
        if (v === null) return dflt;
        const k = int(v, 'slice');
        return step > 0
            ? Math.min(Math.max(k < 0 ? k + n : k, 0), n)
            : Math.min(Math.max(k < 0 ? k + n : k, -1), n - 1);
    };
    const start = norm(s[0], step > 0 ? 0 : n - 1);
    const stop = norm(s[1], step > 0 ? n : -1);
    const out: T[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(xs[i]);
    return out;
}

function containerMethod(interp: Runtime, v: Val, name: string, node?: Node): Val | undefined {
    if (v === null || typeof v !== 'object') return undefined;
    const m = (call: (a: Args) => Val) => fn(name, call);
    if (v.t === 'list' || v.t === 'tuple') {
        switch (name) {
            case '__getitem__':
                return m((a) => {
                    const k = a.positional[0];
                    if (k !== null && typeof k === 'object' && k.t === 'slice') {
                        const out = sliceItems(v.items, k.items);
                        return v.t === 'list' ? list(out) : tuple(out);
                    }
                    return v.items[index(v.items.length, k, 'index')];
                });
            case 'append':
                return m((a) => {
                    v.items.push(a.positional[0]);
                    return null;
                });
            case 'extend':
                return m((a) => {
                    v.items.push(...interp.iterate(a.positional[0]));
                    return null;
                });
            case 'insert':
                return m((a) => {
                    v.items.splice(int(a.positional[0], 'insert'), 0, a.positional[1]);
                    return null;
                });
            case 'pop':
                return m(
                    (a) =>
                        v.items.splice(
                            a.positional.length
                                ? index(v.items.length, a.positional[0], 'pop')
                                : v.items.length - 1,
                            1,
                        )[0] ?? null,
                );
            case 'index':
                return m((a) => v.items.findIndex((x) => equals(x, a.positional[0])));
            case 'count':
                return m((a) => v.items.filter((x) => equals(x, a.positional[0])).length);
            case 'copy':
                return m(() => list([...v.items]));
            default:
                return undefined;
        }
    }
    if (v.t === 'dict') {
        const key = (k: Val) => {
            if (k !== null && typeof k === 'object')
                throw new NotStatic(`a ${typeName(k)} key`, node);
            return k;
        };
        switch (name) {
            case '__getitem__':
                return m((a) => {
                    const k = key(a.positional[0]);
                    if (!v.map.has(k))
                        throw new NotStatic(`key ${String(k)} is not in the dict`, node);
                    return v.map.get(k) as Val;
                });
            case 'get':
                return m((a) =>
                    v.map.has(key(a.positional[0]))
                        ? (v.map.get(key(a.positional[0])) as Val)
                        : (a.positional[1] ?? null),
                );
            case 'pop':
                return m((a) => {
                    const k = key(a.positional[0]);
                    const had = v.map.has(k);
                    const out = had ? (v.map.get(k) as Val) : (a.positional[1] ?? null);
                    v.map.delete(k);
                    return out;
                });
            case 'setdefault':
                return m((a) => {
                    const k = key(a.positional[0]);
                    if (!v.map.has(k)) v.map.set(k, a.positional[1] ?? null);
                    return v.map.get(k) as Val;
                });
            case 'items':
                return m(() => list([...v.map].map(([k, x]) => tuple([k, x]))));
            case 'keys':
                return m(() => list([...v.map.keys()]));
            case 'values':
                return m(() => list([...v.map.values()]));
            case 'update':
                return m((a) => {
                    const src = a.positional[0];
                    if (
                        src !== undefined &&
                        src !== null &&
                        typeof src === 'object' &&
                        src.t === 'dict'
                    )
                        for (const [k, x] of src.map) v.map.set(k, x);
                    for (const [k, x] of a.keywords) v.map.set(k, x);
                    return null;
                });
            case 'copy':
                return m(() => ({ t: 'dict', map: new Map(v.map) }));
            default:
                return undefined;
        }
    }
    if (v.t === 'tensor') return interp.tensorAttr(v, name, node);
    if (v.t === 'array') return arrayMethod(v, name);
    if (v.t === 'class' && isModuleClass(v)) return undefined;
    return undefined;
}

function stringMethod(s: string, name: string): Val | undefined {
    const m = (call: (a: Args) => Val) => fn(name, call);
    switch (name) {
        case 'format':
            return m((a) => braceFormat(s, a.positional, a.keywords));
        case 'join':
            return m((a) => items(a.positional[0], 'join').map(String).join(s));
        case 'startswith':
            return m((a) => s.startsWith(String(a.positional[0])));
        case 'endswith':
            return m((a) => s.endsWith(String(a.positional[0])));
        case 'lower':
            return m(() => s.toLowerCase());
        case 'upper':
            return m(() => s.toUpperCase());
        case 'split':
            return m((a) =>
                list(s.split(a.positional[0] === undefined ? /\s+/ : String(a.positional[0]))),
            );
        case 'replace':
            return m((a) => s.split(String(a.positional[0])).join(String(a.positional[1])));
        case '__getitem__':
            return m((a) => {
                const k = a.positional[0];
                if (k !== null && typeof k === 'object' && k.t === 'slice')
                    return sliceItems([...s], k.items).join('');
                return s[index(s.length, k, 'index')];
            });
        default:
            return undefined;
    }
}

export { compare };
