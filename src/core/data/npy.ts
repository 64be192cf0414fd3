// A bounded `.npy` reader: header (format 1.0/2.0/3.0) checked against the file size before any
// data is read, then rows read by position. Little-endian, C order, plain numeric dtypes only.
import type { FileHandle } from 'node:fs/promises';
import { DataError } from './dataSource';

/** The dtypes we read (numpy's descr without the byte-order character). */
export type NpyDtype = 'f4' | 'f8' | 'i8' | 'i4' | 'i2' | 'i1' | 'u1';

const ITEM_BYTES: Readonly<Record<NpyDtype, number>> = {
    f4: 4,
    f8: 8,
    i8: 8,
    i4: 4,
    i2: 2,
    i1: 1,
    u1: 1,
};
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const MAX_HEADER_BYTES = 1 << 20;

export interface NpyHeader {
    readonly file: string;
    readonly dtype: NpyDtype;
    readonly shape: readonly number[];
    /** Byte offset of the first element. */
    readonly dataOffset: number;
}

function isNpyDtype(code: string): code is NpyDtype {
    return Object.hasOwn(ITEM_BYTES, code);
}

export function isFloatDtype(dtype: NpyDtype): boolean {
    return dtype === 'f4' || dtype === 'f8';
}

/** Reads and validates the header of an open `.npy` file of `fileSize` bytes. */
export async function readNpyHeader(
    handle: FileHandle,
    file: string,
    fileSize: number,
): Promise<NpyHeader> {
    const prefix = new Uint8Array(12);
    const { bytesRead } = await handle.read(prefix, 0, 12, 0);
    if (bytesRead < 10 || !MAGIC.every((b, i) => prefix[i] === b)) {
        throw new DataError(`${file}: not a .npy file (no \\x93NUMPY magic).`);
    }
    const major = prefix[6];
    if (major < 1 || major > 3) {
        throw new DataError(`${file}: unsupported .npy format version ${major}.${prefix[7]}.`);
    }
    const view = new DataView(prefix.buffer);
    const prefixBytes = major === 1 ? 10 : 12;
    if (bytesRead < prefixBytes) throw new DataError(`${file}: truncated .npy header.`);
    const headerBytes = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
    if (prefixBytes + headerBytes > fileSize || headerBytes > MAX_HEADER_BYTES) {
        throw new DataError(
            `${file}: .npy header claims ${headerBytes} bytes but the file has ${fileSize}.`,
        );
    }
    const raw = new Uint8Array(headerBytes);
    await handle.read(raw, 0, headerBytes, prefixBytes);
    const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(raw);
    const header = parseHeaderDict(text, file, prefixBytes + headerBytes);
    const dataBytes = fileSize - header.dataOffset;
    const needed = elementCount(header.shape, file) * ITEM_BYTES[header.dtype];
    if (needed !== dataBytes) {
        const shape = `(${header.shape.join(', ')})`;
        const problem = needed > dataBytes ? 'is truncated' : 'has trailing bytes';
        throw new DataError(
            `${file}: .npy file ${problem}: shape ${shape} of ${header.dtype} needs ${needed} data bytes, the file has ${dataBytes}.`,
        );
    }
    return header;
}

/** Parses numpy's header dict: {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }. */
function parseHeaderDict(text: string, file: string, dataOffset: number): NpyHeader {
    const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
    const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
    const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
    if (descr === undefined || fortran === undefined || shapeText === undefined) {
        throw new DataError(
            `${file}: unreadable .npy header (structured dtypes are not supported): ${text.trim()}`,
        );
    }
    if (fortran === 'True') {
        throw new DataError(
            `${file}: .npy array is in Fortran order; save it in C order (np.ascontiguousarray).`,
        );
    }
    const order = descr[0];
    const code = descr.slice(1);
    if (!isNpyDtype(code) || !'<>|='.includes(order)) {
        throw new DataError(
            `${file}: unsupported .npy dtype '${descr}' (expected <f4, <f8, <i8, <i4, <i2, |i1 or |u1).`,
        );
    }
    // Why: byte order only matters for multi-byte items; numpy writes '|' for single bytes.
    if (ITEM_BYTES[code] > 1 && order === '>') {
        throw new DataError(
            `${file}: .npy data is big-endian (${descr}); save it little-endian (astype('<${code}')).`,
        );
    }
    if (ITEM_BYTES[code] > 1 && order !== '<') {
        throw new DataError(
            `${file}: .npy dtype '${descr}' has no explicit little-endian order; save it as '<${code}'.`,
        );
    }
    const parts = shapeText
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    const shape = parts.map((s) => {
        if (!/^\d+$/.test(s)) throw new DataError(`${file}: bad .npy shape (${shapeText}).`);
        return Number(s);
    });
    return { file, dtype: code, shape, dataOffset };
}

/** Product of the dimensions, refusing anything that is not an exact safe integer. */
function elementCount(shape: readonly number[], file: string): number {
    let n = 1;
    for (const d of shape) {
        n *= d;
        if (!Number.isSafeInteger(n)) {
            throw new DataError(`${file}: .npy shape (${shape.join(', ')}) is too large.`);
        }
    }
    return n;
}

/** Reads `count` elements starting at element `first`, as JS numbers in a Float64Array. */
export async function readNpyElements(
    handle: FileHandle,
    header: NpyHeader,
    first: number,
    count: number,
): Promise<Float64Array> {
    const size = ITEM_BYTES[header.dtype];
    const bytes = new Uint8Array(count * size);
    const { bytesRead } = await handle.read(
        bytes,
        0,
        bytes.length,
        header.dataOffset + first * size,
    );
    if (bytesRead !== bytes.length) throw new DataError(`${header.file}: .npy data ended early.`);
    const view = new DataView(bytes.buffer);
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = readElement(view, i * size, header.dtype);
    return out;
}

function readElement(view: DataView, at: number, dtype: NpyDtype): number {
    switch (dtype) {
        case 'f4':
            return view.getFloat32(at, true);
        case 'f8':
            return view.getFloat64(at, true);
        case 'i8':
            return Number(view.getBigInt64(at, true));
        case 'i4':
            return view.getInt32(at, true);
        case 'i2':
            return view.getInt16(at, true);
        case 'i1':
            return view.getInt8(at);
        case 'u1':
            return view.getUint8(at);
    }
}
