// Reads ViT definitions into AutoformerSpecs: literal constructor calls of timm-style and
// AutoFormer classes, and AutoFormer config dicts ({'embed_dim', 'layer_num', 'mlp_ratio', ...}).
import type { Node } from 'web-tree-sitter';
import { AUTOFORMER_DEFAULTS } from '../../spec/defaults';
import type { AutoformerSpec } from '../../spec/spec';
import type { Overrides } from './overrides';
import { perLayer, readBool, readInt, readScalarOrList, readSquare, readString } from './readers';
import { type FileContext, callArgs, excerpt, lastSegment } from './syntax';

export type VitFlavour = 'timm' | 'autoformer';

/** timm's VisionTransformer defaults (ViT-B/16); AutoFormer's supernet class shares them. */
const VIT_DEFAULTS = {
    embedDim: 768,
    depth: 12,
    numHeads: 12,
    mlpRatio: 4,
    classes: 1000,
} as const;
/** Positional parameters every timm version and AutoFormer agree on; later ones differ. */
const SHARED_POSITIONAL = ['img_size', 'patch_size', 'in_chans', 'num_classes'];
const SHAPE_KEYS = ['embed_dim', 'depth', 'num_heads', 'mlp_ratio'];
/** Deeper ViTs are reported rather than expanded into per-layer lists. */
const MAX_VIT_DEPTH = 1_000;

/** Which ViT class a callee names, if any (by its last segment). */
export function vitFlavour(callee: string, call: Node): VitFlavour | undefined {
    const name = lastSegment(callee);
    if (name === 'VisionTransformer') return 'timm';
    if (name === 'Vision_TransformerSuper') return 'autoformer';
    const isAutoformer = name.toLowerCase().includes('autoformer');
    if (!isAutoformer && !name.includes('VisionTransformer')) return undefined;
    // Why: other such names (blocks, configs, loaders) count only when they take ViT shape
    // arguments, so that e.g. `VisionTransformerBlock(dim=...)` is not read as a ViT-B.
    const args = callArgs(call);
    const isVit = SHAPE_KEYS.some((k) => args.keywords.has(k)) || args.splats.length > 0;
    if (!isVit) return undefined;
    return isAutoformer ? 'autoformer' : 'timm';
}

/** Fields as read, before per-layer expansion; `nodes` locates each for later diagnostics. */
interface VitFields {
    /** One value, or AutoFormer's per-layer list (which must hold one value). */
    embedDim: number | number[];
    depth: number;
    numHeads: number | number[];
    mlpRatio: number | number[];
    imageSize: number;
    patchSize: number;
    inChannels: number;
    classes: number;
    pool: 'mean' | 'cls';
    nodes: Map<string, Node>;
}

export function readVitCall(
    ctx: FileContext,
    call: Node,
    callee: string,
    flavour: VitFlavour,
    name: string,
    overrides: Overrides,
): AutoformerSpec {
    const className = lastSegment(callee);
    const args = callArgs(call);
    const hidden = args.splats[0] ?? args.other[0];
    if (hidden) {
        const message = `'${excerpt(hidden)}' may set any argument`;
        ctx.fail(hidden, 'info', `${className}(...) is not statically resolvable: ${message}`);
    }
    if (args.positional.length > SHARED_POSITIONAL.length) {
        const extra = args.positional[SHARED_POSITIONAL.length];
        ctx.fail(
            extra,
            'info',
            `${className}: positional argument '${excerpt(extra)}' is not read (the order ` +
                'differs between versions); pass embed_dim, depth, num_heads, mlp_ratio by keyword',
        );
    }
    const nodes = new Map(args.keywords);
    for (const [i, key] of SHARED_POSITIONAL.entries()) {
        if (args.positional[i]) nodes.set(key, args.positional[i]);
    }
    const isTimm = flavour === 'timm';
    const fields = readFields(ctx, nodes, className, isTimm ? 'cls' : 'mean');
    const pool = nodes.get(isTimm ? 'global_pool' : 'gp');
    if (pool) {
        fields.pool = isTimm ? timmPool(ctx, pool) : readBool(ctx, pool, 'gp') ? 'mean' : 'cls';
    }
    return assemble(ctx, call, fields, flavour, name, overrides);
}

function timmPool(ctx: FileContext, node: Node): 'mean' | 'cls' {
    const value = readString(ctx, node, 'global_pool');
    if (value === 'token') return 'cls';
    if (value === 'avg') return 'mean';
    return ctx.fail(
        node,
        'info',
        `global_pool='${value}' is not supported (only 'token' and 'avg')`,
    );
}

/** Keys of a dict (or `dict(...)` keywords) that make it an AutoFormer config. */
export function isAutoformerConfig(keys: ReadonlySet<string>): boolean {
    return keys.has('embed_dim') && (keys.has('layer_num') || keys.has('depth'));
}

/**
 * An AutoFormer config: `entries` maps each string key to its value node. `embed_dim` may be an int
 * or AutoFormer's per-layer list (all equal); `mlp_ratio` and `num_heads` are required.
 */
export function readAutoformerConfig(
    ctx: FileContext,
    node: Node,
    entries: ReadonlyMap<string, Node>,
    name: string,
    overrides: Overrides,
): AutoformerSpec {
    const nodes = new Map(entries);
    for (const key of ['mlp_ratio', 'num_heads']) {
        if (!nodes.has(key)) ctx.fail(node, 'warning', `AutoFormer config is missing '${key}'`);
    }
    const layerNum = nodes.get('layer_num');
    if (layerNum) nodes.set('depth', layerNum);
    const fields = readFields(ctx, nodes, 'AutoFormer config', 'mean');
    return assemble(ctx, node, fields, 'autoformer', name, overrides);
}

/**
 * A timm-style ViT config dict (`dict(patch_size=16, embed_dim=192, depth=12, num_heads=3)`):
 * timm's VisionTransformer defaults fill the rest (class token, head width embed_dim / heads).
 */
export function readTimmVitConfig(
    ctx: FileContext,
    node: Node,
    entries: ReadonlyMap<string, Node>,
    name: string,
    overrides: Overrides,
): AutoformerSpec {
    const nodes = new Map(entries);
    const fields = readFields(ctx, nodes, 'ViT config', 'cls');
    const pool = nodes.get('global_pool');
    if (pool) fields.pool = timmPool(ctx, pool);
    return assemble(ctx, node, fields, 'timm', name, overrides);
}

/** A timm-style ViT dict names its layer count `depth`; AutoFormer's names it `layer_num`. */
export function isTimmVitConfig(keys: ReadonlySet<string>): boolean {
    return keys.has('embed_dim') && keys.has('depth') && !keys.has('layer_num');
}

function readFields(
    ctx: FileContext,
    nodes: Map<string, Node>,
    owner: string,
    pool: 'mean' | 'cls',
): VitFields {
    const d = VIT_DEFAULTS;
    const int = (key: string, fallback: number) => {
        const n = nodes.get(key);
        return n ? readInt(ctx, n, `${owner} ${key}`) : fallback;
    };
    const square = (key: string, fallback: number) => {
        const n = nodes.get(key);
        return n ? readSquare(ctx, n, `${owner} ${key}`) : fallback;
    };
    const list = (key: string, fallback: number, isInt: boolean) => {
        const n = nodes.get(key);
        return n ? readScalarOrList(ctx, n, `${owner} ${key}`, isInt) : fallback;
    };
    return {
        embedDim: list('embed_dim', d.embedDim, true),
        depth: int('depth', d.depth),
        numHeads: list('num_heads', d.numHeads, true),
        mlpRatio: list('mlp_ratio', d.mlpRatio, false),
        imageSize: square('img_size', AUTOFORMER_DEFAULTS.imageSize),
        patchSize: square('patch_size', AUTOFORMER_DEFAULTS.patchSize),
        inChannels: int('in_chans', AUTOFORMER_DEFAULTS.inChannels),
        classes: int('num_classes', d.classes),
        pool,
        nodes,
    };
}

/** Expands per-layer fields, derives the head width, applies overrides, checks what timm checks. */
function assemble(
    ctx: FileContext,
    node: Node,
    f: VitFields,
    flavour: VitFlavour,
    name: string,
    overrides: Overrides,
): AutoformerSpec {
    if (f.depth > MAX_VIT_DEPTH) {
        ctx.fail(
            f.nodes.get('depth') ?? node,
            'info',
            `depth ${f.depth} is over ${MAX_VIT_DEPTH} layers`,
        );
    }
    const numHeads = perLayer(ctx, f.nodes.get('num_heads'), 'num_heads', f.numHeads, f.depth);
    const mlpRatio = perLayer(ctx, f.nodes.get('mlp_ratio'), 'mlp_ratio', f.mlpRatio, f.depth);
    const embedNode = f.nodes.get('embed_dim');
    const embedDims = perLayer(ctx, embedNode, 'embed_dim', f.embedDim, f.depth);
    const embedDim = embedDims[0];
    if (embedDims.some((d) => d !== embedDim)) {
        ctx.fail(
            embedNode ?? node,
            'info',
            'per-layer embed_dim values differ; one embed_dim is supported',
        );
    }
    let headDim: number = AUTOFORMER_DEFAULTS.headDim;
    if (flavour === 'timm') {
        const at = f.nodes.get('num_heads') ?? embedNode ?? node;
        if (numHeads.some((h) => embedDim % h !== 0)) {
            const heads = [...new Set(numHeads)].join(', ');
            ctx.fail(
                at,
                'error',
                `embed_dim ${embedDim} must be divisible by num_heads (${heads})`,
            );
        }
        if (numHeads.some((h) => h !== numHeads[0])) {
            const why = 'so embed_dim / num_heads is not one head width';
            ctx.fail(at, 'info', `num_heads that differ between layers are not supported (${why})`);
        }
        headDim = embedDim / numHeads[0];
    }
    let { imageSize, inChannels, classes } = f;
    if (overrides.input) {
        const [c, h, w] = overrides.input;
        if (h === undefined || h !== w) {
            ctx.fail(node, 'warning', '# lswag: input for a ViT must be CxHxW with H = W');
        }
        [inChannels, imageSize] = [c, h];
    }
    classes = overrides.classes ?? classes;
    if (f.patchSize > imageSize) {
        const at = f.nodes.get('patch_size') ?? node;
        ctx.fail(at, 'error', `patch_size ${f.patchSize} is larger than the ${imageSize} image`);
    }
    return {
        family: 'autoformer',
        name,
        source: ctx.range(node),
        embedDim,
        depth: f.depth,
        mlpRatio,
        numHeads,
        headDim,
        patchSize: f.patchSize,
        imageSize,
        inChannels,
        classes,
        pool: f.pool,
    };
}
