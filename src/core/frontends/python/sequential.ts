// Reads `nn.Sequential(...)` chains of standard layers into a LayerListSpec: flattens nested
// Sequentials and OrderedDicts, infers the input, and names the classes.
import type { Node } from 'web-tree-sitter';
import type { LayerListSpec } from '../../spec/spec';
import { checkShapes } from './layerShapes';
import { LAYER_READERS, LayerCall, type LayerItem, SUPPORTED_LAYERS } from './layers';
import type { Overrides } from './overrides';
import { type FileContext, callArgs, dottedName, excerpt, lastSegment, qualifier } from './syntax';

/** Height and width assumed for a conv net's input when no `# lswag: input=` says otherwise. */
export const DEFAULT_IMAGE_SIZE = 32;
const MAX_NESTING = 32;
/** More than any hand-written Sequential; keeps a pathological file from stalling the host. */
const MAX_LAYERS = 1_000;
const TORCH_QUALIFIERS = new Set(['', 'nn', 'torch.nn']);

/** True for `Sequential`, `nn.Sequential` and `torch.nn.Sequential` called PyTorch-style. */
export function isSequentialCall(callee: string, call: Node): boolean {
    const isTorch = TORCH_QUALIFIERS.has(qualifier(callee));
    if (lastSegment(callee) !== 'Sequential' || !isTorch) return false;
    // Why: Keras' Sequential takes one list of layers; PyTorch's never does.
    return call.childForFieldName('arguments')?.firstNamedChild?.type !== 'list';
}

export function readSequential(
    ctx: FileContext,
    call: Node,
    name: string,
    overrides: Overrides,
): LayerListSpec | undefined {
    const items: LayerItem[] = [];
    collectLayers(ctx, call, items, 0);
    if (items.length === 0) return undefined;
    const declared = items.find((it) => it.declares !== undefined)?.declares;
    const size = DEFAULT_IMAGE_SIZE;
    const guess =
        declared?.axis === 'channels' ? [declared.size, size, size] : declared && [declared.size];
    const input = overrides.input ?? guess;
    if (!input) {
        const message = "cannot infer the input of this Sequential; add '# lswag: input=CxHxW'";
        return ctx.fail(call, 'info', message);
    }
    const hint = overrides.input
        ? ''
        : ` (input assumed ${input.join('x')}; set it with '# lswag: input=CxHxW')`;
    const shape = checkShapes(ctx, items, input, hint);
    const outs = items.map((it) => ('out' in it.spec ? it.spec.out : undefined));
    const classes = overrides.classes ?? outs.filter((out) => out !== undefined).pop();
    if (classes === undefined || shape.length !== 1 || shape[0] !== classes) {
        const wanted = classes === undefined ? 'class logits' : `[${classes}] logits`;
        const ends = `this Sequential ends in [${shape.join(', ')}] per sample, not ${wanted}`;
        return ctx.fail(call, 'info', `${ends}; only classifiers can be scored${hint}`);
    }
    const layers = items.map((it) => it.spec);
    return { family: 'layers', name, source: ctx.range(call), input, classes, layers };
}

/** Appends the layers of a Sequential call to `items`, flattening nested Sequentials. */
function collectLayers(ctx: FileContext, call: Node, items: LayerItem[], depth: number): void {
    if (depth > MAX_NESTING) ctx.fail(call, 'info', 'nn.Sequential is nested too deeply to read');
    const count = items.length + (call.childForFieldName('arguments')?.namedChildCount ?? 0);
    if (count > MAX_LAYERS) ctx.fail(call, 'info', `nn.Sequential has over ${MAX_LAYERS} layers`);
    const args = callArgs(call);
    const hidden = args.splats[0] ?? args.other[0] ?? args.keywords.values().next().value;
    if (hidden) notResolvable(ctx, hidden, 'nn.Sequential argument');
    for (const arg of args.positional) {
        if (isOrderedDict(arg)) collectOrderedDict(ctx, arg, items, depth);
        else collectLayer(ctx, arg, items, depth);
    }
}

function collectLayer(ctx: FileContext, node: Node, items: LayerItem[], depth: number): void {
    const callee =
        node.type === 'call' ? dottedName(node.childForFieldName('function')) : undefined;
    if (callee === undefined) return notResolvable(ctx, node, 'nn.Sequential layer');
    const className = lastSegment(callee);
    if (className === 'Sequential') return collectLayers(ctx, node, items, depth + 1);
    // Why hasOwn: a class named like an Object method (`nn.constructor()`) is no layer either.
    const reader = Object.hasOwn(LAYER_READERS, className) ? LAYER_READERS[className] : undefined;
    if (!reader) {
        const message = `unsupported layer type '${className}' in nn.Sequential`;
        ctx.fail(node, 'info', `${message} (supported: ${SUPPORTED_LAYERS})`);
    }
    const args = callArgs(node);
    const hidden = args.splats[0] ?? args.other[0];
    if (hidden) notResolvable(ctx, hidden, `${className} argument`);
    items.push(reader.read(new LayerCall(ctx, node, className, args, reader.signature)));
}

function isOrderedDict(node: Node): boolean {
    if (node.type !== 'call') return false;
    return lastSegment(dottedName(node.childForFieldName('function')) ?? '') === 'OrderedDict';
}

/** `OrderedDict([('conv', nn.Conv2d(...)), ...])`: the layers in order; the names are dropped. */
function collectOrderedDict(ctx: FileContext, call: Node, items: LayerItem[], depth: number): void {
    const [pairs] = callArgs(call).positional;
    if (!pairs || (pairs.type !== 'list' && pairs.type !== 'tuple')) {
        return notResolvable(ctx, pairs ?? call, 'OrderedDict');
    }
    for (const pair of pairs.namedChildren) {
        if (!pair || pair.type === 'comment') continue;
        const parts =
            pair.type === 'tuple' ? pair.namedChildren.filter((c) => c?.type !== 'comment') : [];
        const layer = parts.length === 2 ? parts[1] : null;
        if (!layer) return notResolvable(ctx, pair, 'OrderedDict entry');
        collectLayer(ctx, layer, items, depth);
    }
}

function notResolvable(ctx: FileContext, node: Node, what: string): never {
    return ctx.fail(node, 'info', `${what} '${excerpt(node)}' is not statically resolvable`);
}
