// Conversion between host tensors and ONNX TensorProto (raw little-endian bytes or typed fields).
import {
    type AnyTypedArray,
    type TensorData,
    allocate,
    dtypeFromOnnx,
    onnxTypeCodes,
    sizeOf,
} from '../ir/tensor';
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

/** Largest tensor a file may hold (2^28 elements: 1 GiB of float32); checked before allocating. */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

/** Thrown for tensors the IR cannot hold (unknown type, external data, size mismatch). */
export class TensorDecodeError extends Error {}

/** A tensor's type and shape, checked against its stored data, without copying the data. */
export function tensorHeader(p: TensorProto): Pick<TensorData, 'dtype' | 'shape'> {
    const dtype = dtypeFromOnnx(p.dataType);
    if (!dtype)
        throw new TensorDecodeError(`tensor '${p.name}': unsupported data type ${p.dataType}`);
    if (p.dataLocation === 1)
        throw new TensorDecodeError(`tensor '${p.name}': external data is not supported`);
    const shape = p.dims.map(Number);
    if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
        throw new TensorDecodeError(`tensor '${p.name}': bad dimensions [${p.dims.join(', ')}]`);
    }
    const n = sizeOf(shape);
    // Why before allocating: a file's dims are untrusted; [2^40] with 4 bytes of data is a lie, not a tensor.
    if (n > MAX_TENSOR_ELEMENTS) {
        throw new TensorDecodeError(
            `tensor '${p.name}': ${n} elements is over the limit of ${MAX_TENSOR_ELEMENTS}`,
        );
    }
    const itemBytes = allocate(dtype, 0).BYTES_PER_ELEMENT;
    if (p.rawData.length > 0 && p.rawData.length !== n * itemBytes) {
        throw new TensorDecodeError(
            `tensor '${p.name}': ${p.rawData.length} bytes for ${n} ${dtype}`,
        );
    }
    if (p.rawData.length === 0 && typedField(p, dtype).length !== n) {
        throw new TensorDecodeError(
            `tensor '${p.name}': ${typedField(p, dtype).length} values for ${n}`,
        );
    }
    return { dtype, shape };
}

export function decodeTensor(p: TensorProto): TensorData {
    const { dtype, shape } = tensorHeader(p);
    const data = allocate(dtype, sizeOf(shape));
    if (p.rawData.length > 0) new Uint8Array(data.buffer).set(p.rawData);
    else fill(data, typedField(p, dtype));
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
