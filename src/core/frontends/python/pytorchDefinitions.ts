// Reads one discovered PyTorch definition: statically into a GraphSpec when the interpreter can,
// else into a PytorchSpec for the host's tracer, with an info diagnostic at the construct that
// stopped the static build. timm ViT builders and names become timm-style ViT specs.
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { ArchitectureSpec, AutoformerSpec, PytorchSpec, PytorchTarget } from '../../spec/spec';
import type { Interpreter } from './interp/interpreter';
import { type BuildTarget, buildStatically } from './interp/staticBuild';
import { type Args, NotStatic } from './interp/values';
import type { Overrides } from './overrides';
import type { ModuleLevelModel, PytorchIndex, ZooKind } from './pytorchIndex';
import { type FileContext, callArgs, enclosingStatement, excerpt } from './syntax';
import { isTimmVitConfig, readTimmVitConfig } from './vit';
import { literal } from './literals';

export interface PytorchReader {
    readonly interp: Interpreter;
    readonly index: PytorchIndex;
    /** `--input` / `lswag.inputShape`: used when the code does not decide the input. */
    readonly fallbackInput?: readonly number[];
}

/** What torchvision and timm models take when nothing else is said. */
const ZOO_INPUT = {
    input: [3, 224, 224],
    inputFrom: 'torchvision and timm image models take 3x224x224 by default',
} as const;

export function readModuleLevelModel(
    ctx: FileContext,
    r: PytorchReader,
    m: ModuleLevelModel,
    o: Overrides,
): ArchitectureSpec | undefined {
    const nameNode = m.node.childForFieldName('name') ?? m.node;
    if (m.required.length > 0 && !o.args) {
        const needs = m.required.join(', ');
        ctx.report(
            nameNode,
            'info',
            `${m.name} needs constructor arguments (${needs}); add '# lswag: args=...' above it to score it`,
        );
        return undefined;
    }
    const target: BuildTarget = { kind: m.kind, name: m.name };
    const built = tryStatic(ctx, r, target, o, m.node);
    if (built.spec) return built.spec;
    if (m.kind === 'function') {
        const vit = timmVitInside(ctx, m.node, m.name, o);
        if (vit) return vit;
    }
    return pytorchSpec(ctx, m.name, m.node, { kind: m.kind, name: m.name }, o, built);
}

/** A constructor call of the file's own model (`net = Net(num_classes=10)`). */
export function readModelCall(
    ctx: FileContext,
    r: PytorchReader,
    call: Node,
    name: string,
    o: Overrides,
): ArchitectureSpec {
    const built = tryStatic(ctx, r, { kind: 'expression', node: call }, o, call);
    if (built.spec) return { ...built.spec, name } as ArchitectureSpec;
    return pytorchSpec(ctx, name, call, expressionTarget(r, call), o, built);
}

export function readZooCall(
    ctx: FileContext,
    r: PytorchReader,
    call: Node,
    kind: ZooKind,
    name: string,
    o: Overrides,
): ArchitectureSpec {
    const args = callArgs(call);
    let reason = `${kind === 'timm' ? 'timm' : 'torchvision'} models are built by tracing with your PyTorch`;
    if (kind === 'torchvision') {
        // When the workspace resolves torchvision's sources (site-packages as a root), they build statically.
        const built = tryStatic(ctx, r, { kind: 'expression', node: call }, o, call);
        if (built.spec) return { ...built.spec, name } as ArchitectureSpec;
    }
    if (kind === 'timm') {
        const vit = timmVitByName(ctx, call, name, o);
        if (typeof vit === 'object') return vit;
        if (typeof vit === 'string') reason = vit;
    }
    void args;
    const spec: PytorchSpec = {
        family: 'pytorch',
        name,
        source: ctx.range(call),
        file: path.resolve(ctx.file),
        target: expressionTarget(r, call),
        ...(o.args ? { args: o.args } : {}),
        input: o.input ?? ZOO_INPUT.input,
        inputFrom: o.input ? '`# lswag: input=` comment' : ZOO_INPUT.inputFrom,
        staticReason: reason,
    };
    return spec;
}

interface Attempt {
    readonly spec?: ArchitectureSpec;
    readonly reason?: string;
    readonly input?: { readonly shape: readonly number[]; readonly from: string };
}

function tryStatic(
    ctx: FileContext,
    r: PytorchReader,
    target: BuildTarget,
    o: Overrides,
    at: Node,
): Attempt {
    let args: Args | undefined;
    try {
        args = o.args ? r.interp.evalArgsText(o.args, r.index.env) : undefined;
    } catch (e) {
        if (!(e instanceof NotStatic)) throw e;
        return { reason: `'# lswag: args=${o.args}': ${e.reason}` };
    }
    let result: ReturnType<typeof buildStatically>;
    try {
        result = buildStatically(r.interp, r.index.env, target, {
            input: o.input,
            classes: o.classes,
            fallbackInput: r.fallbackInput,
            args,
        });
    } catch (e) {
        // Why: a construct the interpreter mishandles (or a JS stack overflow on absurd nesting)
        // must cost only this definition its static build, never the file.
        r.interp.recorder = undefined;
        return {
            reason: `the static interpreter failed (${e instanceof Error ? e.message : String(e)})`,
        };
    }
    if (result.ok) {
        const name = target.kind === 'expression' ? '' : target.name;
        return { spec: { ...result.spec, name, source: ctx.range(at) } };
    }
    const culprit = result.node && result.node.tree === at.tree ? result.node : undefined;
    const statement = culprit ? enclosingStatement(culprit) : undefined;
    const reason = statement ? `'${excerpt(statement, 60)}': ${result.reason}` : result.reason;
    const input = result.input;
    return { reason, input };
}

function pytorchSpec(
    ctx: FileContext,
    name: string,
    node: Node,
    target: PytorchTarget,
    o: Overrides,
    built: Attempt,
): PytorchSpec {
    const reason = built.reason ?? 'not statically resolvable';
    ctx.report(
        node.childForFieldName('name') ?? node,
        'info',
        `${name} is not built statically (it will be traced with your PyTorch): ${reason}`,
    );
    const input = o.input ?? built.input?.shape;
    const inputFrom = o.input ? '`# lswag: input=` comment' : built.input?.from;
    return {
        family: 'pytorch',
        name,
        source: ctx.range(node),
        file: path.resolve(ctx.file),
        target,
        ...(o.args ? { args: o.args } : {}),
        ...(input ? { input: [...input] } : {}),
        ...(inputFrom ? { inputFrom } : {}),
        staticReason: reason,
    };
}

function expressionTarget(r: PytorchReader, call: Node): PytorchTarget {
    return {
        kind: 'expression',
        code: call.text,
        imports: r.index.env.importNodes.map((n) => n.text).join('\n'),
    };
}

/** timm's `model_args = dict(patch_size=16, embed_dim=192, depth=12, num_heads=3)` in a builder. */
function timmVitInside(
    ctx: FileContext,
    def: Node,
    name: string,
    o: Overrides,
): AutoformerSpec | undefined {
    for (const n of def.descendantsOfType(['call', 'dictionary'])) {
        if (!n) continue;
        const entries = new Map<string, Node>();
        if (n.type === 'call') {
            if (n.childForFieldName('function')?.text !== 'dict') continue;
            for (const [k, v] of callArgs(n).keywords) entries.set(k, v);
        } else {
            for (const p of n.namedChildren) {
                const key = p?.type === 'pair' ? p.childForFieldName('key') : null;
                const value = p?.childForFieldName('value');
                if (key?.type === 'string' && value) entries.set(key.text.slice(1, -1), value);
            }
        }
        if (!isTimmVitConfig(new Set(entries.keys()))) continue;
        const spec = readTimmVitConfig(ctx, n, entries, name, o);
        return { ...spec, source: ctx.range(def) };
    }
    return undefined;
}

/** timm's ViT sizes: name -> [embed_dim, depth, num_heads]. */
const TIMM_VIT_SIZES: Readonly<Record<string, readonly [number, number, number]>> = {
    tiny: [192, 12, 3],
    small: [384, 12, 6],
    base: [768, 12, 12],
    large: [1024, 24, 16],
    huge: [1280, 32, 16],
};

/** `timm.create_model('vit_tiny_patch16_224', num_classes=10)` as a timm ViT; a string says why not. */
function timmVitByName(
    ctx: FileContext,
    call: Node,
    name: string,
    o: Overrides,
): AutoformerSpec | string | undefined {
    const args = callArgs(call);
    const first = args.positional[0] ?? args.keywords.get('model_name');
    if (!first || first.type !== 'string') return undefined;
    const model = first.text.slice(1, -1);
    const m = /^vit_(tiny|small|base|large|huge)_patch(\d+)_(\d+)$/.exec(model);
    if (!m) return `timm model '${model}' is built by tracing with your PyTorch`;
    const others = [...args.keywords.keys()].filter(
        (k) => k !== 'num_classes' && k !== 'pretrained' && k !== 'model_name',
    );
    if (others.length > 0 || args.splats.length > 0 || args.positional.length > 1)
        return `timm.create_model with ${others[0] ?? 'extra'} arguments is built by tracing`;
    let classes = 1000;
    const n = args.keywords.get('num_classes');
    if (n) {
        const v = literal(ctx, n, 'num_classes');
        if (v.kind !== 'int') return 'num_classes is not an integer literal';
        classes = v.value;
    }
    const [embedDim, depth, heads] = TIMM_VIT_SIZES[m[1]];
    const imageSize = o.input?.[1] ?? Number(m[3]);
    return {
        family: 'autoformer',
        name,
        source: ctx.range(call),
        embedDim,
        depth,
        mlpRatio: new Array<number>(depth).fill(4),
        numHeads: new Array<number>(depth).fill(heads),
        headDim: embedDim / heads,
        patchSize: Number(m[2]),
        imageSize,
        inChannels: o.input?.[0] ?? 3,
        classes: o.classes ?? classes,
        pool: 'cls',
    };
}
