// One Python file's module-level bindings for the interpreter: imports, classes, functions and
// constant assignments, each evaluated lazily on first use (so no module-level code "runs").
import type { Node } from 'web-tree-sitter';
import type { Runtime } from './runtime';
import { NotStatic, type PyEnv, type PyModule, Scope, type Val } from './values';

type Binding =
    | { readonly kind: 'node'; readonly node: Node }
    | {
          readonly kind: 'import';
          readonly module: string;
          readonly attr?: string;
          readonly node: Node;
      };

export class ModuleEnv implements PyModule, PyEnv {
    readonly t = 'module' as const;
    private readonly bindings = new Map<string, Binding>();
    private readonly values = new Map<string, Val>();
    private readonly evaluating = new Set<string>();
    /** Module-level import statements in order (for expression targets). */
    readonly importNodes: Node[] = [];
    /** Modules imported with `from m import *`, searched for names the file does not bind. */
    private readonly wildcards: string[] = [];

    constructor(
        readonly name: string,
        readonly file: string,
        readonly root: Node,
        readonly interp: Runtime,
    ) {
        this.collect(root, true);
    }

    get scope(): Scope {
        return new Scope(this);
    }

    /** The names this module binds at top level. */
    names(): string[] {
        return [...this.bindings.keys()];
    }

    definition(name: string): Node | undefined {
        const b = this.bindings.get(name);
        return b?.kind === 'node' ? b.node : undefined;
    }

    has(name: string): boolean {
        return this.bindings.has(name) || this.values.has(name);
    }

    set(name: string, v: Val): void {
        this.values.set(name, v);
    }

    isEvaluating(name: string): boolean {
        return this.evaluating.has(name);
    }

    get(name: string): Val | undefined {
        if (this.values.has(name)) return this.values.get(name);
        const b = this.bindings.get(name);
        if (!b) return this.fromWildcards(name);
        if (this.evaluating.has(name)) throw new NotStatic(`'${name}' refers to itself`, b.node);
        this.evaluating.add(name);
        try {
            const v =
                b.kind === 'import'
                    ? this.interp.importValue(this, b.module, b.attr)
                    : this.interp.defineTopLevel(this, name, b.node);
            this.values.set(name, v);
            return v;
        } finally {
            this.evaluating.delete(name);
        }
    }

    private fromWildcards(name: string): Val | undefined {
        if (this.wildcards.length === 0 || this.evaluating.has(name) || name.startsWith('_'))
            return undefined;
        this.evaluating.add(name);
        try {
            for (const module of this.wildcards) {
                const m = this.interp.importValue(this, module);
                const v =
                    m !== null && typeof m === 'object' && m.t === 'module'
                        ? m.get(name)
                        : undefined;
                if (v !== undefined) {
                    this.values.set(name, v);
                    return v;
                }
            }
            return undefined;
        } finally {
            this.evaluating.delete(name);
        }
    }

    private collect(block: Node, isTop: boolean): void {
        for (const s of block.namedChildren) {
            if (!s) continue;
            switch (s.type) {
                case 'import_statement':
                case 'import_from_statement':
                    if (isTop) this.importNodes.push(s);
                    this.collectImport(s);
                    break;
                case 'class_definition':
                case 'function_definition':
                    this.bind(s.childForFieldName('name')?.text, { kind: 'node', node: s });
                    break;
                case 'decorated_definition': {
                    const def = s.childForFieldName('definition');
                    this.bind(def?.childForFieldName('name')?.text, { kind: 'node', node: s });
                    break;
                }
                case 'expression_statement': {
                    const a = s.firstNamedChild;
                    if (a?.type !== 'assignment') break;
                    const left = a.childForFieldName('left');
                    if (left?.type === 'identifier' && a.childForFieldName('right')) {
                        this.bind(left.text, { kind: 'node', node: a });
                    }
                    break;
                }
                case 'try_statement': {
                    // Why: `try: from a import b / except ImportError: ...` binds from the try body.
                    const body = s.childForFieldName('body');
                    if (body) this.collect(body, isTop);
                    break;
                }
                case 'if_statement': {
                    // Why: `if TYPE_CHECKING:` / version checks guard imports and definitions; the
                    // first branch is taken (never `if __name__ == "__main__":`, which runs a script).
                    const cond = s.childForFieldName('condition')?.text ?? '';
                    const body = s.childForFieldName('consequence');
                    if (body && !cond.includes('__name__')) this.collect(body, false);
                    break;
                }
                default:
                    break;
            }
        }
    }

    private bind(name: string | undefined, b: Binding): void {
        if (name && !this.bindings.has(name)) this.bindings.set(name, b);
        else if (name && b.kind === 'node') this.bindings.set(name, b); // A later definition wins.
    }

    private collectImport(s: Node): void {
        if (s.type === 'import_statement') {
            for (const c of s.namedChildren) {
                if (!c) continue;
                if (c.type === 'dotted_name') {
                    // `import a.b` binds `a` to the top package.
                    const top = c.text.split('.')[0];
                    this.bind(top, { kind: 'import', module: top, node: s });
                } else if (c.type === 'aliased_import') {
                    const mod = c.childForFieldName('name')?.text;
                    const alias = c.childForFieldName('alias')?.text;
                    if (mod && alias) this.bind(alias, { kind: 'import', module: mod, node: s });
                }
            }
            return;
        }
        const moduleNode = s.childForFieldName('module_name');
        const module = moduleNode?.text.replace(/\s+/g, '') ?? '';
        for (const c of s.namedChildren) {
            if (!c || c === moduleNode || c.id === moduleNode?.id) continue;
            if (c.type === 'wildcard_import') {
                this.wildcards.push(module);
            } else if (c.type === 'dotted_name') {
                this.bind(c.text, { kind: 'import', module, attr: c.text, node: s });
            } else if (c.type === 'aliased_import') {
                const attr = c.childForFieldName('name')?.text;
                const alias = c.childForFieldName('alias')?.text;
                if (attr && alias) this.bind(alias, { kind: 'import', module, attr, node: s });
            }
        }
    }
}
