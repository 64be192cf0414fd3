// Small host-side (JS) evaluators used for constant folding of shape arithmetic at build time.
import { type DType, type Shape, type TensorData, allocate, sizeOf, toNumbers } from './tensor';

export function stridesOf(shape: Shape): number[] {
    const s = new Array<number>(shape.length);
    let acc = 1;
    for (let k = shape.length - 1; k >= 0; k--) {
        s[k] = acc;
        acc *= shape[k];
    }
    return s;
}

/** Maps a flat index of `outShape` to the flat index of a tensor of `inShape` broadcast to it. */
export function broadcastIndexer(inShape: Shape, outShape: Shape): (flat: number) => number {
    const rank = outShape.length;
    const inStrides = stridesOf(inShape);
    const outStrides = stridesOf(outShape);
    const offset = rank - inShape.length;
    return (flat) => {
        let idx = 0;
        for (let k = offset; k < rank; k++) {
            const coord = Math.floor(flat / outStrides[k]) % outShape[k];
            if (inShape[k - offset] !== 1) idx += coord * inStrides[k - offset];
        }
        return idx;
    };
}

export function fromNumbers(dtype: DType, shape: Shape, values: ArrayLike<number>): TensorData {
    const data = allocate(dtype, sizeOf(shape));
    if (data instanceof BigInt64Array) {
        for (let i = 0; i < values.length; i++) data[i] = BigInt(Math.trunc(values[i]));
    } else {
        for (let i = 0; i < values.length; i++) data[i] = values[i];
    }
    return { dtype, shape: [...shape], data };
}

/** Elementwise map over broadcast inputs, producing `dtype`. */
export function mapBroadcast(
    inputs: readonly TensorData[],
    outShape: Shape,
    dtype: DType,
    fn: (...xs: number[]) => number,
): TensorData {
    const n = sizeOf(outShape);
    const values = inputs.map(toNumbers);
    const indexers = inputs.map((t) => broadcastIndexer(t.shape, outShape));
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = fn(...values.map((v, k) => v[indexers[k](i)]));
    return fromNumbers(dtype, outShape, out);
}

/** Gathers `outShape` elements of `t` given a function from output coordinates to an input flat index. */
export function gatherBy(
    t: TensorData,
    outShape: Shape,
    sourceIndex: (coords: number[]) => number,
): TensorData {
    const src = toNumbers(t);
    const n = sizeOf(outShape);
    const strides = stridesOf(outShape);
    const out = new Array<number>(n);
    const coords = new Array<number>(outShape.length).fill(0);
    for (let i = 0; i < n; i++) {
        for (let k = 0; k < outShape.length; k++)
            coords[k] = Math.floor(i / strides[k]) % outShape[k];
        out[i] = src[sourceIndex(coords)];
    }
    return fromNumbers(t.dtype, outShape, out);
}
