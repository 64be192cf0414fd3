// The autoformer family: architecture-file fields, and AutoFormer's own config dialect used by
// benchmark files (`layer_num` for depth, `embed_dim` repeated per layer). Per-layer lists must
// have `depth` entries; a single value applies to every layer.
import { AUTOFORMER_DEFAULTS } from '../spec/defaults';
import { ARCH_LIMITS } from './archLimits';
import {
    enumField,
    intField,
    numberField,
    oneOrListField,
    type FieldTable,
    type ReadField,
} from './archFields';
import { pick, valueOr, type CandidateContext, type FamilyDef, type SpecBody } from './archFamily';

const FILE_FIELDS: FieldTable = {
    embed_dim: intField(1, ARCH_LIMITS.embedDim),
    depth: intField(1, ARCH_LIMITS.depth),
    mlp_ratio: oneOrListField(
        numberField({ exclusiveMin: 0, max: ARCH_LIMITS.mlpRatio }),
        ARCH_LIMITS.depth,
    ),
    num_heads: oneOrListField(intField(1, ARCH_LIMITS.numHeads), ARCH_LIMITS.depth),
    head_dim: intField(1, ARCH_LIMITS.headDim),
    patch_size: intField(1, ARCH_LIMITS.window),
    image_size: intField(1, ARCH_LIMITS.imageSize),
    in_channels: intField(1, ARCH_LIMITS.inChannels),
    classes: intField(1, ARCH_LIMITS.classes),
    pool: enumField(['mean', 'cls'] as const),
};

/** AutoFormer sample configs: `{"embed_dim": [192, ...], "layer_num": 13, "mlp_ratio": [...], ...}`. */
const CONFIG_FIELDS: FieldTable = {
    ...FILE_FIELDS,
    embed_dim: oneOrListField(intField(1, ARCH_LIMITS.embedDim), ARCH_LIMITS.depth),
    layer_num: intField(1, ARCH_LIMITS.depth),
};

/** `value` repeated per layer, or the list itself when it has `depth` entries. */
function perLayer<T>(
    ctx: CandidateContext,
    field: ReadField,
    key: string,
    depth: number,
): T[] | undefined {
    if (!Array.isArray(field.value)) return Array.from({ length: depth }, () => field.value as T);
    if (field.value.length === depth) return field.value as T[];
    ctx.r.error(
        field.node,
        `'${key}' has ${field.value.length} entries but depth is ${depth}; give one per layer or a single value`,
    );
    return undefined;
}

function readDepth(ctx: CandidateContext): number | undefined {
    const depth = pick(ctx, 'depth');
    const layerNum = pick(ctx, 'layer_num');
    if (depth && layerNum && depth.value !== layerNum.value) {
        ctx.r.error(
            layerNum.node,
            `'layer_num' (${layerNum.value}) and 'depth' (${depth.value}) disagree`,
        );
        return undefined;
    }
    const found = depth ?? layerNum;
    if (
        found === undefined &&
        !ctx.levels.some((l) => l.failed.has('depth') || l.failed.has('layer_num'))
    ) {
        ctx.r.error(ctx.anchor, `missing required field 'depth' (or AutoFormer's 'layer_num')`);
    }
    return found?.value as number | undefined;
}

function readEmbedDim(ctx: CandidateContext, depth: number): number | undefined {
    const field = pick(ctx, 'embed_dim');
    if (field === undefined) return undefined;
    if (!Array.isArray(field.value)) return field.value as number;
    const dims = perLayer<number>(ctx, field, 'embed_dim', depth);
    if (dims === undefined) return undefined;
    if (dims.some((d) => d !== dims[0])) {
        ctx.r.error(
            field.node,
            `'embed_dim' must be the same for every layer (AutoFormer shares one width)`,
        );
        return undefined;
    }
    return dims[0];
}

function buildAutoformer(ctx: CandidateContext): SpecBody | undefined {
    const depth = readDepth(ctx);
    if (depth === undefined) return undefined;
    const embedDim = readEmbedDim(ctx, depth);
    const mlp = pick(ctx, 'mlp_ratio');
    const heads = pick(ctx, 'num_heads');
    const mlpRatio = mlp && perLayer<number>(ctx, mlp, 'mlp_ratio', depth);
    const numHeads = heads && perLayer<number>(ctx, heads, 'num_heads', depth);
    const imageSize = valueOr(ctx, 'image_size', AUTOFORMER_DEFAULTS.imageSize as number);
    const patch = pick(ctx, 'patch_size');
    const patchSize = (patch?.value as number | undefined) ?? AUTOFORMER_DEFAULTS.patchSize;
    if (patchSize > imageSize) {
        ctx.r.error(
            patch?.node ?? pick(ctx, 'image_size')!.node,
            `'patch_size' ${patchSize} is larger than 'image_size' ${imageSize}`,
        );
        return undefined;
    }
    if (embedDim === undefined || mlpRatio === undefined || numHeads === undefined) {
        return undefined;
    }
    return {
        family: 'autoformer',
        embedDim,
        depth,
        mlpRatio,
        numHeads,
        headDim: valueOr(ctx, 'head_dim', AUTOFORMER_DEFAULTS.headDim as number),
        patchSize,
        imageSize,
        inChannels: valueOr(ctx, 'in_channels', AUTOFORMER_DEFAULTS.inChannels as number),
        classes: valueOr(ctx, 'classes', AUTOFORMER_DEFAULTS.classes as number),
        pool: valueOr<'mean' | 'cls'>(ctx, 'pool', AUTOFORMER_DEFAULTS.pool),
    };
}

export const AUTOFORMER_FAMILY: FamilyDef = {
    family: 'autoformer',
    fields: FILE_FIELDS,
    defaultable: ['head_dim', 'patch_size', 'image_size', 'in_channels', 'classes', 'pool'],
    required: ['embed_dim', 'depth', 'mlp_ratio', 'num_heads'],
    build: buildAutoformer,
};

/** AutoFormer's own config keys, as benchmark files store them. */
export const AUTOFORMER_CONFIG: FamilyDef = {
    ...AUTOFORMER_FAMILY,
    fields: CONFIG_FIELDS,
    defaultable: [],
    required: ['embed_dim', 'mlp_ratio', 'num_heads'],
};
