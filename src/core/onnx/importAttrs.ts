// ONNX attributes to IR attributes, and the rewrites that bring older op versions to opset 20.
// Invariant: every node leaving `toOpset20` has the IR's (opset-20) input layout and explicit pads.
import { type AttrValue, type Attrs, int, ints } from '../ir/attrs';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type AttributeProto, AttrType } from './proto';
import { decodeTensor } from './tensorProto';

/** A problem with one node's input that the importer reports instead of throwing past it. */
export class ImportError extends Error {}

const attrTypeNames: Readonly<Record<number, string>> = {
    5: 'GRAPH',
    8: 'STRINGS',
    9: 'TENSORS',
    10: 'GRAPHS',
    11: 'SPARSE_TENSOR',
    12: 'SPARSE_TENSORS',
    13: 'TYPE_PROTO',
    14: 'TYPE_PROTOS',
};

function attrValue(a: AttributeProto): AttrValue {
    switch (a.type) {
        case AttrType.FLOAT:
            return { kind: 'float', value: a.f };
        case AttrType.INT:
            return { kind: 'int', value: Number(a.i) };
        case AttrType.STRING:
            return { kind: 'string', value: new TextDecoder().decode(a.s) };
        case AttrType.FLOATS:
            return { kind: 'floats', value: [...a.floats] };
        case AttrType.INTS:
            return { kind: 'ints', value: a.ints.map(Number) };
        case AttrType.TENSOR:
            if (!a.t) throw new ImportError(`attribute '${a.name}' has no tensor`);
            return { kind: 'tensor', value: decodeTensor(a.t) };
        default:
            throw new ImportError(
                `attribute '${a.name}' of type ${attrTypeNames[a.type] ?? a.type} is not supported`,
            );
    }
}

export function decodeAttrs(attributes: readonly AttributeProto[]): Attrs {
    const out: Record<string, AttrValue> = {};
    for (const a of attributes) out[a.name] = attrValue(a);
    return out;
}

/** An op's inputs and attributes in the IR's opset-20 form. */
export interface Opset20Node {
    readonly inputs: (Value | null)[];
    readonly attrs: Attrs;
}

const reduceOps = new Set([
    'ReduceSum',
    'ReduceMean',
    'ReduceMax',
    'ReduceMin',
    'ReduceSumSquare',
    'ReduceL2',
]);
const windowOps = new Set(['Conv', 'MaxPool', 'AveragePool']);

function without(attrs: Attrs, ...names: string[]): Record<string, AttrValue> {
    const out: Record<string, AttrValue> = { ...attrs };
    for (const n of names) delete out[n];
    return out;
}

/**
 * Rewrites older forms into opset 20: Reduce* `axes` attribute -> constant input (ReduceSum moved
 * at 13, the others at 18); Split `split` attribute -> input and an implicit equal split ->
 * `num_outputs` (added at 18); auto_pad -> explicit pads; Gemm alpha/beta of 1 dropped.
 */
export function toOpset20(
    b: GraphBuilder,
    op: string,
    inputs: (Value | null)[],
    attrs: Attrs,
    nOutputs: number,
): Opset20Node {
    if (reduceOps.has(op) && attrs.axes?.kind === 'ints') {
        if (inputs[1]) throw new ImportError(`${op} has both an axes attribute and an axes input`);
        return { inputs: [inputs[0], b.ints(attrs.axes.value)], attrs: without(attrs, 'axes') };
    }
    if (op === 'Split') {
        if (attrs.split?.kind === 'ints') {
            return {
                inputs: [inputs[0], b.ints(attrs.split.value)],
                attrs: without(attrs, 'split'),
            };
        }
        if (!inputs[1] && !attrs.num_outputs)
            return { inputs, attrs: { ...attrs, num_outputs: int(nOutputs) } };
    }
    if (op === 'Gemm') {
        const unit = (k: string) => attrs[k]?.kind === 'float' && attrs[k].value === 1;
        return { inputs, attrs: without(attrs, ...['alpha', 'beta'].filter(unit)) };
    }
    if (op === 'ConvTranspose' && isAutoPad(attrs)) {
        throw new ImportError('ConvTranspose with auto_pad is not supported; export explicit pads');
    }
    if (windowOps.has(op) && isAutoPad(attrs))
        return { inputs, attrs: explicitPads(op, inputs, attrs) };
    return { inputs, attrs };
}

function isAutoPad(attrs: Attrs): boolean {
    const a = attrs.auto_pad;
    return a?.kind === 'string' && a.value !== 'NOTSET';
}

/** Resolves SAME_UPPER / SAME_LOWER / VALID into ONNX `pads` (all begins, then all ends). */
function explicitPads(op: string, inputs: readonly (Value | null)[], attrs: Attrs): Attrs {
    const mode = (attrs.auto_pad as { value: string }).value;
    const x = inputs[0];
    if (!x) throw new ImportError(`${op}: input 0 is required`);
    const spatial = x.shape.slice(2);
    const w = inputs[1];
    const kernel =
        attrs.kernel_shape?.kind === 'ints'
            ? attrs.kernel_shape.value
            : op === 'Conv' && w
              ? w.shape.slice(2)
              : undefined;
    if (!kernel) throw new ImportError(`${op}: kernel_shape is required`);
    const read = (k: string) =>
        attrs[k]?.kind === 'ints' ? (attrs[k].value as readonly number[]) : undefined;
    const strides = read('strides') ?? spatial.map(() => 1);
    const dilations = read('dilations') ?? spatial.map(() => 1);
    const begins: number[] = [];
    const ends: number[] = [];
    spatial.forEach((len, k) => {
        if (mode === 'VALID') {
            begins.push(0);
            ends.push(0);
            return;
        }
        if (mode !== 'SAME_UPPER' && mode !== 'SAME_LOWER')
            throw new ImportError(`${op}: unknown auto_pad '${mode}'`);
        const out = Math.ceil(len / strides[k]);
        const total = Math.max(
            0,
            (out - 1) * strides[k] + (kernel[k] - 1) * dilations[k] + 1 - len,
        );
        const small = Math.floor(total / 2);
        // SAME_UPPER puts the odd extra padding at the end, SAME_LOWER at the beginning.
        begins.push(mode === 'SAME_UPPER' ? small : total - small);
        ends.push(mode === 'SAME_UPPER' ? total - small : small);
    });
    return { ...without(attrs, 'auto_pad'), pads: ints([...begins, ...ends]) };
}
