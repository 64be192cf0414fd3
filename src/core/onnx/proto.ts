// The one seam to the ONNX protobuf schema (official onnx.proto, generated for @bufbuild/protobuf).
// Why: swapping the generated-types package must touch only this file.
export {
    type AttributeProto,
    AttributeProtoSchema,
    type GraphProto,
    GraphProtoSchema,
    type ModelProto,
    ModelProtoSchema,
    type NodeProto,
    NodeProtoSchema,
    OperatorSetIdProtoSchema,
    type TensorProto,
    TensorProtoSchema,
    TensorShapeProtoSchema,
    TensorShapeProto_DimensionSchema,
    TypeProtoSchema,
    TypeProto_TensorSchema,
    type ValueInfoProto,
    ValueInfoProtoSchema,
} from 'onnx-buf';
export { create, fromBinary, toBinary } from '@bufbuild/protobuf';

/** AttributeProto.AttributeType codes. */
export const AttrType = {
    FLOAT: 1,
    INT: 2,
    STRING: 3,
    TENSOR: 4,
    GRAPH: 5,
    FLOATS: 6,
    INTS: 7,
    STRINGS: 8,
} as const;
