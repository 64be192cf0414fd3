// `.npy` arrays as a data source: (N, C, H, W) float data used as given (or uint8 pixels, scaled
// and normalised like images), labels from an optional 1-D integer `.npy`, else all 0.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { notRegularKind } from '../util/boundedRead';
import { DataError, labelWrapper, type DataRequest, type SampleSource } from './dataSource';
import { isFloatDtype, readNpyElements, readNpyHeader, type NpyHeader } from './npy';
import { channelStats, writeImage, writePlane } from './pixels';

/** Opens `dataPath` (and `labelsPath`) for `req`; the header is validated before any data is read. */
export async function openNpy(
    dataPath: string,
    labelsPath: string | undefined,
    req: DataRequest,
): Promise<SampleSource> {
    const warnings: string[] = [];
    const { handle, header } = await openArray(dataPath);
    try {
        const shape = `(${header.shape.join(', ')})`;
        if (header.shape.length !== 4) {
            throw new DataError(
                `${dataPath}: data must be 4-D (N, C, H, W); its shape is ${shape}.`,
            );
        }
        const [n, c, h, w] = header.shape;
        if (c !== req.channels) {
            throw new DataError(
                `${dataPath}: data has ${c} channels (shape ${shape}); the model expects ${req.channels}.`,
            );
        }
        if (n === 0 || h === 0 || w === 0) {
            throw new DataError(`${dataPath}: data is empty (shape ${shape}).`);
        }
        const isPixels = header.dtype === 'u1';
        if (!isPixels && !isFloatDtype(header.dtype)) {
            throw new DataError(
                `${dataPath}: data dtype ${header.dtype} is not supported; use float32/float64 (used as given) ` +
                    `or uint8 (pixels, scaled to [0, 1] and normalised).`,
            );
        }
        const what = `npy ${dataPath}`;
        const stats = isPixels ? channelStats(req, what) : undefined;
        const raw =
            labelsPath === undefined ? undefined : await readLabels(labelsPath, n, dataPath);
        if (raw === undefined) {
            warnings.push(`${dataPath}: no labels file given; all labels are 0.`);
        }
        const labels = raw ?? new Array<number>(n).fill(0);
        const wrap = labelWrapper(
            labels.reduce((m, v) => Math.max(m, v + 1), 1),
            req,
            what,
            warnings,
        );
        const rowSize = c * h * w;
        const treatment = isPixels ? 'uint8 pixels, normalised' : `${header.dtype} used as given`;
        return {
            count: n,
            description: `${what} (${n} rows of ${c}x${h}x${w}, ${treatment})`,
            warnings,
            async read(index, out, offset) {
                const row = await readNpyElements(handle, header, index * rowSize, rowSize);
                if (stats !== undefined) {
                    const image = { width: w, height: h, channels: c, layout: 'chw' as const };
                    writeImage({ ...image, data: Uint8Array.from(row) }, req, stats, out, offset);
                } else {
                    if (!row.every(Number.isFinite)) {
                        throw new DataError(
                            `${dataPath}: row ${index} has NaN or infinite values.`,
                        );
                    }
                    for (let ch = 0; ch < c; ch++) {
                        const plane = row.subarray(ch * h * w, (ch + 1) * h * w);
                        writePlane(
                            plane,
                            h,
                            w,
                            req,
                            0,
                            1,
                            out,
                            offset + ch * req.height * req.width,
                        );
                    }
                }
                return wrap(labels[index]);
            },
            close: () => handle.close(),
        };
    } catch (e) {
        await handle.close();
        throw e;
    }
}

async function openArray(file: string): Promise<{ handle: FileHandle; header: NpyHeader }> {
    // Why before opening: opening a FIFO blocks until a writer comes; a device has no size.
    const kind = await stat(file).then(notRegularKind, () => undefined);
    if (kind)
        throw new DataError(
            `${file} is ${kind}, not a regular file; a .npy array must be a regular file.`,
        );
    const handle = await open(file, 'r').catch((e: Error) => {
        throw new DataError(`${file}: cannot open the .npy file (${e.message}).`);
    });
    try {
        const { size } = await handle.stat();
        return { handle, header: await readNpyHeader(handle, file, size) };
    } catch (e) {
        await handle.close();
        throw e;
    }
}

/** Reads a 1-D integer label array of exactly `n` entries, all non-negative. */
async function readLabels(file: string, n: number, dataPath: string): Promise<number[]> {
    const { handle, header } = await openArray(file);
    try {
        if (header.shape.length !== 1) {
            throw new DataError(
                `${file}: labels must be 1-D; the shape is (${header.shape.join(', ')}).`,
            );
        }
        if (isFloatDtype(header.dtype)) {
            throw new DataError(`${file}: labels must be integers, not ${header.dtype}.`);
        }
        if (header.shape[0] !== n) {
            throw new DataError(
                `${file}: ${header.shape[0]} labels for the ${n} rows of ${dataPath}.`,
            );
        }
        const values = Array.from(await readNpyElements(handle, header, 0, n));
        const bad = values.findIndex((v) => v < 0 || v > 0x7fffffff);
        if (bad >= 0) {
            throw new DataError(`${file}: label ${values[bad]} at index ${bad} is out of range.`);
        }
        return values;
    } finally {
        await handle.close();
    }
}
