// Lowers one ONNX node into IR nodes: Constant, Dropout and BatchNormalization (always training mode) get
// their own rewrites; every other op goes through the opset-20 rewrites and the builder's schema.
import { type Attrs, getFloat } from '../ir/attrs';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { batchNormTraining } from '../ir/layers';
import { type TensorData, sizeOf, tensor, toNumbers } from '../ir/tensor';
import { ImportError, decodeAttrs, toOpset20 } from './importAttrs';
import type { NodeProto } from './proto';

export interface LowerContext {
    /** The model's default-domain opset. */
    readonly opset: number;
    /** BatchNormalization and LayerNormalization become the identity (synflow). */
    readonly normsAsIdentity: boolean;
    /** Training-mode BatchNormalization normalises each of this many row groups on its own. */
    readonly ghostGroups: number;
    warn(message: string): void;
}

/** One ONNX node as IR nodes, in opset-20 form; returns values for its leading outputs. */
export function lowerNode(
    b: GraphBuilder,
    n: NodeProto,
    inputs: (Value | null)[],
    ctx: LowerContext,
): Value[] {
    const attrs = decodeAttrs(n.attribute);
    const name = n.output[0] || undefined;
    const nOutputs = n.output.reduce((last, o, k) => (o ? k + 1 : last), 0);
    if (
        ctx.normsAsIdentity &&
        (n.opType === 'BatchNormalization' || n.opType === 'LayerNormalization')
    ) {
        return [b.op('Identity', [inputs[0]], {}, { name })];
    }
    switch (n.opType) {
        case 'Constant':
            return [b.constant(constantTensor(attrs), name)];
        case 'Dropout': {
            // Opset >= 12: ratio and training_mode are inputs (defaults 0.5 and false).
            const ratio = constantNumber(b, inputs[1]) ?? 0.5;
            const training = inputs[2] ? (constantNumber(b, inputs[2]) ?? 1) !== 0 : false;
            if (training && ratio > 0) {
                ctx.warn(`Dropout (ratio ${ratio}, training mode) is imported as Identity`);
            }
            return [b.op('Identity', [inputs[0]], {}, { name })];
        }
        case 'BatchNormalization': {
            // Why training mode always: the proxies are defined with batch statistics (PyTorch train
            // mode); an inference-mode node (eval export) is converted, its running statistics unused
            // (importGraph warns once per model, evalExport.ts).
            const [x, scale, bias] = inputs;
            if (!x || !scale || !bias) {
                throw new ImportError('BatchNormalization needs X, scale and B');
            }
            const epsilon = getFloat(attrs, 'epsilon', 1e-5);
            return [
                batchNormTraining(b, x, scale, bias, { epsilon, ghostGroups: ctx.ghostGroups }),
            ];
        }
    }
    const norm = toOpset20(b, n.opType, inputs, attrs, nOutputs);
    return b.node(n.opType, norm.inputs, norm.attrs, { outputs: Math.max(nOutputs, 1), name });
}

function constantNumber(b: GraphBuilder, v: Value | null | undefined): number | undefined {
    const t = v ? b.graph.constantOf(v) : undefined;
    return t && sizeOf(t.shape) === 1 ? toNumbers(t)[0] : undefined;
}

function constantTensor(a: Attrs): TensorData {
    if (a.value?.kind === 'tensor') return a.value.value;
    if (a.value_float?.kind === 'float') return tensor('float32', [], [a.value_float.value]);
    if (a.value_floats?.kind === 'floats') {
        return tensor('float32', [a.value_floats.value.length], a.value_floats.value);
    }
    if (a.value_int?.kind === 'int') return tensor('int64', [], [a.value_int.value]);
    if (a.value_ints?.kind === 'ints') {
        return tensor('int64', [a.value_ints.value.length], a.value_ints.value);
    }
    const names = Object.keys(a).join(', ') || 'none';
    throw new ImportError(`Constant: unsupported value attribute (${names})`);
}
