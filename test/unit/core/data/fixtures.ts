// Tiny data fixtures written to a temp dir by the tests: PNG/JPEG (encoded by pngjs/jpeg-js), fake
// CIFAR records and .npy files from a minimal writer. Nothing here reads ../shared.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { TensorData } from '../../../../src/core/ir/tensor';

/** A fresh temp folder and a function that removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-data-'));
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `file` (creating its folder) and returns its path. */
export function put(file: string, bytes: Uint8Array | string): string {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    return file;
}

/** A PNG from RGBA bytes; colorType 0 = grey, 2 = RGB, 6 = RGBA. */
export function pngBytes(
    width: number,
    height: number,
    rgba: number[],
    colorType: 0 | 2 | 6 = 2,
): Buffer {
    const png = new PNG({ width, height });
    png.data = Buffer.from(rgba);
    return PNG.sync.write(png, { colorType, inputHasAlpha: true });
}

/** A JPEG (quality 100) of one solid colour. */
export function solidJpeg(width: number, height: number, rgb: [number, number, number]): Buffer {
    const data = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) data.set([...rgb, 255], i * 4);
    return jpeg.encode({ width, height, data }, 100).data;
}

/** A solid-colour 4x4 PNG whose red channel carries `tag`, so a row can be traced back to its file. */
export function taggedPng(tag: number): Buffer {
    const rgba: number[] = [];
    for (let i = 0; i < 16; i++) rgba.push(tag, 7, 9, 255);
    return pngBytes(4, 4, rgba);
}

/** CIFAR records: each is label byte(s) then 3072 pixel bytes, pixel k of record r = (r * 31 + k) % 256. */
export function cifarBytes(labels: number[][]): Buffer {
    const recordBytes = labels[0].length + 3072;
    const out = Buffer.alloc(labels.length * recordBytes);
    labels.forEach((label, r) => {
        out.set(label, r * recordBytes);
        for (let k = 0; k < 3072; k++) out[r * recordBytes + label.length + k] = (r * 31 + k) % 256;
    });
    return out;
}

export interface NpyOptions {
    readonly version?: 1 | 2 | 3;
    readonly fortran?: boolean;
    /** Written instead of the real shape tuple (to make the header lie). */
    readonly shapeText?: string;
}

/** A `.npy` file: header padded to 64 bytes as numpy writes it, then `body` as given. */
export function npyBytes(
    descr: string,
    shape: number[],
    body: Uint8Array,
    options: NpyOptions = {},
): Buffer {
    const version = options.version ?? 1;
    const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
    const fortran = options.fortran ? 'True' : 'False';
    let header = `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${options.shapeText ?? tuple}, }`;
    const prefix = version === 1 ? 10 : 12;
    header += ' '.repeat(63 - ((prefix + header.length) % 64)) + '\n';
    const head = Buffer.alloc(prefix);
    head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
    if (version === 1) head.writeUInt16LE(header.length, 8);
    else head.writeUInt32LE(header.length, 8);
    return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

/** Little-endian bytes of `values` as float32, float64, int64, int32 or uint8. */
export function numberBytes(kind: 'f4' | 'f8' | 'i8' | 'i4' | 'u1', values: number[]): Uint8Array {
    switch (kind) {
        case 'f4':
            return new Uint8Array(Float32Array.from(values).buffer);
        case 'f8':
            return new Uint8Array(Float64Array.from(values).buffer);
        case 'i8':
            return new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
        case 'i4':
            return new Uint8Array(Int32Array.from(values).buffer);
        case 'u1':
            return Uint8Array.from(values);
    }
}

/** The float32 values of a loaded batch. */
export function floats(x: TensorData): Float32Array {
    assert.equal(x.dtype, 'float32');
    return x.data as Float32Array;
}

/** Row `r` of a float32 [rows, ...] batch as a plain array. */
export function row(x: TensorData, r: number): number[] {
    const size = x.shape.slice(1).reduce((a, b) => a * b, 1);
    return Array.from(floats(x).subarray(r * size, (r + 1) * size));
}
