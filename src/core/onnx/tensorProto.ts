// Conversion between host tensors and ONNX TensorProto (raw little-endian bytes or typed fields).
import { type AnyTypedArray, type TensorData, allocate, dtypeFromOnnx, onnxTypeCodes, sizeOf } from '../ir/tensor';
import { type TensorProto, TensorProtoSchema, create } from './proto';

export function encodeTensor(name: string, t: TensorData): TensorProto {
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    return create(TensorProtoSchema, {
        name,
        dims: t.shape.map((d) => BigInt(d)),
        dataType: onnxTypeCodes[t.dtype],
        rawData: new Uint8Array(bytes) as Uint8Array<ArrayBuffer>,
    });
}

/** Thrown for tensors the IR cannot hold (unknown type, external data, size mismatch). */
export class TensorDecodeError extends Error {}

export function decodeTensor(p: TensorProto): TensorData {
    const dtype = dtypeFromOnnx(p.dataType);
    if (!dtype) throw new TensorDecodeError(`tensor '${p.name}': unsupported data type ${p.dataType}`);
    if (p.dataLocation === 1) throw new TensorDecodeError(`tensor '${p.name}': external data is not supported`);
    const shape = p.dims.map(Number);
    const n = sizeOf(shape);
    const data = allocate(dtype, n);
    if (p.rawData.length > 0) {
        if (p.rawData.length !== data.byteLength) {
            throw new TensorDecodeError(`tensor '${p.name}': ${p.rawData.length} bytes for ${n} ${dtype}`);
        }
        new Uint8Array(data.buffer).set(p.rawData);
        return { dtype, shape, data };
    }
    const typed = typedField(p, dtype);
    if (typed.length !== n) throw new TensorDecodeError(`tensor '${p.name}': ${typed.length} values for ${n}`);
    fill(data, typed);
    return { dtype, shape, data };
}

function typedField(p: TensorProto, dtype: TensorData['dtype']): ArrayLike<number | bigint> {
    switch (dtype) {
        case 'float32':
            return p.floatData;
        case 'float64':
            return p.doubleData;
        case 'int64':
            return p.int64Data;
        default:
            return p.int32Data; // int32, bool and uint8 are stored in int32_data.
    }
}

function fill(data: AnyTypedArray, values: ArrayLike<number | bigint>): void {
    if (data instanceof BigInt64Array) {
        for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
    } else {
        for (let i = 0; i < values.length; i++) data[i] = Number(values[i]);
    }
}
