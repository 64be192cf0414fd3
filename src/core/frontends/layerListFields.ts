// The layers family: an input shape, a class count and a list of layers (LayerSpec), where a
// parameterless layer may be a bare name (`- relu`). Layer paths in messages match the builder's
// (`layers[3].layers[1]`); the layer total and residual nesting are capped.
import type { LayerSpec, LayerType } from '../spec/spec';
import { ARCH_LIMITS } from './archLimits';
import {
    boolField,
    intField,
    listField,
    readLevel,
    type FieldReader,
    type FieldTable,
} from './archFields';
import { valueOr, type FamilyDef } from './archFamily';
import type { Reporter } from './reporter';
import { describeNode, entryOf, type MapNode, type TreeNode } from './sourceTree';
import { didYouMean } from '../util/didYouMean';

/** Layers written as a bare name. */
export const PARAMETERLESS_LAYERS = [
    'batchnorm',
    'layernorm',
    'relu',
    'gelu',
    'sigmoid',
    'tanh',
    'globalavgpool',
    'flatten',
    'identity',
] as const satisfies readonly LayerType[];

const width = intField(1, ARCH_LIMITS.width);
const window = intField(1, ARCH_LIMITS.window);
const padding = intField(0, ARCH_LIMITS.window);
const pool: FieldTable = { kernel: window, stride: window, padding };

/** Fields of each parameterised layer type, and which of them are required. */
const LAYER_FIELDS: Readonly<Record<string, { fields: FieldTable; required: readonly string[] }>> =
    {
        conv: {
            fields: {
                out: width,
                kernel: window,
                stride: window,
                padding,
                dilation: window,
                groups: width,
                bias: boolField,
            },
            required: ['out', 'kernel'],
        },
        linear: { fields: { out: width, bias: boolField }, required: ['out'] },
        maxpool: { fields: pool, required: ['kernel'] },
        avgpool: { fields: pool, required: ['kernel'] },
    };

export const LAYER_TYPES: readonly LayerType[] = [
    'conv',
    'linear',
    'maxpool',
    'avgpool',
    'residual',
    ...PARAMETERLESS_LAYERS,
];

const isParameterless = (name: string): boolean =>
    (PARAMETERLESS_LAYERS as readonly string[]).includes(name);

/** Reads one candidate's layer tree, counting layers across nesting. */
class LayerReader {
    private count = 0;
    private overflowed = false;

    constructor(private readonly r: Reporter) {}

    list(node: TreeNode, path: string, minItems: number, nesting: number): LayerSpec[] | undefined {
        if (node.kind !== 'list') {
            return this.r.fail(
                node,
                `'${path}' must be a list of layers, not ${describeNode(node)}`,
            );
        }
        if (node.items.length < minItems) {
            return this.r.fail(node, `'${path}' needs at least ${minItems} layer(s)`);
        }
        const out: Array<LayerSpec | undefined> = [];
        for (const [i, item] of node.items.entries()) {
            if (this.overflowed) return undefined;
            out.push(this.layer(item, `${path}[${i}]`, nesting));
        }
        return out.every((layer) => layer !== undefined) ? (out as LayerSpec[]) : undefined;
    }

    private layer(node: TreeNode, path: string, nesting: number): LayerSpec | undefined {
        if (++this.count > ARCH_LIMITS.layers) {
            this.overflowed = true;
            return this.r.fail(
                node,
                `more than ${ARCH_LIMITS.layers} layers (nested blocks included)`,
            );
        }
        if (node.kind === 'scalar' && typeof node.value === 'string') {
            if (isParameterless(node.value)) return { type: node.value } as LayerSpec;
            if (LAYER_TYPES.includes(node.value as LayerType)) {
                return this.r.fail(
                    node,
                    `${path}: '${node.value}' has parameters; write {type: ${node.value}, ...}`,
                );
            }
            return this.unknownType(node, path, node.value);
        }
        if (node.kind !== 'map') {
            return this.r.fail(
                node,
                `${path}: a layer is a name (relu) or a mapping with 'type', not ${describeNode(node)}`,
            );
        }
        const typeEntry = entryOf(node, 'type');
        if (typeEntry === undefined) {
            return this.r.fail(node, `${path}: a layer needs a 'type'`);
        }
        const type = typeEntry.value.kind === 'scalar' ? typeEntry.value.value : undefined;
        if (typeof type !== 'string' || !LAYER_TYPES.includes(type as LayerType)) {
            return this.unknownType(typeEntry.value, path, type);
        }
        if (type === 'residual') return this.residual(node, path, nesting);
        const def = LAYER_FIELDS[type] ?? { fields: {}, required: [] };
        const level = readLevel(node, def.fields, this.r, ['type'], `for a ${type} layer`);
        const missing = def.required.filter(
            (key) => !level.values.has(key) && !level.failed.has(key),
        );
        if (missing.length > 0) {
            this.r.error(
                node,
                `${path}: a ${type} layer needs ${missing.map((k) => `'${k}'`).join(' and ')}`,
            );
        }
        if (missing.length > 0 || level.failed.size > 0) return undefined;
        const layer: Record<string, unknown> = { type };
        for (const [key, field] of level.values) layer[key] = field.value;
        return layer as LayerSpec;
    }

    private residual(node: MapNode, path: string, nesting: number): LayerSpec | undefined {
        if (nesting >= ARCH_LIMITS.layerNesting) {
            return this.r.fail(
                node,
                `${path}: residual blocks nested deeper than ${ARCH_LIMITS.layerNesting}`,
            );
        }
        const level = readLevel(
            node,
            {},
            this.r,
            ['type', 'layers', 'shortcut'],
            'for a residual layer',
        );
        const body = entryOf(node, 'layers');
        const shortcut = entryOf(node, 'shortcut');
        if (body === undefined) {
            return this.r.fail(node, `${path}: a residual layer needs 'layers'`);
        }
        const layers = this.list(body.value, `${path}.layers`, 1, nesting + 1);
        const skip = shortcut && this.list(shortcut.value, `${path}.shortcut`, 0, nesting + 1);
        if (layers === undefined || (shortcut && skip === undefined) || level.failed.size > 0) {
            return undefined;
        }
        return skip ? { type: 'residual', layers, shortcut: skip } : { type: 'residual', layers };
    }

    private unknownType(node: TreeNode, path: string, type: unknown): undefined {
        const what = typeof type === 'string' ? `'${type}'` : describeNode(node);
        const hint = typeof type === 'string' ? didYouMean(type, LAYER_TYPES) : '';
        return this.r.fail(
            node,
            `${path}: unknown layer type ${what} (expected one of ${LAYER_TYPES.join(', ')})${hint}`,
        );
    }
}

const layersField: FieldReader<LayerSpec[]> = (node, r) =>
    new LayerReader(r).list(node, 'layers', 1, 0);

const inputField: FieldReader<number[]> = (node, r, key) => {
    const dims = listField(intField(1, ARCH_LIMITS.inputDim), 1, 3)(node, r, key);
    if (dims === undefined || dims.length !== 2) return dims;
    r.error(node, `'${key}' must be [channels, height, width] or [features], not two numbers`);
    return undefined;
};

export const LAYERS_FAMILY: FamilyDef = {
    family: 'layers',
    fields: { input: inputField, classes: intField(1, ARCH_LIMITS.classes), layers: layersField },
    defaultable: ['input', 'classes'],
    required: ['input', 'classes', 'layers'],
    build(ctx) {
        const input = valueOr<number[] | undefined>(ctx, 'input', undefined);
        const classes = valueOr<number | undefined>(ctx, 'classes', undefined);
        const layers = valueOr<LayerSpec[] | undefined>(ctx, 'layers', undefined);
        if (input === undefined || classes === undefined || layers === undefined) return undefined;
        return { family: 'layers', input, classes, layers };
    },
};
