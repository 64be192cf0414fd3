// Finds the definitions in one parse tree (PyTorch models, zoo calls, ViT calls, AutoFormer and
// timm configs, nn.Sequential chains), names them after what they are assigned to, and reads each;
// one bad definition skips only itself.
import path from 'node:path';
import type { Node, Query } from 'web-tree-sitter';
import type { ArchitectureSpec } from '../../spec/spec';
import { uniqueNames } from '../uniqueNames';
import { literal } from './literals';
import { OverrideComments, type Overrides } from './overrides';
import {
    type PytorchReader,
    readModelCall,
    readModuleLevelModel,
    readZooCall,
} from './pytorchDefinitions';
import type { ModuleLevelModel, ZooKind } from './pytorchIndex';
import { isSequentialCall, readSequential } from './sequential';
import {
    type FileContext,
    SkipDefinition,
    callArgs,
    dottedName,
    enclosingStatement,
    excerpt,
} from './syntax';
import {
    type VitFlavour,
    isAutoformerConfig,
    isTimmVitConfig,
    readAutoformerConfig,
    readTimmVitConfig,
    readVitCall,
    vitFlavour,
} from './vit';

type Candidate =
    | {
          readonly kind: 'vit';
          readonly node: Node;
          readonly callee: string;
          readonly flavour: VitFlavour;
      }
    | { readonly kind: 'sequential'; readonly node: Node }
    | { readonly kind: 'model'; readonly node: Node; readonly model: ModuleLevelModel }
    | { readonly kind: 'zoo'; readonly node: Node; readonly zoo: ZooKind }
    | { readonly kind: 'construct'; readonly node: Node }
    | {
          readonly kind: 'config';
          readonly node: Node;
          readonly entries: ReadonlyMap<string, Node>;
          /** A `**spread` that may set any key. */
          readonly hidden?: Node;
      };

/**
 * Reads every recognised definition under `root`; problems go to `ctx.diagnostics`.
 * `query` is CANDIDATE_QUERY compiled for the Python grammar.
 */
export function readDefinitions(
    ctx: FileContext,
    root: Node,
    query: Query,
    py?: PytorchReader,
): ArchitectureSpec[] {
    const comments = new OverrideComments(ctx);
    const models: Candidate[] = (py?.index.models ?? []).map((model) => ({
        kind: 'model',
        node: model.node,
        model,
    }));
    const found = findCandidates(ctx, root, query, comments, py);
    const candidates = [...models, ...found].sort((a, b) => a.node.startIndex - b.node.startIndex);
    const specs: ArchitectureSpec[] = [];
    for (const c of candidates) {
        const mark = ctx.diagnostics.length;
        try {
            if (c.node.hasError) {
                ctx.fail(c.node, 'info', 'this definition has a syntax error and was not read');
            }
            const statement = enclosingStatement(c.node);
            const first = c.kind === 'model' ? c.model.claim : statement;
            const lines = [c.node, first].map((n) => ctx.lines.position(n.startIndex).line);
            const name =
                c.kind === 'model'
                    ? c.model.name
                    : c.kind === 'config'
                      ? (builderName(c.node) ?? definitionName(ctx, c.node))
                      : definitionName(ctx, c.node);
            const spec = readCandidate(ctx, c, name, comments.find(lines), py);
            if (spec) specs.push(spec);
        } catch (e) {
            if (!(e instanceof SkipDefinition)) throw e;
            // Why: a layer chain inside a helper function (`def conv_bn(cin, cout)`) is built from
            // its parameters; it is a piece of a model, not a definition, so it is not reported.
            if (isInsideFunction(c.node)) ctx.diagnostics.length = mark;
        }
    }
    return withUniqueNames(specs);
}

function readCandidate(
    ctx: FileContext,
    c: Candidate,
    name: string,
    o: Overrides,
    py?: PytorchReader,
): ArchitectureSpec | undefined {
    switch (c.kind) {
        case 'model':
            return py && readModuleLevelModel(ctx, py, c.model, o);
        case 'zoo':
            return py && readZooCall(ctx, py, c.node, c.zoo, name, o);
        case 'construct':
            return py && readModelCall(ctx, py, c.node, name, o);
        case 'vit':
            return readVitCall(ctx, c.node, c.callee, c.flavour, name, o);
        case 'sequential':
            return readSequential(ctx, c.node, name, o);
        case 'config':
            if (c.hidden) {
                const message = `'${excerpt(c.hidden)}' may set any key`;
                ctx.fail(
                    c.hidden,
                    'info',
                    `AutoFormer config is not statically resolvable: ${message}`,
                );
            }
            if (isTimmVitConfig(new Set(c.entries.keys()))) {
                return readTimmVitConfig(ctx, c.node, c.entries, name, o);
            }
            return readAutoformerConfig(ctx, c.node, c.entries, name, o);
    }
}

/** Longest time the candidate search may take on one file. */
export const MAX_QUERY_MS = 300;

/** Comments, calls and dicts, captured in document order by tree-sitter itself (in WASM). */
export const CANDIDATE_QUERY = '(comment) @comment (call) @call (dictionary) @dictionary';

/**
 * Collects lswag comments everywhere and the outermost recognised calls and dicts.
 * Why a query, not a JS walk: it visits nodes inside WASM, so a 100,000-element list costs
 * nothing here, and only comments, calls and dicts ever become JS objects.
 */
function findCandidates(
    ctx: FileContext,
    root: Node,
    query: Query,
    comments: OverrideComments,
    py?: PytorchReader,
): Candidate[] {
    const found: Candidate[] = [];
    let skipUntil = -1;
    const started = performance.now();
    let isCut = false;
    // Why: tree-sitter's query cost grows with nesting depth (10,000 unclosed brackets took 1.7 s);
    // returning true from the progress callback stops it, and the file is reported as partly read.
    const stop = () => (isCut ||= performance.now() - started > MAX_QUERY_MS);
    const captures = query.captures(root, { progressCallback: stop as unknown as () => void });
    if (isCut) {
        const at = captures.length > 0 ? captures[captures.length - 1].node.endIndex : 0;
        const line = ctx.lines.position(at).line + 1;
        const range = ctx.offsets(0, 0);
        ctx.diagnostics.push({
            severity: 'warning',
            message: `stopped searching this file after ${MAX_QUERY_MS} ms (it is nested too deeply or is very large); definitions after line ${line} were not read`,
            range,
        });
    }
    for (const { name, node } of captures) {
        if (name === 'comment') comments.add(node);
        else if (node.startIndex >= skipUntil) {
            const claim = py?.index.claimOf(node);
            if (claim) {
                skipUntil = claim.claim.endIndex; // Inside a model: the model is the definition.
                continue;
            }
            const candidate = recognise(ctx, node, py);
            if (candidate) {
                found.push(candidate);
                skipUntil = node.endIndex;
            }
        }
    }
    return found;
}

function recognise(ctx: FileContext, node: Node, py?: PytorchReader): Candidate | undefined {
    if (node.type === 'dictionary') return recogniseDict(ctx, node);
    const callee = dottedName(node.childForFieldName('function'));
    if (callee === undefined) return undefined;
    const zoo = py?.index.zooKind(node);
    if (zoo) return { kind: 'zoo', node, zoo };
    const hasArgs = (node.childForFieldName('arguments')?.namedChildCount ?? 0) > 0;
    if (py && hasArgs && !usesParameters(node) && py.index.isModelCall(node))
        return { kind: 'construct', node };
    if (callee === 'dict') {
        const args = callArgs(node);
        if (!isAutoformerConfig(new Set(args.keywords.keys()))) return undefined;
        return {
            kind: 'config',
            node,
            entries: args.keywords,
            hidden: args.splats[0] ?? args.positional[0],
        };
    }
    const flavour = vitFlavour(callee, node);
    if (flavour) return { kind: 'vit', node, callee, flavour };
    if (isSequentialCall(callee, node)) return { kind: 'sequential', node };
    return undefined;
}

/** A dict literal whose string keys make it an AutoFormer config. */
function recogniseDict(ctx: FileContext, node: Node): Candidate | undefined {
    const entries = new Map<string, Node>();
    let hidden: Node | undefined;
    for (const child of node.namedChildren) {
        if (!child || child.type === 'comment') continue;
        const key = child.type === 'pair' ? child.childForFieldName('key') : null;
        const value = child.type === 'pair' ? child.childForFieldName('value') : null;
        if (key?.type === 'string' && value) {
            const k = stringKey(ctx, key);
            if (k !== undefined) entries.set(k, value);
        } else {
            hidden ??= child;
        }
    }
    if (!isAutoformerConfig(new Set(entries.keys()))) return undefined;
    return { kind: 'config', node, entries, hidden };
}

function stringKey(ctx: FileContext, key: Node): string | undefined {
    const mark = ctx.diagnostics.length;
    try {
        const v = literal(ctx, key, 'key');
        return v.kind === 'str' ? v.value : undefined;
    } catch (e) {
        if (!(e instanceof SkipDefinition)) throw e;
        ctx.diagnostics.length = mark; // Why: an f-string key just means "not a config"; no report.
        return undefined;
    }
}

/** A config dict inside a module-level function (timm's `model_args = dict(...)`) is that model. */
function builderName(node: Node): string | undefined {
    for (let p = node.parent; p; p = p.parent) {
        if (
            p.type === 'function_definition' &&
            !p.hasError &&
            (p.parent?.type === 'module' || p.parent?.parent?.type === 'module')
        ) {
            return p.childForFieldName('name')?.text;
        }
        if (p.type === 'class_definition') return undefined;
    }
    return undefined;
}

/** A call whose arguments use the enclosing function's parameters is part of a builder. */
function usesParameters(call: Node): boolean {
    let def: Node | null = call.parent;
    while (def && def.type !== 'function_definition') def = def.parent;
    if (!def) return false;
    const names = new Set<string>();
    for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
        const id = p?.type === 'identifier' ? p : p?.descendantsOfType('identifier')[0];
        if (id) names.add(id.text);
    }
    const args = call.childForFieldName('arguments');
    return (args?.descendantsOfType('identifier') ?? []).some(
        (id) => id && names.has(id.text) && id.parent?.type !== 'keyword_argument',
    );
}

function isInsideFunction(node: Node): boolean {
    for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return true;
    return false;
}

/**
 * `NAME = ...` (or `self.x = ...`) names a definition after its target; a dict entry after its key;
 * a keyword argument after the keyword; `return ...` after the function. Otherwise `<file>:<line>`.
 */
function definitionName(ctx: FileContext, node: Node): string {
    let child = node;
    let parent = node.parent;
    for (;;) {
        if (parent?.type === 'parenthesized_expression') [child, parent] = [parent, parent.parent];
        else if (parent?.type === 'attribute' && parent.parent?.type === 'call') {
            // Why: `net = Net(10).to(device)` names the model `net`.
            [child, parent] = [parent.parent, parent.parent.parent];
        } else break;
    }
    if (!parent) return fallbackName(ctx, node);
    const isField = (field: string) => parent.childForFieldName(field)?.id === child.id;
    let name: string | undefined;
    if (parent.type === 'assignment' && isField('right')) {
        name = targetName(parent);
    } else if (parent.type === 'pair' && isField('value')) {
        const key = parent.childForFieldName('key');
        name = key?.type === 'string' ? stringKey(ctx, key) : undefined;
    } else if (parent.type === 'keyword_argument' && isField('value')) {
        name = parent.childForFieldName('name')?.text;
    } else if (parent.type === 'return_statement') {
        name = enclosing(parent, 'function_definition');
    } else if (parent.type === 'ERROR' && child.previousSibling?.type === '=') {
        // Why: after a syntax error tree-sitter may keep `NAME = value` only as loose tokens.
        name = dottedName(child.previousSibling.previousSibling);
    }
    return name ?? fallbackName(ctx, node);
}

/** `x = ...` -> `x`; `self.net = ...` inside `class Net` -> `Net.net`. */
function targetName(assignment: Node): string | undefined {
    const name = dottedName(assignment.childForFieldName('left'));
    if (!name?.startsWith('self.')) return name;
    const cls = enclosing(assignment, 'class_definition');
    return cls ? `${cls}${name.slice('self'.length)}` : name;
}

/** The name of the nearest enclosing function or class definition. */
function enclosing(
    node: Node,
    type: 'function_definition' | 'class_definition',
): string | undefined {
    for (let p = node.parent; p; p = p.parent) {
        if (p.type === type) return p.childForFieldName('name')?.text;
    }
    return undefined;
}

function fallbackName(ctx: FileContext, node: Node): string {
    return `${path.basename(ctx.file)}:${ctx.lines.position(node.startIndex).line + 1}`;
}

/** Names are unique within a file: a repeated name gets the first free `#k` (as in other files). */
function withUniqueNames(specs: ArchitectureSpec[]): ArchitectureSpec[] {
    const { names } = uniqueNames(specs.map((spec) => spec.name));
    return specs.map((spec, i) => (names[i] === spec.name ? spec : { ...spec, name: names[i] }));
}
