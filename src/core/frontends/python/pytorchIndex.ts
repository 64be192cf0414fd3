// Finds the PyTorch definitions of one file without running it: nn.Module subclasses (directly or
// through workspace base classes), module-level builder functions, zoo calls (torchvision.models,
// timm.create_model) and constructor calls of the file's models.
import type { Node } from 'web-tree-sitter';
import type { Interpreter } from './interp/interpreter';
import type { ModuleEnv } from './interp/moduleEnv';
import {
    type PyClass,
    type PyEnv,
    type PyFunc,
    Scope,
    type Val,
    isModuleClass,
} from './interp/values';
import { dottedName } from './syntax';

export type ZooKind = 'torchvision' | 'timm';

export interface ModuleLevelModel {
    readonly kind: 'class' | 'function';
    readonly name: string;
    /** The class or function definition (its range is the definition's). */
    readonly node: Node;
    /** The statement including decorators: candidates inside it belong to this definition. */
    readonly claim: Node;
    /** Parameters its constructor needs that have no default (classes only). */
    readonly required: readonly string[];
}

/** Deeper builder chains (`resnet18` -> `_resnet` -> `ResNet`) are not followed. */
const MAX_BUILDER_DEPTH = 4;

export class PytorchIndex {
    readonly models: ModuleLevelModel[] = [];
    /** Local name -> full dotted name, from the file's imports (`models` -> `torchvision.models`). */
    private readonly aliases = new Map<string, string>();

    constructor(
        private readonly interp: Interpreter,
        readonly env: ModuleEnv,
    ) {
        for (const s of env.importNodes) this.readAliases(s);
        for (const name of env.names()) {
            const node = env.definition(name);
            if (!node) continue;
            const def =
                node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
            if (!def) continue;
            if (def.type === 'class_definition') this.addClass(name, def, node);
            else if (def.type === 'function_definition') this.addFunction(name, def, node);
        }
        this.models.sort((a, b) => a.node.startIndex - b.node.startIndex);
    }

    /** The model claiming the node (a definition it sits inside), if any. */
    claimOf(node: Node): ModuleLevelModel | undefined {
        return this.models.find(
            (m) => node.startIndex >= m.claim.startIndex && node.endIndex <= m.claim.endIndex,
        );
    }

    private readAliases(s: Node): void {
        if (s.type === 'import_statement') {
            for (const c of s.namedChildren) {
                if (c?.type === 'dotted_name')
                    this.aliases.set(c.text.split('.')[0], c.text.split('.')[0]);
                if (c?.type === 'aliased_import') {
                    const name = c.childForFieldName('name')?.text;
                    const alias = c.childForFieldName('alias')?.text;
                    if (name && alias) this.aliases.set(alias, name);
                }
            }
            return;
        }
        const module = s.childForFieldName('module_name')?.text;
        if (!module || module.startsWith('.')) return;
        for (const c of s.childrenForFieldName('name')) {
            if (c?.type === 'dotted_name') this.aliases.set(c.text, `${module}.${c.text}`);
            if (c?.type === 'aliased_import') {
                const name = c.childForFieldName('name')?.text;
                const alias = c.childForFieldName('alias')?.text;
                if (name && alias) this.aliases.set(alias, `${module}.${name}`);
            }
        }
    }

    /** The full dotted name of a callee as the file's imports spell it out. */
    fullName(callee: string): string {
        const [head, ...rest] = callee.split('.');
        const full = this.aliases.get(head);
        return full ? [full, ...rest].join('.') : callee;
    }

    /** `torchvision.models.resnet18(...)` or `timm.create_model(...)`, however imported. */
    zooKind(call: Node): ZooKind | undefined {
        const callee = dottedName(call.childForFieldName('function'));
        if (!callee) return undefined;
        const full = this.fullName(callee);
        if (full === 'timm.create_model' || full === 'timm.models.create_model') return 'timm';
        const m = /^torchvision\.models\.(?:[a-z_]+\.)*([a-z][a-z0-9_]*)$/.exec(full);
        const isImported = this.aliases.has(callee.split('.')[0]);
        if (m && isImported && m[1] !== 'get_weight' && m[1] !== 'list_models')
            return 'torchvision';
        return undefined;
    }

    /** A call of one of the workspace's model classes or builder functions. */
    isModelCall(call: Node): boolean {
        const callee = call.childForFieldName('function');
        if (!callee || dottedName(callee) === undefined) return false;
        const v = this.value(callee);
        if (isWorkspaceModelClass(v)) return true;
        return (
            v !== undefined &&
            v !== null &&
            typeof v === 'object' &&
            v.t === 'func' &&
            this.returnsModel(v.node, v.env, 0)
        );
    }

    private value(node: Node, env: PyEnv = this.env): Val | undefined {
        try {
            return this.interp.eval(node, new Scope(env));
        } catch {
            return undefined;
        }
    }

    private addClass(name: string, def: Node, claim: Node): void {
        const cls = this.value(def.childForFieldName('name') as Node);
        if (!isWorkspaceModelClass(cls)) return;
        this.models.push({
            kind: 'class',
            name,
            node: def,
            claim,
            required: this.requiredParams(cls as PyClass),
        });
    }

    private addFunction(name: string, def: Node, claim: Node): void {
        if (name.startsWith('_') || requiredParams(def).length > 0) return;
        const decorators =
            claim.type === 'decorated_definition'
                ? claim.namedChildren
                      .filter((d) => d?.type === 'decorator')
                      .map((d) => d?.text ?? '')
                : [];
        const isRegistered = decorators.some((d) => /register_model|register_notrace/.test(d));
        if (isRegistered || this.returnsModel(def, this.env, 0)) {
            this.models.push({ kind: 'function', name, node: def, claim, required: [] });
        }
    }

    private requiredParams(cls: PyClass): string[] {
        try {
            const init = this.interp.classAttr(cls, '__init__');
            const fn = init?.value;
            const base = init?.owner.native?.qualified;
            const isContainer =
                !base ||
                [
                    'torch.nn.Module',
                    'torch.nn.Sequential',
                    'torch.nn.ModuleList',
                    'torch.nn.ModuleDict',
                ].includes(base);
            if (!isContainer) return [`the arguments of ${base}`];
            if (fn === null || typeof fn !== 'object' || fn.t !== 'func') return [];
            return requiredParams(fn.node).slice(1); // Without `self`.
        } catch {
            return [];
        }
    }

    /** True when a function returns a workspace model (directly, via a variable or a builder). */
    private returnsModel(def: Node, env: PyEnv, depth: number): boolean {
        if (depth > MAX_BUILDER_DEPTH) return false;
        const annotation = def.childForFieldName('return_type')?.firstNamedChild;
        if (annotation && isWorkspaceModelClass(this.value(annotation, env))) return true;
        const body = def.childForFieldName('body');
        if (!body) return false;
        for (const r of returns(body)) {
            const e = r.firstNamedChild;
            if (!e) continue;
            const call =
                e.type === 'call'
                    ? e
                    : e.type === 'identifier'
                      ? assignedCall(body, e.text)
                      : undefined;
            if (!call) continue;
            if (env === this.env && this.zooKind(call)) return true;
            const callee = call.childForFieldName('function');
            if (!callee || dottedName(callee) === undefined) continue;
            const v = this.value(callee, env);
            if (isWorkspaceModelClass(v)) return true;
            if (
                v !== undefined &&
                v !== null &&
                typeof v === 'object' &&
                v.t === 'func' &&
                (v as PyFunc).node.id !== def.id
            ) {
                if (this.returnsModel(v.node, v.env, depth + 1)) return true;
            }
        }
        return false;
    }
}

function isWorkspaceModelClass(v: Val | undefined): boolean {
    return (
        v !== undefined &&
        v !== null &&
        typeof v === 'object' &&
        v.t === 'class' &&
        !v.native &&
        isModuleClass(v)
    );
}

/** Parameter names without a default (before any `*`), in order. */
export function requiredParams(def: Node): string[] {
    const out: string[] = [];
    for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
        if (!p) continue;
        if (p.type === 'identifier') out.push(p.text);
        else if (p.type === 'typed_parameter' && p.firstNamedChild?.type === 'identifier')
            out.push(p.firstNamedChild.text);
    }
    return out;
}

/** Return statements of a function body, not of functions or classes nested in it. */
function returns(block: Node): Node[] {
    const out: Node[] = [];
    const walk = (n: Node) => {
        for (const c of n.namedChildren) {
            if (
                !c ||
                c.type === 'function_definition' ||
                c.type === 'class_definition' ||
                c.type === 'decorated_definition'
            )
                continue;
            if (c.type === 'return_statement') out.push(c);
            else if (
                c.type === 'block' ||
                c.type.endsWith('_statement') ||
                c.type.endsWith('_clause')
            )
                walk(c);
        }
    };
    walk(block);
    return out;
}

/** The last `name = call(...)` in a function body (any nesting), if there is one. */
function assignedCall(body: Node, name: string): Node | undefined {
    let found: Node | undefined;
    const walk = (n: Node) => {
        for (const c of n.namedChildren) {
            if (!c || c.type === 'function_definition' || c.type === 'class_definition') continue;
            if (
                c.type === 'assignment' &&
                c.childForFieldName('left')?.text === name &&
                c.childForFieldName('right')?.type === 'call'
            ) {
                found = c.childForFieldName('right') ?? undefined;
            } else walk(c);
        }
    };
    walk(body);
    return found;
}
