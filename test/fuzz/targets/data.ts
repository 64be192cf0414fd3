// Fuzz targets of the data loaders: mutated `.npy` files (with labels), CIFAR binary batches and
// PNG/JPEG images. Loading must succeed or throw DataError / a named Error with a message, in time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError, clearBatchCache, loadBatches } from '../../../src/core/data/batches';
import type { DataRequest } from '../../../src/core/data/dataSource';
import { decodeImage } from '../../../src/core/data/imageDecode';
import type { DataSourceSpec } from '../../../src/protocol/worker';
import type { Rng } from '../../../src/core/util/rng';
import {
    cifarBytes,
    npyBytes,
    numberBytes,
    pngBytes,
    solidJpeg,
} from '../../unit/core/data/fixtures';
import type { FuzzTarget } from '../harness';
import { concat, mutateBytes, mutateText, pick } from '../mutators';

let folder: string | undefined;
const scratch = (name: string) =>
    path.join((folder ??= mkdtempSync(path.join(os.tmpdir(), 'lswag-fuzz-data-'))), name);

const REQUEST: DataRequest = {
    channels: 3,
    height: 4,
    width: 4,
    classes: 10,
    batch: 2,
    batches: 2,
    seed: 0,
    normalization: 'cifar',
};

let arrays: Uint8Array[] | undefined;

function npySeeds(): Uint8Array[] {
    if (arrays) return arrays;
    const values = (n: number) => Array.from({ length: n }, (_, i) => (i % 7) - 3);
    arrays = [
        npyBytes('<f4', [4, 3, 4, 4], numberBytes('f4', values(192))),
        npyBytes('<f8', [2, 3, 4, 4], numberBytes('f8', values(96)), { version: 2 }),
        npyBytes(
            '|u1',
            [5, 3, 2, 2],
            numberBytes(
                'u1',
                values(60).map((v) => v + 3),
            ),
        ),
        npyBytes('<f4', [4, 3, 4, 4], numberBytes('f4', values(192)), { version: 3 }),
    ];
    return arrays;
}
const LABELS = npyBytes('<i8', [4], numberBytes('i8', [1, 2, 3, 4]));

/** Edits the header's text (dtype, shape, order) as well as its bytes. */
function mutateNpy(rng: Rng, bytes: Uint8Array): Uint8Array {
    if (rng.int(2) === 0) return mutateBytes(rng, bytes);
    const headerEnd = bytes.indexOf(0x0a, 10) + 1;
    if (headerEnd <= 0) return mutateBytes(rng, bytes);
    const start = bytes[6] === 1 ? 10 : 12;
    const text = Buffer.from(bytes.subarray(start, headerEnd)).toString('latin1');
    const pieces = [
        '(',
        ')',
        ',',
        "'",
        '99999999999',
        '0',
        '-1',
        '<f4',
        '>f4',
        '|O',
        'True',
        '1e9',
        '2**64',
        ' ',
    ];
    const edited = Buffer.from(mutateText(rng, text, pieces), 'latin1');
    const head = Buffer.from(bytes.subarray(0, start));
    if (start === 10) head.writeUInt16LE(Math.min(edited.length, 0xffff), 8);
    else head.writeUInt32LE(edited.length, 8);
    return concat(head, edited, bytes.subarray(headerEnd));
}

/** loadBatches either gives the asked shape or throws DataError naming the file. */
async function checkLoad(source: DataSourceSpec, files: readonly string[]): Promise<void> {
    clearBatchCache();
    try {
        const b = await loadBatches(source, REQUEST);
        const rows = REQUEST.batch * REQUEST.batches;
        if (b.x.shape.join() !== [rows, 3, 4, 4].join() || b.labels.length !== rows)
            throw new Error(`wrong shape ${b.x.shape}`);
        if (b.labels.some((l) => !Number.isInteger(l) || l < 0 || l >= REQUEST.classes))
            throw new Error(`label out of range: ${b.labels}`);
    } catch (e) {
        if (!(e instanceof DataError)) throw e;
        if (!files.some((f) => e.message.includes(f)))
            throw new Error(`a DataError that names no file: ${e.message}`);
    }
}

export const npyTarget: FuzzTarget<{ data: Uint8Array; labels?: Uint8Array }> = {
    name: 'npy',
    fixed: () => [...npySeeds().map((data) => ({ data })), { data: npySeeds()[0], labels: LABELS }],
    draw: (rng) => {
        const data = mutateNpy(rng, pick(rng, npySeeds()));
        return rng.int(3) === 0 ? { data, labels: mutateNpy(rng, LABELS) } : { data };
    },
    check: async ({ data, labels }) => {
        const file = scratch('x.npy');
        writeFileSync(file, data);
        const labelFile = labels ? scratch('y.npy') : undefined;
        if (labelFile) writeFileSync(labelFile, labels!);
        await checkLoad(
            { kind: 'npy', path: file, ...(labelFile ? { labels: labelFile } : {}) },
            labelFile ? [file, labelFile] : [file],
        );
    },
    describe: ({ data, labels }) =>
        `npy ${data.length} bytes${labels ? `, labels ${labels.length} bytes` : ''}: ${JSON.stringify(Buffer.from(data.subarray(0, 80)).toString('latin1'))}`,
};

export const cifarTarget: FuzzTarget<Uint8Array> = {
    name: 'cifarBinary',
    fixed: () => [cifarBytes([[1], [2], [3], [4]]), new Uint8Array(0)],
    draw: (rng) => mutateBytes(rng, cifarBytes([[1], [9], [3], [4], [0]])),
    check: async (bytes) => {
        const dir = scratch('cifar');
        const file = path.join(dir, 'data_batch_1.bin');
        await import('node:fs').then((fs) => fs.mkdirSync(dir, { recursive: true }));
        writeFileSync(file, bytes);
        await checkLoad({ kind: 'cifar', path: dir }, [dir]);
    },
    describe: (bytes) => `${bytes.length} bytes`,
};

let images: Uint8Array[] | undefined;

/** Why cached: jpeg-js spends ~200 ms setting up its encoder per call. */
function imageSeeds(): Uint8Array[] {
    if (images) return images;
    const rgba = Array.from({ length: 4 * 4 * 4 }, (_, i) => (i * 37) % 256);
    images = [
        pngBytes(4, 4, rgba),
        pngBytes(4, 4, rgba, 0),
        pngBytes(4, 4, rgba, 6),
        solidJpeg(8, 8, [200, 10, 30]),
    ];
    return images;
}

export const imageTarget: FuzzTarget<Uint8Array> = {
    name: 'image',
    fixed: imageSeeds,
    draw: (rng) => mutateBytes(rng, pick(rng, imageSeeds())),
    check: (bytes) => {
        try {
            const img = decodeImage(bytes, '/p/img.png');
            if (img.data.length < img.width * img.height * img.channels)
                throw new Error(`short pixel buffer for ${img.width}x${img.height}`);
        } catch (e) {
            // The contract: DataError over the size limits, a plain Error naming the problem otherwise.
            if (!(e instanceof Error) || e.message.length === 0)
                throw new Error(`threw a non-Error or an empty message: ${String(e)}`);
            if (e.constructor !== Error && !(e instanceof DataError)) throw e;
        }
    },
    describe: (bytes) => `${bytes.length} bytes`,
};
