// Serialises the IR to an ONNX model (opset 20). Parameters become graph inputs unless values are
// given, so one exported model serves many weight draws.
import type { AttrValue } from '../ir/attrs';
import type { Graph, Value } from '../ir/graph';
import { type TensorData, onnxTypeCodes } from '../ir/tensor';
import {
    AttrType,
    type AttributeProto,
    AttributeProtoSchema,
    GraphProtoSchema,
    ModelProtoSchema,
    NodeProtoSchema,
    OperatorSetIdProtoSchema,
    TensorShapeProtoSchema,
    TensorShapeProto_DimensionSchema,
    TypeProtoSchema,
    TypeProto_TensorSchema,
    type ValueInfoProto,
    ValueInfoProtoSchema,
    create,
    toBinary,
} from './proto';
import { mergeCommonSubexpressions } from './commonSubexpressions';
import { lowerComposites } from './lowerComposites';
import { encodeTensor } from './tensorProto';

/** The default-domain opset the exporter targets; the IR's op semantics follow it. */
export const EXPORT_OPSET = 20;

export interface ExportOptions {
    /** Parameters to embed as initialisers (by parameter name); the rest stay graph inputs. */
    readonly embedParams?: ReadonlyMap<string, TensorData>;
}

export function valueInfo(v: Value): ValueInfoProto {
    return create(ValueInfoProtoSchema, {
        name: v.name,
        type: create(TypeProtoSchema, {
            value: {
                case: 'tensorType',
                value: create(TypeProto_TensorSchema, {
                    elemType: onnxTypeCodes[v.dtype],
                    shape: create(TensorShapeProtoSchema, {
                        dim: v.shape.map((d) =>
                            create(TensorShapeProto_DimensionSchema, {
                                value: { case: 'dimValue', value: BigInt(d) },
                            }),
                        ),
                    }),
                }),
            },
        }),
    });
}

function attribute(name: string, a: AttrValue): AttributeProto {
    switch (a.kind) {
        case 'int':
            return create(AttributeProtoSchema, { name, type: AttrType.INT, i: BigInt(a.value) });
        case 'float':
            return create(AttributeProtoSchema, { name, type: AttrType.FLOAT, f: a.value });
        case 'string':
            return create(AttributeProtoSchema, {
                name,
                type: AttrType.STRING,
                s: new TextEncoder().encode(a.value),
            });
        case 'ints':
            return create(AttributeProtoSchema, {
                name,
                type: AttrType.INTS,
                ints: a.value.map((v) => BigInt(v)),
            });
        case 'floats':
            return create(AttributeProtoSchema, {
                name,
                type: AttrType.FLOATS,
                floats: [...a.value],
            });
        case 'tensor':
            return create(AttributeProtoSchema, {
                name,
                type: AttrType.TENSOR,
                t: encodeTensor(name, a.value),
            });
    }
}

export function exportModel(graph: Graph, opts: ExportOptions = {}): Uint8Array {
    const embedded = opts.embedParams ?? new Map<string, TensorData>();
    const paramInputs = graph.params.filter((p) => !embedded.has(p.value.name));
    const lowered = mergeCommonSubexpressions(lowerComposites(graph), graph.outputs);
    const initializers = [
        ...[...lowered.constants].map(([v, t]) => encodeTensor(v.name, t)),
        ...graph.params
            .filter((p) => embedded.has(p.value.name))
            .map((p) => encodeTensor(p.value.name, embedded.get(p.value.name)!)),
    ];
    const domains = new Set(lowered.nodes.map((n) => n.domain).filter((d) => d !== ''));
    const model = create(ModelProtoSchema, {
        irVersion: 9n,
        producerName: 'lswag',
        opsetImport: [
            create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(EXPORT_OPSET) }),
            ...[...domains].map((domain) =>
                create(OperatorSetIdProtoSchema, { domain, version: 1n }),
            ),
        ],
        graph: create(GraphProtoSchema, {
            name: graph.name,
            input: [...graph.inputs, ...paramInputs.map((p) => p.value)].map(valueInfo),
            output: graph.outputs.map(valueInfo),
            initializer: initializers,
            node: lowered.nodes.map((n) =>
                create(NodeProtoSchema, {
                    name: n.name,
                    opType: n.op,
                    domain: n.domain,
                    input: n.inputs.map((i) => i?.name ?? ''),
                    output: n.outputs.map((o) => o.name),
                    attribute: Object.entries(n.attrs).map(([k, a]) => attribute(k, a)),
                }),
            ),
        }),
    });
    return toBinary(ModelProtoSchema, model);
}
