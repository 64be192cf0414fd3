// Pixels to model input: bilinear resize (half-pixel centres, no antialias) and per-channel
// normalisation, written as C×H×W float32 rows.
import { DataError, NORMALIZATION, type DataRequest } from './dataSource';

/** A decoded 8-bit image; `hwc` is interleaved (decoders), `chw` is planar (CIFAR, npy). */
export interface ByteImage {
    readonly width: number;
    readonly height: number;
    readonly channels: number;
    readonly layout: 'hwc' | 'chw';
    readonly data: Uint8Array;
}

interface AxisTable {
    readonly i0: Int32Array;
    readonly i1: Int32Array;
    readonly w1: Float64Array;
}

/**
 * Neighbours and weights along one axis, as PyTorch's `interpolate(mode='bilinear',
 * align_corners=False, antialias=False)`: src = max((dst + 0.5) * in/out - 0.5, 0).
 */
function axisTable(inSize: number, outSize: number): AxisTable {
    const scale = inSize / outSize;
    const i0 = new Int32Array(outSize);
    const i1 = new Int32Array(outSize);
    const w1 = new Float64Array(outSize);
    for (let d = 0; d < outSize; d++) {
        const src = Math.max((d + 0.5) * scale - 0.5, 0);
        const lo = Math.min(Math.floor(src), inSize - 1);
        i0[d] = lo;
        i1[d] = Math.min(lo + 1, inSize - 1);
        w1[d] = src - lo;
    }
    return { i0, i1, w1 };
}

/**
 * Resizes one inH×inW plane at `src[srcOffset..]` into an outH×outW plane at `dst[dstOffset..]`.
 * Why: no antialias filter, so strong downscaling aliases (torchvision's PIL path would blur first);
 * for ranking architectures at initialisation this does not matter and it keeps the code small.
 */
export function resizeBilinear(
    src: ArrayLike<number>,
    srcOffset: number,
    inH: number,
    inW: number,
    dst: Float32Array,
    dstOffset: number,
    outH: number,
    outW: number,
): void {
    if (inH === outH && inW === outW) {
        for (let i = 0; i < outH * outW; i++) dst[dstOffset + i] = src[srcOffset + i];
        return;
    }
    const rows = axisTable(inH, outH);
    const cols = axisTable(inW, outW);
    for (let y = 0; y < outH; y++) {
        const r0 = srcOffset + rows.i0[y] * inW;
        const r1 = srcOffset + rows.i1[y] * inW;
        const wy = rows.w1[y];
        const o = dstOffset + y * outW;
        for (let x = 0; x < outW; x++) {
            const c0 = cols.i0[x];
            const c1 = cols.i1[x];
            const wx = cols.w1[x];
            const top = (1 - wx) * src[r0 + c0] + wx * src[r0 + c1];
            const bottom = (1 - wx) * src[r1 + c0] + wx * src[r1 + c1];
            dst[o + x] = (1 - wy) * top + wy * bottom;
        }
    }
}

/** Mean and std per channel for the request's normalisation ([0, 1] kept for 'none'). */
export function channelStats(req: DataRequest, what: string): { mean: number[]; std: number[] } {
    if (req.normalization === 'none') {
        return { mean: new Array(req.channels).fill(0), std: new Array(req.channels).fill(1) };
    }
    const preset = NORMALIZATION[req.normalization];
    if (preset.mean.length !== req.channels) {
        throw new DataError(
            `${what}: '${req.normalization}' normalisation is for 3 channels, the model has ${req.channels}; ` +
                `use normalization 'none'.`,
        );
    }
    return { mean: [...preset.mean], std: [...preset.std] };
}

/**
 * Writes an 8-bit image as a request-sized C×H×W row at `out[offset..]`: bytes / 255, bilinear
 * resize, then (v - mean) / std per channel. Uses the image's first `req.channels` channels.
 */
export function writeImage(
    img: ByteImage,
    req: DataRequest,
    stats: { mean: readonly number[]; std: readonly number[] },
    out: Float32Array,
    offset: number,
): void {
    const { width: w, height: h, channels } = img;
    const plane = new Float32Array(w * h);
    const outPlane = req.height * req.width;
    for (let c = 0; c < req.channels; c++) {
        if (img.layout === 'chw') {
            const base = c * w * h;
            for (let i = 0; i < w * h; i++) plane[i] = img.data[base + i] / 255;
        } else {
            for (let i = 0; i < w * h; i++) plane[i] = img.data[i * channels + c] / 255;
        }
        writePlane(plane, h, w, req, stats.mean[c], stats.std[c], out, offset + c * outPlane);
    }
}

/** Resizes one float plane to the request and normalises it: (v - mean) / std. */
export function writePlane(
    plane: ArrayLike<number>,
    inH: number,
    inW: number,
    req: DataRequest,
    mean: number,
    std: number,
    out: Float32Array,
    offset: number,
): void {
    resizeBilinear(plane, 0, inH, inW, out, offset, req.height, req.width);
    if (mean === 0 && std === 1) return;
    const end = offset + req.height * req.width;
    for (let i = offset; i < end; i++) out[i] = (out[i] - mean) / std;
}
