// A small abstract interpreter for the Python that model code is written in: it evaluates
// expressions and runs statements over tree-sitter nodes, without running any Python. What it
// cannot decide statically throws NotStatic at the construct, which becomes an info diagnostic.
// Why over 500 lines: one evaluator over one AST; splitting the switch would scatter Python's rules.
import type { Node, Tree } from 'web-tree-sitter';
import { pythonBuiltins } from './builtins';
import { ModuleEnv } from './moduleEnv';
import { binaryOp, compare } from './operators';
import type { Recorder } from './recorder';
import type { Runtime } from './runtime';
import { libraryModule } from './torchLib';
import {
    type Args,
    type Bound,
    NotStatic,
    type PyClass,
    type PyDict,
    type PyEnv,
    type PyFunc,
    type PyObject,
    Scope,
    type Tensor,
    type Val,
    isModuleClass,
    items,
    list,
    truthy,
    tuple,
    paramNames,
    typeName,
} from './values';
import type { PythonWorkspace } from './workspace';

type Completion =
    undefined | { readonly kind: 'return'; readonly value: Val } | 'break' | 'continue';

/** Parses another module's text; the interpreter deletes the trees it asked for when disposed. */
export type ParseText = (text: string) => Tree | null;

/** More steps than any model's construction takes; stops runaway loops. */
const MAX_STEPS = 2_000_000;
const MAX_DEPTH = 200;

export class Interpreter implements Runtime {
    private steps = 0;
    private depth = 0;
    private readonly modules = new Map<string, ModuleEnv | null>();
    private readonly trees: Tree[] = [];
    readonly builtins: Map<string, Val>;
    /** The forward pass being recorded, if any. */
    recorder?: Recorder;

    constructor(
        private readonly parse: ParseText,
        private readonly workspace?: PythonWorkspace,
    ) {
        this.builtins = pythonBuiltins(this);
    }

    dispose(): void {
        this.fields.clear();
        this.kids.clear();
        for (const t of this.trees) t.delete();
        this.trees.length = 0;
    }

    /** The environment of the file being read (its tree stays owned by the caller). */
    fileModule(file: string, root: Node): ModuleEnv {
        const env = new ModuleEnv('__main__', file, root, this);
        this.modules.set(file, env);
        return env;
    }

    /** Evaluates `text` as a call's argument list (`num_classes=10, depth=18`) in `env`. */
    evalArgsText(text: string, env: ModuleEnv): Args {
        const tree = this.parse(`_(${text})\n`);
        if (!tree) throw new NotStatic('cannot parse the arguments');
        try {
            const call = tree.rootNode.firstNamedChild?.firstNamedChild;
            if (!call || call.type !== 'call' || tree.rootNode.hasError)
                throw new NotStatic('the arguments are not valid Python');
            const args = this.evalArgs(this.field(call, 'arguments'), new Scope(env), call);
            return { positional: args.positional, keywords: args.keywords };
        } finally {
            tree.delete();
        }
    }

    // Why: every tree-sitter accessor crosses into WASM and allocates a fresh Node; loops and the
    // forward pass for several input sizes visit the same nodes again, so lookups are cached.
    private readonly fields = new Map<number, Map<string, Node | null>>();
    private readonly kids = new Map<number, Node[]>();

    field(node: Node, name: string): Node | null {
        let byName = this.fields.get(node.id);
        if (!byName) this.fields.set(node.id, (byName = new Map()));
        let child = byName.get(name);
        if (child === undefined) byName.set(name, (child = node.childForFieldName(name)));
        return child;
    }

    named(node: Node): Node[] {
        let kids = this.kids.get(node.id);
        if (!kids)
            this.kids.set(
                node.id,
                (kids = node.namedChildren.filter((c): c is Node => c !== null)),
            );
        return kids;
    }

    resetBudget(): void {
        this.steps = 0;
    }

    private tick(node: Node): void {
        if (++this.steps > MAX_STEPS)
            throw new NotStatic('takes too many steps to evaluate statically', node);
    }

    // ----- Modules and imports -----

    importValue(from: PyEnv, module: string, attr?: string): Val {
        const lib = module.startsWith('.') ? undefined : libraryModule(this, module);
        if (lib) {
            if (attr === undefined) return lib;
            return lib.get(attr) ?? { t: 'opaque', what: `${module}.${attr}` };
        }
        const env = this.loadModule(module, from.file);
        if (attr === undefined) return env ?? { t: 'opaque', what: module };
        // Why: a package's `from pkg import sub` names its own submodule while pkg is being read.
        const v = env?.isEvaluating(attr) ? undefined : env?.get(attr);
        if (v !== undefined) return v;
        const sub = this.loadModule(
            `${module}${module.endsWith('.') ? '' : '.'}${attr}`,
            from.file,
        );
        return sub ?? { t: 'opaque', what: `${module}.${attr}` };
    }

    private loadModule(name: string, fromFile: string): ModuleEnv | undefined {
        const found = this.workspace?.module(name, fromFile);
        if (!found) return undefined;
        if (this.modules.has(found.file)) return this.modules.get(found.file) ?? undefined;
        const tree = this.parse(found.text);
        if (!tree) return undefined;
        this.trees.push(tree);
        const env = new ModuleEnv(name, found.file, tree.rootNode, this);
        this.modules.set(found.file, env);
        return env;
    }

    /** Evaluates a top-level binding: a class, a function, or `NAME = value`. */
    defineTopLevel(env: PyEnv, name: string, node: Node): Val {
        const def = node.type === 'decorated_definition' ? this.field(node, 'definition') : node;
        if (def?.type === 'class_definition') return this.defineClass(def, env, node);
        if (def?.type === 'function_definition')
            return this.defineFunction(def, env, undefined, node);
        const right = this.field(node, 'right');
        if (!right) throw new NotStatic(`'${name}' has no value`, node);
        return this.eval(right, new Scope(env));
    }

    defineFunction(def: Node, env: PyEnv, closure: Scope | undefined, decorated?: Node): PyFunc {
        let kind: PyFunc['kind'] = 'plain';
        for (const d of decorated?.namedChildren ?? []) {
            if (d?.type !== 'decorator') continue;
            const text = d.text.slice(1).trim();
            if (text === 'staticmethod') kind = 'staticmethod';
            else if (text === 'classmethod') kind = 'classmethod';
            else if (text === 'property') kind = 'property';
        }
        const name = this.field(def, 'name')?.text ?? '<lambda>';
        return { t: 'func', name, node: def, env, closure, kind };
    }

    defineClass(def: Node, env: PyEnv, decorated?: Node): PyClass {
        const name = this.field(def, 'name')?.text ?? '?';
        const bases: PyClass[] = [];
        for (const b of this.field(def, 'superclasses')?.namedChildren ?? []) {
            if (!b || b.type === 'keyword_argument' || b.type === 'comment') continue;
            const v = this.eval(b, new Scope(env));
            if (v !== null && typeof v === 'object' && v.t === 'class') bases.push(v);
            else if (v !== null && typeof v === 'object' && v.t === 'opaque')
                bases.push(opaqueClass(v.what));
        }
        const body = new Map<string, Node>();
        for (const s of this.field(def, 'body')?.namedChildren ?? []) {
            if (!s) continue;
            if (s.type === 'function_definition' || s.type === 'class_definition') {
                body.set(this.field(s, 'name')?.text ?? '', s);
            } else if (s.type === 'decorated_definition') {
                const d = this.field(s, 'definition');
                body.set(d?.childForFieldName('name')?.text ?? '', s);
            } else if (
                s.type === 'expression_statement' &&
                s.firstNamedChild?.type === 'assignment'
            ) {
                const a = s.firstNamedChild;
                const left = this.field(a, 'left');
                if (left?.type === 'identifier' && this.field(a, 'right')) body.set(left.text, a);
            }
        }
        const cls: PyClass = { t: 'class', name, bases, body, cache: new Map(), env, node: def };
        const isDataclass = decorated?.namedChildren.some(
            (d) => d?.type === 'decorator' && /\bdataclass\b/.test(d.text),
        );
        if (isDataclass) cls.cache.set('__init__', this.dataclassInit(cls, def, env));
        return cls;
    }

    /** A @dataclass's generated __init__: its annotated fields in order, with their defaults. */
    private dataclassInit(cls: PyClass, def: Node, env: PyEnv): Val {
        const fields: { name: string; value?: Node }[] = [];
        for (const s of this.field(def, 'body')?.namedChildren ?? []) {
            const a = s?.type === 'expression_statement' ? s.firstNamedChild : null;
            const left = a?.type === 'assignment' ? this.field(a, 'left') : null;
            if (a && left?.type === 'identifier' && this.field(a, 'type')) {
                fields.push({ name: left.text, value: this.field(a, 'right') ?? undefined });
            }
        }
        return {
            t: 'builtin',
            name: `${cls.name}.__init__`,
            call: (args) => {
                const [self, ...positional] = args.positional;
                fields.forEach((f, i) => {
                    const v =
                        i < positional.length
                            ? positional[i]
                            : args.keywords.has(f.name)
                              ? args.keywords.get(f.name)
                              : f.value
                                ? this.eval(f.value, new Scope(env))
                                : undefined;
                    if (v === undefined)
                        throw new NotStatic(`${cls.name}() needs a value for '${f.name}'`);
                    this.setAttr(self, f.name, v);
                });
                return null;
            },
        };
    }

    /** A class attribute through the bases (depth-first, left to right), with where it was found. */
    classAttr(cls: PyClass, name: string): { value: Val; owner: PyClass } | undefined {
        if (cls.cache.has(name)) return { value: cls.cache.get(name) as Val, owner: cls };
        const node = cls.body.get(name);
        if (node && cls.env) {
            let value: Val;
            const def =
                node.type === 'decorated_definition' ? this.field(node, 'definition') : node;
            if (def?.type === 'function_definition')
                value = this.defineFunction(def, cls.env, undefined, node);
            else if (def?.type === 'class_definition') value = this.defineClass(def, cls.env, node);
            else value = this.eval(this.field(node, 'right') as Node, new Scope(cls.env));
            cls.cache.set(name, value);
            return { value, owner: cls };
        }
        const native = cls.native && this.nativeClassAttr(cls, name);
        if (native !== undefined) return { value: native, owner: cls };
        for (const b of cls.bases) {
            const found = this.classAttr(b, name);
            if (found) return found;
        }
        return undefined;
    }

    private nativeClassAttr(cls: PyClass, name: string): Val | undefined {
        if (name === '__init__') {
            return {
                t: 'builtin',
                name: `${cls.name}.__init__`,
                call: (args) => {
                    const [self, ...rest] = args.positional;
                    if (self !== null && typeof self === 'object' && self.t === 'obj') {
                        cls.native?.construct?.({ ...args, positional: rest }, self);
                    }
                    return null;
                },
            };
        }
        return undefined;
    }

    // ----- Calls -----

    call(fn: Val, args: Args, site?: Node): Val {
        if (fn === null || typeof fn !== 'object')
            throw new NotStatic(`${typeName(fn)} is not callable`, site);
        switch (fn.t) {
            case 'builtin':
                return fn.call(args);
            case 'func':
                return this.callFunction(fn, args, site);
            case 'bound':
                return this.call(
                    fn.fn,
                    { ...args, positional: [fn.self, ...args.positional] },
                    site,
                );
            case 'class':
                return this.instantiate(fn, args, site);
            case 'obj':
                return this.callObject(fn, args, site);
            case 'opaque':
                throw new NotStatic(`'${fn.what}' is not known statically`, site);
            default:
                throw new NotStatic(`${typeName(fn)} is not callable`, site);
        }
    }

    instantiate(cls: PyClass, args: Args, site?: Node): Val {
        if (cls.native && !cls.native.construct && !cls.native.isModule && cls.native.forward) {
            return cls.native.forward(
                { t: 'obj', cls, attrs: new Map(), children: new Map() },
                args,
            );
        }
        const obj: PyObject = { t: 'obj', cls, attrs: new Map(), children: new Map() };
        const init = this.classAttr(cls, '__init__');
        if (init) this.call(this.bind(init.value, obj, cls), args, site);
        else if (args.positional.length > 0 || args.keywords.size > 0) {
            throw new NotStatic(`${cls.name}() takes no arguments here`, site);
        }
        return obj;
    }

    private callObject(obj: PyObject, args: Args, site?: Node): Val {
        const forward = this.classAttr(obj.cls, 'forward');
        if (
            forward &&
            forward.value !== null &&
            typeof forward.value === 'object' &&
            forward.value.t === 'func'
        ) {
            return this.call(this.bind(forward.value, obj, obj.cls), args, site);
        }
        const call = this.classAttr(obj.cls, '__call__');
        if (call && !isModuleClass(obj.cls))
            return this.call(this.bind(call.value, obj, obj.cls), args, site);
        for (let c: PyClass | undefined = obj.cls; c; c = c.bases[0]) {
            if (c.native?.forward) return c.native.forward(obj, args);
        }
        throw new NotStatic(`${obj.cls.name} has no forward`, site);
    }

    bind(v: Val, self: Val, cls: PyClass): Val {
        if (v === null || typeof v !== 'object') return v;
        if (v.t === 'func') {
            if (v.kind === 'staticmethod') return v;
            if (v.kind === 'classmethod') return { t: 'bound', self: cls, fn: v } satisfies Bound;
            return { t: 'bound', self, fn: v } satisfies Bound;
        }
        if (v.t === 'builtin') return { t: 'bound', self, fn: v };
        return v;
    }

    callFunction(fn: PyFunc, args: Args, site?: Node): Val {
        if (++this.depth > MAX_DEPTH) {
            this.depth = 0;
            throw new NotStatic('recurses too deeply to evaluate statically', site);
        }
        try {
            const scope = new Scope(fn.env, fn.closure);
            this.bindParameters(fn, args, scope, site);
            this.bindMethodContext(fn, args, scope);
            const body = this.field(fn.node, 'body');
            if (!body) return null;
            if (fn.node.type === 'lambda') return this.eval(body, scope);
            const done = this.execBlock(body, scope);
            return typeof done === 'object' ? done.value : null;
        } finally {
            this.depth--;
        }
    }

    /** Inside a method, `super()` needs the class that defines it and the instance. */
    private bindMethodContext(fn: PyFunc, args: Args, scope: Scope): void {
        const classNode = fn.node.parent?.parent;
        const decorated =
            classNode?.type === 'decorated_definition' ? classNode.parent?.parent : undefined;
        const owner =
            classNode?.type === 'class_definition'
                ? classNode
                : decorated?.type === 'class_definition'
                  ? decorated
                  : undefined;
        const self = args.positional[0];
        if (!owner || self === null || typeof self !== 'object') return;
        const start = self.t === 'obj' ? self.cls : self.t === 'class' ? self : undefined;
        const find = (c: PyClass): PyClass | undefined =>
            c.node?.id === owner.id ? c : c.bases.map(find).find((x) => x);
        const cls = start && find(start);
        if (!cls) return;
        scope.vars.set('__class__', cls);
        scope.vars.set('__self__', self);
    }

    private bindParameters(fn: PyFunc, args: Args, scope: Scope, site?: Node): void {
        const paramList = this.field(fn.node, 'parameters');
        const params = paramList ? this.named(paramList) : [];
        const positional = [...args.positional];
        const keywords = new Map(args.keywords);
        let isKeywordOnly = false;
        for (const param of params) {
            if (!param) continue;
            // `*args: Any` and `**kwargs: Any` are typed parameters around the splat pattern.
            const inner = param.type === 'typed_parameter' ? param.firstNamedChild : null;
            const p =
                inner &&
                (inner.type === 'list_splat_pattern' || inner.type === 'dictionary_splat_pattern')
                    ? inner
                    : param;
            if (p.type === 'list_splat_pattern') {
                const name = p.firstNamedChild?.text;
                if (name) scope.vars.set(name, tuple(positional.splice(0)));
                isKeywordOnly = true;
                continue;
            }
            if (p.type === 'keyword_separator') {
                isKeywordOnly = true;
                continue;
            }
            if (p.type === 'positional_separator') continue;
            if (p.type === 'dictionary_splat_pattern') {
                const name = p.firstNamedChild?.text;
                const d: PyDict = { t: 'dict', map: new Map() };
                for (const [k, v] of keywords) d.map.set(k, v);
                keywords.clear();
                if (name) scope.vars.set(name, d);
                continue;
            }
            const nameNode =
                p.type === 'identifier'
                    ? p
                    : p.type === 'typed_parameter'
                      ? p.firstNamedChild
                      : this.field(p, 'name');
            const name = nameNode?.text;
            if (!name) continue;
            let value: Val | undefined;
            if (!isKeywordOnly && positional.length > 0) value = positional.shift();
            else if (keywords.has(name)) {
                value = keywords.get(name);
                keywords.delete(name);
            } else {
                const dflt = this.field(p, 'value');
                if (dflt) value = this.eval(dflt, new Scope(fn.env, fn.closure));
            }
            if (value === undefined) {
                throw new NotStatic(`${fn.name}() needs a value for '${name}'`, site);
            }
            scope.vars.set(name, value);
        }
        if (positional.length > 0)
            throw new NotStatic(
                `${fn.name}() got ${positional.length} extra positional argument(s)`,
                site,
            );
        if (keywords.size > 0) {
            throw new NotStatic(
                `${fn.name}() got an unexpected keyword argument '${[...keywords.keys()][0]}'`,
                site,
            );
        }
    }

    /** Evaluates a call's argument list, expanding `*xs` and `**kw`. */
    evalArgs(list: Node | null, scope: Scope, site: Node): Args {
        const positional: Val[] = [];
        const keywords = new Map<string, Val>();
        if (list?.type === 'generator_expression')
            return { positional: [this.eval(list, scope)], keywords, site };
        for (const a of list ? this.named(list) : []) {
            if (!a || a.type === 'comment') continue;
            if (a.type === 'keyword_argument') {
                const name = this.field(a, 'name')?.text ?? '';
                keywords.set(name, this.eval(this.field(a, 'value') as Node, scope));
            } else if (a.type === 'list_splat') {
                positional.push(
                    ...items(this.eval(a.firstNamedChild as Node, scope), `'${a.text}'`),
                );
            } else if (a.type === 'dictionary_splat') {
                const d = this.eval(a.firstNamedChild as Node, scope);
                if (d === null || typeof d !== 'object' || d.t !== 'dict')
                    throw new NotStatic(`'${a.text}' is not a dict`, a);
                for (const [k, v] of d.map) keywords.set(String(k), v);
            } else {
                positional.push(this.eval(a, scope));
            }
        }
        return { positional, keywords, site };
    }

    // ----- Attributes -----

    getAttr(obj: Val, name: string, node?: Node): Val {
        const v = this.findAttr(obj, name, node);
        if (v === undefined)
            throw new NotStatic(
                `${typeName(obj)} has no attribute '${name}' known statically`,
                node,
            );
        return v;
    }

    findAttr(obj: Val, name: string, node?: Node): Val | undefined {
        if (obj === null || typeof obj !== 'object') return this.primitiveAttr(obj, name);
        switch (obj.t) {
            case 'module':
                return obj.get(name);
            case 'obj': {
                if (obj.attrs.has(name)) return obj.attrs.get(name);
                if (obj.children.has(name)) return obj.children.get(name);
                if (name === '__class__') return obj.cls;
                if (obj.cls.name === 'super') return this.superAttr(obj, name);
                const found = this.classAttr(obj.cls, name);
                if (!found) return this.objectMethod(obj, name);
                const v = found.value;
                if (
                    v !== null &&
                    typeof v === 'object' &&
                    v.t === 'func' &&
                    v.kind === 'property'
                ) {
                    return this.callFunction(v, { positional: [obj], keywords: new Map() }, node);
                }
                return this.bind(v, obj, obj.cls);
            }
            case 'class': {
                const found = this.classAttr(obj, name);
                if (name === '__name__') return obj.name;
                if (!found) return undefined;
                const v = found.value;
                if (
                    v !== null &&
                    typeof v === 'object' &&
                    v.t === 'func' &&
                    v.kind === 'classmethod'
                )
                    return this.bind(v, obj, obj);
                return v;
            }
            case 'opaque':
                return { t: 'opaque', what: `${obj.what}.${name}` };
            default:
                return this.containerAttr(obj, name, node);
        }
    }

    private superAttr(sup: PyObject, name: string): Val | undefined {
        const cls = sup.attrs.get('__thisclass__') as PyClass;
        const self = sup.attrs.get('__self__') as Val;
        for (const b of cls.bases) {
            const found = this.classAttr(b, name);
            if (found) return this.bind(found.value, self, b);
        }
        if (name === '__init__') return { t: 'builtin', name: 'object.__init__', call: () => null };
        return undefined;
    }

    /** Methods every object has here: nn.Module's API and object's. */
    private objectMethod(obj: PyObject, name: string): Val | undefined {
        return this.moduleMethods(obj, name);
    }

    setAttr(obj: Val, name: string, v: Val, node?: Node): void {
        if (obj !== null && typeof obj === 'object' && obj.t === 'obj') {
            const isChild =
                v !== null &&
                typeof v === 'object' &&
                v.t === 'obj' &&
                isModuleClass(v.cls) &&
                isModuleClass(obj.cls);
            if (isChild) {
                obj.attrs.delete(name);
                obj.children.set(name, v);
            } else {
                obj.children.delete(name);
                obj.attrs.set(name, v);
                if (v !== null && typeof v === 'object' && v.t === 'tensor' && v.isConstant)
                    paramNames.set(v, name);
            }
            return;
        }
        if (obj !== null && typeof obj === 'object' && obj.t === 'class') {
            obj.cache.set(name, v);
            return;
        }
        throw new NotStatic(`cannot set '${name}' on ${typeName(obj)}`, node);
    }

    // Filled in by the library (keeps nn.Module's methods next to nn.Module).
    moduleMethods: (obj: PyObject, name: string) => Val | undefined = () => undefined;
    primitiveAttr: (v: Val, name: string) => Val | undefined = () => undefined;
    tensorAttr: (t: Tensor, name: string, node?: Node) => Val | undefined = () => undefined;
    containerAttr: (v: Val, name: string, node?: Node) => Val | undefined = () => undefined;

    // ----- Statements -----

    execBlock(block: Node, scope: Scope): Completion {
        for (const s of this.named(block)) {
            if (!s) continue;
            const done = this.exec(s, scope);
            if (done !== undefined) return done;
        }
        return undefined;
    }

    exec(s: Node, scope: Scope): Completion {
        this.tick(s);
        try {
            return this.execInner(s, scope);
        } catch (e) {
            if (e instanceof NotStatic && !e.node) e.node = s;
            throw e;
        }
    }

    private execInner(s: Node, scope: Scope): Completion {
        switch (s.type) {
            case 'expression_statement':
                for (const e of this.named(s)) if (e) this.execExpression(e, scope);
                return undefined;
            case 'return_statement': {
                const value = s.firstNamedChild;
                return { kind: 'return', value: value ? this.eval(value, scope) : null };
            }
            case 'if_statement':
                return this.execIf(s, scope);
            case 'for_statement':
                return this.execFor(s, scope);
            case 'while_statement': {
                for (;;) {
                    if (!truthy(this.eval(this.field(s, 'condition') as Node, scope)))
                        return undefined;
                    const done = this.execBlock(this.field(s, 'body') as Node, scope);
                    if (done === 'break') return undefined;
                    if (typeof done === 'object') return done;
                }
            }
            case 'pass_statement':
            case 'comment':
            case 'assert_statement':
            case 'global_statement':
            case 'nonlocal_statement':
            case 'import_statement':
            case 'import_from_statement':
            case 'delete_statement':
                return undefined;
            case 'break_statement':
                return 'break';
            case 'continue_statement':
                return 'continue';
            case 'raise_statement':
                throw new NotStatic(`raises '${s.text.slice(0, 60)}'`, s);
            case 'try_statement':
            case 'with_statement':
                return this.execBlock(this.field(s, 'body') as Node, scope);
            case 'function_definition':
                scope.vars.set(
                    this.field(s, 'name')?.text ?? '',
                    this.defineFunction(s, scope.env, scope),
                );
                return undefined;
            case 'decorated_definition': {
                const d = this.field(s, 'definition') as Node;
                const name = this.field(d, 'name')?.text ?? '';
                scope.vars.set(
                    name,
                    d.type === 'class_definition'
                        ? this.defineClass(d, scope.env, s)
                        : this.defineFunction(d, scope.env, scope, s),
                );
                return undefined;
            }
            case 'class_definition':
                scope.vars.set(this.field(s, 'name')?.text ?? '', this.defineClass(s, scope.env));
                return undefined;
            default:
                throw new NotStatic(`the statement '${s.type}' is not supported statically`, s);
        }
    }

    private execExpression(e: Node, scope: Scope): void {
        if (e.type === 'assignment') {
            const right = this.field(e, 'right');
            if (!right) return; // An annotation without a value.
            this.assign(this.field(e, 'left') as Node, this.eval(right, scope), scope);
            return;
        }
        if (e.type === 'augmented_assignment') {
            const left = this.field(e, 'left') as Node;
            const op = (this.field(e, 'operator')?.type ?? '').replace('=', '');
            const current = this.eval(left, scope);
            const value = this.eval(this.field(e, 'right') as Node, scope);
            if (
                op === '+' &&
                current !== null &&
                typeof current === 'object' &&
                current.t === 'list'
            ) {
                current.items.push(...items(value, e.text));
                return;
            }
            this.assign(left, binaryOp(this, op, current, value, e), scope);
            return;
        }
        if (e.type === 'call') {
            try {
                this.eval(e, scope);
            } catch (err) {
                // Why: a statement-level call into a library we do not model (logging, weight init,
                // usage tracking) cannot change the architecture; a call on the model's own values can.
                if (!(err instanceof NotStatic) || !this.isForeignCall(e, scope)) throw err;
            }
            return;
        }
        this.eval(e, scope);
    }

    private isForeignCall(call: Node, scope: Scope): boolean {
        const fnNode = this.field(call, 'function');
        if (!fnNode) return false;
        let fn: Val;
        try {
            fn = this.eval(fnNode, scope);
        } catch {
            return (
                fnNode.type === 'attribute' &&
                this.field(fnNode, 'object')?.type === 'identifier' &&
                scope.lookup(this.field(fnNode, 'object')?.text ?? '') === undefined
            );
        }
        if (fn === null || typeof fn !== 'object') return false;
        if (fn.t === 'opaque') return true;
        if (fn.t === 'func') return fn.env !== scope.env && fn.env.file !== scope.env.file;
        return false;
    }

    assign(target: Node, v: Val, scope: Scope): void {
        switch (target.type) {
            case 'identifier':
                scope.vars.set(target.text, v);
                return;
            case 'attribute':
                this.setAttr(
                    this.eval(this.field(target, 'object') as Node, scope),
                    this.field(target, 'attribute')?.text ?? '',
                    v,
                    target,
                );
                return;
            case 'subscript': {
                const obj = this.eval(this.field(target, 'value') as Node, scope);
                const key = this.eval(this.field(target, 'subscript') as Node, scope);
                this.setItem(obj, key, v, target);
                return;
            }
            case 'pattern_list':
            case 'tuple_pattern':
            case 'list_pattern':
            case 'tuple':
            case 'list':
            case 'expression_list': {
                const targets = this.named(target).filter(
                    (c): c is Node => !!c && c.type !== 'comment',
                );
                const values = items(v, target.text);
                const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
                if (star < 0 && values.length !== targets.length) {
                    throw new NotStatic(
                        `cannot unpack ${values.length} values into ${targets.length}`,
                        target,
                    );
                }
                if (star < 0) {
                    targets.forEach((t, i) => this.assign(t, values[i], scope));
                    return;
                }
                const after = targets.length - star - 1;
                targets.slice(0, star).forEach((t, i) => this.assign(t, values[i], scope));
                this.assign(
                    targets[star].firstNamedChild as Node,
                    list(values.slice(star, values.length - after)),
                    scope,
                );
                targets
                    .slice(star + 1)
                    .forEach((t, i) => this.assign(t, values[values.length - after + i], scope));
                return;
            }
            case 'parenthesized_expression':
                this.assign(target.firstNamedChild as Node, v, scope);
                return;
            default:
                throw new NotStatic(`cannot assign to '${target.text}'`, target);
        }
    }

    setItem(obj: Val, key: Val, v: Val, node?: Node): void {
        if (obj !== null && typeof obj === 'object') {
            if (obj.t === 'list' && typeof key === 'number') {
                obj.items[key < 0 ? obj.items.length + key : key] = v;
                return;
            }
            if (obj.t === 'dict' && (key === null || typeof key !== 'object')) {
                obj.map.set(key, v);
                return;
            }
            if (
                obj.t === 'obj' &&
                typeof key === 'string' &&
                v !== null &&
                typeof v === 'object' &&
                v.t === 'obj'
            ) {
                obj.children.set(key, v); // ModuleDict[key] = module
                return;
            }
        }
        throw new NotStatic(`cannot set an item of ${typeName(obj)}`, node);
    }

    private execIf(s: Node, scope: Scope): Completion {
        if (truthy(this.eval(this.field(s, 'condition') as Node, scope))) {
            return this.execBlock(this.field(s, 'consequence') as Node, scope);
        }
        for (const alt of s.childrenForFieldName('alternative')) {
            if (!alt) continue;
            if (alt.type === 'elif_clause') {
                if (truthy(this.eval(this.field(alt, 'condition') as Node, scope))) {
                    return this.execBlock(this.field(alt, 'consequence') as Node, scope);
                }
            } else {
                return this.execBlock(this.field(alt, 'body') as Node, scope);
            }
        }
        return undefined;
    }

    private execFor(s: Node, scope: Scope): Completion {
        const target = this.field(s, 'left') as Node;
        const iterable = this.iterate(this.eval(this.field(s, 'right') as Node, scope), s);
        const body = this.field(s, 'body') as Node;
        for (const v of iterable) {
            this.assign(target, v, scope);
            const done = this.execBlock(body, scope);
            if (done === 'break') return undefined;
            if (typeof done === 'object') return done;
        }
        const alt = this.field(s, 'alternative');
        return alt ? this.execBlock(this.field(alt, 'body') ?? alt, scope) : undefined;
    }

    iterate(v: Val, node?: Node): Val[] {
        if (v !== null && typeof v === 'object' && v.t === 'obj') {
            if (v.children.size > 0 || isModuleClass(v.cls)) return [...v.children.values()];
        }
        try {
            return items(v, 'for');
        } catch (e) {
            if (e instanceof NotStatic && !e.node) e.node = node;
            throw e;
        }
    }

    // ----- Expressions -----

    eval(node: Node, scope: Scope): Val {
        this.tick(node);
        switch (node.type) {
            case 'integer': {
                const text = node.text.replace(/_/g, '');
                if (/[jJ]$/.test(text))
                    throw new NotStatic('complex numbers are not supported', node);
                return /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : Number(text);
            }
            case 'float':
                return Number(node.text.replace(/_/g, ''));
            case 'true':
                return true;
            case 'false':
                return false;
            case 'none':
                return null;
            case 'string':
            case 'concatenated_string':
                return this.evalString(node, scope);
            case 'identifier':
                return this.lookup(node, scope);
            case 'attribute':
                return this.getAttr(
                    this.eval(this.field(node, 'object') as Node, scope),
                    this.field(node, 'attribute')?.text ?? '',
                    node,
                );
            case 'call':
                return this.evalCall(node, scope);
            case 'parenthesized_expression':
                return this.eval(node.firstNamedChild as Node, scope);
            case 'list':
            case 'tuple':
            case 'expression_list':
            case 'set': {
                const out: Val[] = [];
                for (const c of this.named(node)) {
                    if (!c || c.type === 'comment') continue;
                    if (c.type === 'list_splat')
                        out.push(...items(this.eval(c.firstNamedChild as Node, scope), c.text));
                    else out.push(this.eval(c, scope));
                }
                return node.type === 'list' || node.type === 'set' ? list(out) : tuple(out);
            }
            case 'dictionary': {
                const d: PyDict = { t: 'dict', map: new Map() };
                for (const c of this.named(node)) {
                    if (!c || c.type === 'comment') continue;
                    if (c.type === 'dictionary_splat') {
                        const src = this.eval(c.firstNamedChild as Node, scope);
                        if (src === null || typeof src !== 'object' || src.t !== 'dict')
                            throw new NotStatic(`'${c.text}' is not a dict`, c);
                        for (const [k, v] of src.map) d.map.set(k, v);
                    } else if (c.type === 'pair') {
                        d.map.set(
                            dictKey(this.eval(this.field(c, 'key') as Node, scope), c),
                            this.eval(this.field(c, 'value') as Node, scope),
                        );
                    }
                }
                return d;
            }
            case 'binary_operator': {
                const op = this.field(node, 'operator')?.type ?? '';
                return binaryOp(
                    this,
                    op,
                    this.eval(this.field(node, 'left') as Node, scope),
                    this.eval(this.field(node, 'right') as Node, scope),
                    node,
                );
            }
            case 'unary_operator': {
                const op = this.field(node, 'operator')?.type;
                const v = this.eval(this.field(node, 'argument') as Node, scope);
                if (op === '-') return binaryOp(this, '*', v, -1, node);
                if (op === '+') return v;
                if (op === '~' && typeof v === 'number') return ~v;
                throw new NotStatic(`'${op}' is not supported here`, node);
            }
            case 'not_operator':
                return !truthy(this.eval(this.field(node, 'argument') as Node, scope));
            case 'boolean_operator': {
                const op = this.field(node, 'operator')?.type;
                const left = this.eval(this.field(node, 'left') as Node, scope);
                if (op === 'and' ? !truthy(left) : truthy(left)) return left;
                return this.eval(this.field(node, 'right') as Node, scope);
            }
            case 'comparison_operator':
                return this.evalComparison(node, scope);
            case 'conditional_expression': {
                const [a, cond, b] = this.named(node).filter(
                    (c): c is Node => !!c && c.type !== 'comment',
                );
                return truthy(this.eval(cond, scope)) ? this.eval(a, scope) : this.eval(b, scope);
            }
            case 'subscript':
                return this.evalSubscript(node, scope);
            case 'slice': {
                const parts: Val[] = [null, null, null];
                let k = 0;
                for (const c of node.children) {
                    if (!c) continue;
                    if (c.type === ':') k++;
                    else if (c.isNamed) parts[k] = this.eval(c, scope);
                }
                return { t: 'slice', items: parts };
            }
            case 'ellipsis':
                return { t: 'opaque', what: 'Ellipsis' };
            case 'list_comprehension':
            case 'set_comprehension':
            case 'generator_expression':
                return list(this.comprehension(node, scope).map(([v]) => v));
            case 'dictionary_comprehension': {
                const d: PyDict = { t: 'dict', map: new Map() };
                for (const [k, v] of this.comprehension(node, scope))
                    d.map.set(dictKey(k, node), v as Val);
                return d;
            }
            case 'lambda':
                return {
                    t: 'func',
                    name: '<lambda>',
                    node,
                    env: scope.env,
                    closure: scope,
                    kind: 'plain',
                };
            case 'keyword_argument':
                return this.eval(this.field(node, 'value') as Node, scope);
            case 'named_expression': {
                const v = this.eval(this.field(node, 'value') as Node, scope);
                this.assign(this.field(node, 'name') as Node, v, scope);
                return v;
            }
            default:
                throw new NotStatic(
                    `'${node.text.slice(0, 40)}' (${node.type}) is not supported statically`,
                    node,
                );
        }
    }

    private lookup(node: Node, scope: Scope): Val {
        const name = node.text;
        const local = scope.lookup(name);
        if (local !== undefined) return local;
        const global = scope.env.get(name);
        if (global !== undefined) return global;
        const builtin = this.builtins.get(name);
        if (builtin !== undefined) return builtin;
        throw new NotStatic(`'${name}' is not defined statically`, node);
    }

    private evalString(node: Node, scope: Scope): string {
        if (node.type === 'concatenated_string')
            return this.named(node)
                .map((c) => (c ? this.evalString(c, scope) : ''))
                .join('');
        let out = '';
        for (const c of this.named(node)) {
            if (!c) continue;
            if (c.type === 'string_content' || c.type === 'escape_sequence') out += c.text;
            else if (c.type === 'interpolation') {
                const e = this.field(c, 'expression');
                const v = e ? this.eval(e, scope) : null;
                out += v === null || typeof v !== 'object' ? String(v) : typeName(v);
            }
        }
        return out;
    }

    private evalCall(node: Node, scope: Scope): Val {
        const fnNode = this.field(node, 'function') as Node;
        if (fnNode.type === 'identifier' && fnNode.text === 'super')
            return this.makeSuper(node, scope);
        const fn = this.eval(fnNode, scope);
        if (fn === null && fnNode.type === 'identifier' && scope.vars.has(fnNode.text)) {
            throw new NotStatic(
                `the layer type '${fnNode.text}' is a parameter (None here); set it with '# lswag: args=...'`,
                node,
            );
        }
        const args = this.evalArgs(this.field(node, 'arguments'), scope, node);
        try {
            return this.call(fn, args, node);
        } catch (e) {
            if (e instanceof NotStatic && !e.node) e.node = node;
            throw e;
        }
    }

    private makeSuper(node: Node, scope: Scope): Val {
        const args = this.evalArgs(this.field(node, 'arguments'), scope, node);
        const cls = (args.positional[0] ?? scope.lookup('__class__')) as Val;
        const self = (args.positional[1] ?? scope.lookup('__self__')) as Val;
        if (cls === null || typeof cls !== 'object' || cls.t !== 'class')
            throw new NotStatic('super() outside a method', node);
        const attrs = new Map<string, Val>([
            ['__thisclass__', cls],
            ['__self__', self],
        ]);
        return { t: 'obj', cls: SUPER_CLASS, attrs, children: new Map() };
    }

    private evalComparison(node: Node, scope: Scope): Val {
        const operands: Node[] = [];
        const ops: string[] = [];
        for (const c of node.children) {
            if (!c) continue;
            if (c.isNamed && c.type !== 'comment') operands.push(c);
            else if (!c.isNamed) ops.push(c.type);
        }
        let left = this.eval(operands[0], scope);
        for (let i = 0; i < ops.length; i++) {
            const right = this.eval(operands[i + 1], scope);
            if (!compare(this, ops[i], left, right, node)) return false;
            left = right;
        }
        return true;
    }

    private evalSubscript(node: Node, scope: Scope): Val {
        const obj = this.eval(this.field(node, 'value') as Node, scope);
        const keys = node.childrenForFieldName('subscript').filter((k): k is Node => !!k);
        const key =
            keys.length === 1
                ? this.eval(keys[0], scope)
                : tuple(keys.map((k) => this.eval(k, scope)));
        const getItem = this.findAttr(obj, '__getitem__', node);
        if (getItem !== undefined)
            return this.call(getItem, { positional: [key], keywords: new Map() }, node);
        throw new NotStatic(`cannot index ${typeName(obj)}`, node);
    }

    private comprehension(node: Node, scope: Scope): [Val, Val?][] {
        const inner = new Scope(scope.env, scope);
        const clauses = this.named(node).filter(
            (c): c is Node => !!c && (c.type === 'for_in_clause' || c.type === 'if_clause'),
        );
        const body = this.field(node, 'body') as Node;
        const out: [Val, Val?][] = [];
        const run = (k: number): void => {
            if (k === clauses.length) {
                if (body.type === 'pair')
                    out.push([
                        this.eval(this.field(body, 'key') as Node, inner),
                        this.eval(this.field(body, 'value') as Node, inner),
                    ]);
                else out.push([this.eval(body, inner)]);
                return;
            }
            const c = clauses[k];
            if (c.type === 'if_clause') {
                if (truthy(this.eval(c.firstNamedChild as Node, inner))) run(k + 1);
                return;
            }
            const target = this.field(c, 'left') as Node;
            for (const v of this.iterate(this.eval(this.field(c, 'right') as Node, inner), c)) {
                this.assign(target, v, inner);
                run(k + 1);
            }
        };
        run(0);
        return out;
    }
}

const SUPER_CLASS: PyClass = {
    t: 'class',
    name: 'super',
    bases: [],
    body: new Map(),
    cache: new Map(),
};

function opaqueClass(what: string): PyClass {
    return { t: 'class', name: what, bases: [], body: new Map(), cache: new Map() };
}

function dictKey(v: Val, node: Node): string | number | boolean | null {
    if (v === null || typeof v !== 'object') return v;
    throw new NotStatic(`a ${typeName(v)} as a dict key is not supported`, node);
}
