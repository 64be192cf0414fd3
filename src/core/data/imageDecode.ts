// JPEG and PNG decoding in plain JS (jpeg-js, pngjs) to interleaved RGB(A) bytes, with size limits
// checked from the file header before any pixel buffer is allocated.
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { DataError } from './dataSource';
import type { ByteImage } from './pixels';

/** Files larger than this are refused. */
export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024;
/** Images wider or taller than this are refused. */
export const MAX_IMAGE_SIDE = 16384;

type ImageFormat = 'png' | 'jpeg';

/** Format and size read from the header; undefined when the bytes are neither JPEG nor PNG. */
export function imageHeader(
    bytes: Uint8Array,
): { format: ImageFormat; width: number; height: number } | undefined {
    if (isPng(bytes)) {
        if (bytes.length < 24) return undefined;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
    }
    if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
        const size = jpegFrameSize(bytes);
        return size && { format: 'jpeg', ...size };
    }
    return undefined;
}

function isPng(b: Uint8Array): boolean {
    const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    return b.length >= 8 && sig.every((v, i) => b[i] === v);
}

/** Walks the JPEG marker segments to the first start-of-frame (SOF0..SOF15 but DHT, JPG, DAC). */
function jpegFrameSize(b: Uint8Array): { width: number; height: number } | undefined {
    let i = 2;
    while (i + 3 < b.length) {
        if (b[i] !== 0xff) return undefined;
        const marker = b[i + 1];
        if (marker === 0xff) {
            i++; // Fill byte.
            continue;
        }
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
            i += 2; // Standalone marker, no length.
            continue;
        }
        const length = (b[i + 2] << 8) | b[i + 3];
        const isSof =
            marker >= 0xc0 &&
            marker <= 0xcf &&
            marker !== 0xc4 &&
            marker !== 0xc8 &&
            marker !== 0xcc;
        if (isSof) {
            if (i + 8 >= b.length) return undefined;
            return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
        }
        if (length < 2) return undefined;
        i += 2 + length;
    }
    return undefined;
}

/**
 * Decodes a JPEG or PNG to interleaved bytes whose first 3 channels are RGB (grey is repeated; a
 * PNG keeps its alpha as a 4th channel, which `writeImage` ignores). Throws DataError (naming
 * the file) for an image over the size limits, and a plain Error when the bytes do not decode.
 */
export function decodeImage(bytes: Uint8Array, file: string): ByteImage {
    const header = imageHeader(bytes);
    if (header === undefined) throw new Error('not a JPEG or PNG file');
    const { width, height } = header;
    if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
        throw new DataError(
            `${file}: image is ${width}x${height} px; images larger than ${MAX_IMAGE_SIDE} px per side are refused.`,
        );
    }
    if (width === 0 || height === 0) throw new Error(`empty image (${width}x${height})`);
    try {
        return decodePixels(header.format, bytes);
    } catch (e) {
        // Why: the decoders throw TypeErrors and strings on corrupt files (found by fuzzing).
        const why = e instanceof Error ? e.message : String(e);
        throw new Error(`corrupt ${header.format === 'jpeg' ? 'JPEG' : 'PNG'} data (${why})`);
    }
}

function decodePixels(format: ImageFormat, bytes: Uint8Array): ByteImage {
    if (format === 'jpeg') {
        const maxResolutionInMP = Math.ceil((MAX_IMAGE_SIDE * MAX_IMAGE_SIDE) / 1e6);
        const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP });
        return { width: img.width, height: img.height, channels: 3, layout: 'hwc', data: img.data };
    }
    // Why: pngjs expands palette, grey and 16-bit images to 8-bit RGBA, so one path fits all.
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const rgba = png.data;
    return { width: png.width, height: png.height, channels: 4, layout: 'hwc', data: rgba };
}
