// Element types and dense host tensors of the IR. Shapes are always static and fully known.

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool' | 'uint8';

export type Shape = readonly number[];

export type AnyTypedArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A dense host tensor: constants, initialisers and run results. */
export interface TensorData {
    readonly dtype: DType;
    readonly shape: Shape;
    readonly data: AnyTypedArray;
}

export function sizeOf(shape: Shape): number {
    let n = 1;
    for (const d of shape) n *= d;
    return n;
}

export function isFloat(dtype: DType): boolean {
    return dtype === 'float32' || dtype === 'float64';
}

export function isInteger(dtype: DType): boolean {
    return dtype === 'int64' || dtype === 'int32';
}

export function allocate(dtype: DType, n: number): AnyTypedArray {
    switch (dtype) {
        case 'float32':
            return new Float32Array(n);
        case 'float64':
            return new Float64Array(n);
        case 'int64':
            return new BigInt64Array(n);
        case 'int32':
            return new Int32Array(n);
        case 'bool':
        case 'uint8':
            return new Uint8Array(n);
    }
}

/** Builds a tensor from plain numbers, converting to the dtype's storage. */
export function tensor(dtype: DType, shape: Shape, values: ArrayLike<number>): TensorData {
    const n = sizeOf(shape);
    if (values.length !== n) {
        throw new Error(`tensor: ${values.length} values for shape [${shape.join(',')}]`);
    }
    const data = allocate(dtype, n);
    if (data instanceof BigInt64Array) {
        for (let i = 0; i < n; i++) data[i] = BigInt(Math.trunc(values[i]));
    } else {
        for (let i = 0; i < n; i++) data[i] = values[i];
    }
    return { dtype, shape: [...shape], data };
}

export function scalar(dtype: DType, value: number): TensorData {
    return tensor(dtype, [], [value]);
}

/** Reads any tensor's elements as JS numbers (int64 beyond 2^53 loses precision, by design). */
export function toNumbers(t: TensorData): number[] {
    return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

export function shapeEquals(a: Shape, b: Shape): boolean {
    return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: Shape): string {
    return `[${shape.join(',')}]`;
}

/** ONNX TensorProto.DataType codes for the dtypes the IR carries. */
export const onnxTypeCodes: Readonly<Record<DType, number>> = {
    float32: 1,
    uint8: 2,
    int32: 6,
    int64: 7,
    bool: 9,
    float64: 11,
};

export function dtypeFromOnnx(code: number): DType | undefined {
    return (Object.keys(onnxTypeCodes) as DType[]).find((d) => onnxTypeCodes[d] === code);
}

/** Rows [start, start + count) of a batch-major tensor (axis 0), as a copy. */
export function sliceRows(t: TensorData, start: number, count: number): TensorData {
    const rowSize = sizeOf(t.shape.slice(1));
    const data = t.data.slice(start * rowSize, (start + count) * rowSize) as AnyTypedArray;
    return { dtype: t.dtype, shape: [count, ...t.shape.slice(1)], data };
}
