// The values the static interpreter computes with: Python scalars as JS primitives (None is
// null), containers, functions, classes, objects, modules, and symbolic tensors.
import type { Node } from 'web-tree-sitter';

/** Why a construct has no static value; reported as an info at `node` when it ends a build. */
export class NotStatic extends Error {
    constructor(
        readonly reason: string,
        public node?: Node,
    ) {
        super(reason);
    }
}

export type Val =
    | null
    | boolean
    | number
    | string
    | PyList
    | PyDict
    | PyFunc
    | PyClass
    | PyObject
    | PyModule
    | Builtin
    | Bound
    | Tensor
    | PyArray
    | Opaque;

/**
 * A small tensor of known values computed while a model is configured (`torch.arange(depth) * w_a`):
 * float32 like PyTorch's default dtype, or int64.
 */
export interface PyArray {
    readonly t: 'array';
    readonly values: readonly number[];
    readonly isFloat: boolean;
}

export interface PyList {
    readonly t: 'list' | 'tuple' | 'slice';
    items: Val[];
}

export interface PyDict {
    readonly t: 'dict';
    readonly map: Map<string | number | boolean | null, Val>;
}

/** A function written in Python (def or lambda), with the scope it closes over. */
export interface PyFunc {
    readonly t: 'func';
    readonly name: string;
    readonly node: Node;
    readonly env: PyEnv;
    readonly closure?: Scope;
    /** A classmethod binds its class, a staticmethod nothing. */
    readonly kind: 'plain' | 'classmethod' | 'staticmethod' | 'property';
}

export interface PyClass {
    readonly t: 'class';
    readonly name: string;
    readonly bases: PyClass[];
    /** Class-body statements by attribute name, evaluated lazily; built-in classes have none. */
    readonly body: Map<string, Node>;
    readonly cache: Map<string, Val>;
    readonly env?: PyEnv;
    readonly node?: Node;
    /** torch.nn layers, Python built-ins and other library classes the interpreter implements. */
    readonly native?: NativeClass;
}

/** A library class implemented in TypeScript: construction and (for layers) the forward call. */
export interface NativeClass {
    readonly qualified: string;
    construct?(args: Args, self: PyObject): void;
    forward?(self: PyObject, args: Args): Val;
    /** True for torch.nn.Module and everything derived from it. */
    readonly isModule?: boolean;
}

export interface PyObject {
    readonly t: 'obj';
    readonly cls: PyClass;
    readonly attrs: Map<string, Val>;
    /** Registered child modules in definition order (nn.Module semantics). */
    readonly children: Map<string, PyObject>;
    /** The module path used to name its parameters (set when the forward pass first meets it). */
    path?: string;
}

/** A Python module: the file's own bindings, or a library namespace the interpreter knows. */
export interface PyModule {
    readonly t: 'module';
    readonly name: string;
    get(attr: string): Val | undefined;
}

export interface Args {
    readonly positional: Val[];
    readonly keywords: Map<string, Val>;
    /** The call site, for diagnostics. */
    readonly site?: Node;
}

export interface Builtin {
    readonly t: 'builtin';
    readonly name: string;
    readonly call: (args: Args) => Val;
}

export interface Bound {
    readonly t: 'bound';
    readonly self: Val;
    readonly fn: PyFunc | Builtin;
}

/** A tensor of the forward pass: the node that produces it and its shape (batch axis = BATCH). */
export interface Tensor {
    readonly t: 'tensor';
    readonly id: number;
    readonly shape: readonly number[];
    /** A tensor made in __init__ (torch.zeros...) that is not yet in the graph: a parameter or buffer. */
    readonly isConstant?: boolean;
    /** An nn.Parameter (counted as weights); other constants are buffers. */
    readonly isParam?: boolean;
}

/** Something that exists but has no static value (an unknown library's object). */
export interface Opaque {
    readonly t: 'opaque';
    readonly what: string;
}

/** The batch size the forward pass runs with; recorded shapes write it as -1. */
export const BATCH = 9973;

/** What a function or class needs of its module: the file and the module-level names. */
export interface PyEnv {
    readonly file: string;
    get(name: string): Val | undefined;
}

/** Parameter names of constant tensors (nn.Parameter) by the attribute they were stored in. */
export const paramNames = new WeakMap<object, string>();

export class Scope {
    readonly vars = new Map<string, Val>();
    constructor(
        readonly env: PyEnv,
        readonly parent?: Scope,
    ) {}

    lookup(name: string): Val | undefined {
        if (this.vars.has(name)) return this.vars.get(name);
        return this.parent?.lookup(name);
    }
}

export const noArgs = (): Args => ({ positional: [], keywords: new Map() });

export function typeName(v: Val): string {
    if (v === null) return 'None';
    if (typeof v === 'boolean') return 'bool';
    if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
    if (typeof v === 'string') return 'str';
    switch (v.t) {
        case 'obj':
            return v.cls.name;
        case 'class':
            return `class ${v.name}`;
        case 'func':
        case 'builtin':
            return `function ${v.name}`;
        case 'opaque':
            return v.what;
        default:
            return v.t;
    }
}

export function truthy(v: Val): boolean {
    if (v === null) return false;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') return v.length > 0;
    if (v.t === 'list' || v.t === 'tuple') return v.items.length > 0;
    if (v.t === 'dict') return v.map.size > 0;
    if (v.t === 'array') {
        if (v.values.length !== 1)
            throw new NotStatic('the truth value of a tensor with several values is ambiguous');
        return v.values[0] !== 0;
    }
    if (v.t === 'opaque') throw new NotStatic(`${v.what} has no static truth value`);
    return true;
}

export function isSubclass(cls: PyClass, of: PyClass): boolean {
    if (cls === of) return true;
    return cls.bases.some((b) => isSubclass(b, of));
}

export function isModuleClass(cls: PyClass): boolean {
    if (cls.native?.isModule) return true;
    return cls.bases.some(isModuleClass);
}

export function list(items: Val[]): PyList {
    return { t: 'list', items };
}

export function tuple(items: Val[]): PyList {
    return { t: 'tuple', items };
}

export function int(v: Val, what: string): number {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
        throw new NotStatic(`${what} must be an integer, got ${typeName(v)}`);
    }
    return v;
}

export function num(v: Val, what: string): number {
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v !== 'number') throw new NotStatic(`${what} must be a number, got ${typeName(v)}`);
    return v;
}

/** An int or a pair of ints (`3` or `(3, 3)`) as a pair. */
export function pair(v: Val, what: string): [number, number] {
    if (v !== null && typeof v === 'object' && (v.t === 'tuple' || v.t === 'list')) {
        if (v.items.length === 1) return [int(v.items[0], what), int(v.items[0], what)];
        if (v.items.length !== 2) throw new NotStatic(`${what} must be an int or a pair`);
        return [int(v.items[0], what), int(v.items[1], what)];
    }
    const n = int(v, what);
    return [n, n];
}

export function isTensor(v: Val): v is Tensor {
    return v !== null && typeof v === 'object' && v.t === 'tensor';
}

export function items(v: Val, what: string): Val[] {
    if (v !== null && typeof v === 'object') {
        if (v.t === 'list' || v.t === 'tuple') return v.items;
        if (v.t === 'dict') return [...v.map.keys()];
        if (v.t === 'array') return [...v.values];
        if (v.t === 'obj' && v.attrs.has('__items__'))
            return items(v.attrs.get('__items__') ?? null, what);
    }
    if (typeof v === 'string') return [...v];
    throw new NotStatic(`${what}: cannot iterate over ${typeName(v)}`);
}

/** torch.Tensor, for `isinstance(x, Tensor)`. */
export const TENSOR_CLASS: PyClass = {
    t: 'class',
    name: 'Tensor',
    bases: [],
    body: new Map(),
    cache: new Map(),
};
