// The .npy reader and source: format versions, dtypes, labels, resizing, and every refusal naming
// the file (Fortran order, big-endian, truncated data, lying headers, wrong shapes).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadBatches, type DataRequest } from '../../../../src/core/data/batches';
import { floats, npyBytes, numberBytes, put, row, tempDir, type NpyOptions } from './fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);

const f = Math.fround;
let fileNo = 0;

/** Writes a .npy fixture and returns its path. */
function npy(descr: string, shape: number[], body: Uint8Array, options?: NpyOptions): string {
    return put(path.join(dir, `a${fileNo++}.npy`), npyBytes(descr, shape, body, options));
}

function load(data: string, labels?: string, over: Partial<DataRequest> = {}) {
    const req: DataRequest = {
        channels: 3,
        height: 2,
        width: 2,
        classes: 10,
        batch: 3,
        batches: 1,
        seed: 0,
        normalization: 'cifar',
        ...over,
    };
    return loadBatches({ kind: 'npy', path: data, labels }, req);
}

const values = Array.from({ length: 36 }, (_, i) => i * 0.5 - 3); // (3, 3, 2, 2)
/** Data row index of a loaded row, from its first value. */
const rowIndex = (x: Parameters<typeof row>[0], r: number) => (row(x, r)[0] + 3) / 6;

describe('npy', () => {
    it('usesFloatDataAsGivenWithInt64Labels', async () => {
        const data = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values));
        const labels = npy('<i8', [3], numberBytes('i8', [2, 0, 1]));
        const b = await load(data, labels);
        const order = b.labels.map((_, r) => rowIndex(b.x, r));
        assert.deepEqual([...order].sort(), [0, 1, 2]);
        order.forEach((i, r) =>
            assert.deepEqual(row(b.x, r), values.slice(i * 12, i * 12 + 12).map(f)),
        );
        assert.deepEqual(
            b.labels,
            order.map((i) => [2, 0, 1][i]),
        );
        assert.deepEqual(b.warnings, []);
    });

    it('readsFormatVersions2And3AndFloat64Alike', async () => {
        const v1 = await load(npy('<f4', [3, 3, 2, 2], numberBytes('f4', values)));
        const v2 = await load(npy('<f8', [3, 3, 2, 2], numberBytes('f8', values), { version: 2 }));
        const v3 = await load(npy('<f4', [3, 3, 2, 2], numberBytes('f4', values), { version: 3 }));
        assert.deepEqual(v2.x, v1.x);
        assert.deepEqual(v3.x, v1.x);
    });

    it('resizesHeightAndWidthBilinearly', async () => {
        const data = npy(
            '<f4',
            [1, 3, 2, 2],
            numberBytes('f4', [0, 4, 8, 12, 0, 0, 0, 0, 1, 1, 1, 1]),
        );
        const b = await load(data, undefined, { batch: 1, height: 4, width: 4 });
        assert.deepEqual(row(b.x, 0).slice(0, 4), [0, 1, 3, 4]);
        assert.deepEqual(row(b.x, 0).slice(32), new Array(16).fill(1));
    });

    it('scalesAndNormalisesUint8Pixels', async () => {
        const data = npy('|u1', [1, 3, 1, 1], numberBytes('u1', [255, 0, 51]));
        const b = await load(data, undefined, {
            batch: 1,
            height: 1,
            width: 1,
            normalization: 'imagenet',
        });
        assert.deepEqual(Array.from(floats(b.x)), [
            f((1 - 0.485) / 0.229),
            f((0 - 0.456) / 0.224),
            f((f(0.2) - 0.406) / 0.225),
        ]);
    });

    it('labelsDefaultToZeroWithAWarningAndAcceptSmallIntegerTypes', async () => {
        const data = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values));
        const none = await load(data);
        assert.deepEqual(none.labels, [0, 0, 0]);
        assert.match(none.warnings.join('\n'), /no labels file given; all labels are 0/);
        const i4 = await load(data, npy('<i4', [3], numberBytes('i4', [4, 5, 6])));
        const u1 = await load(data, npy('|u1', [3], numberBytes('u1', [4, 5, 6])));
        assert.deepEqual(u1.labels, i4.labels);
        assert.deepEqual([...i4.labels].sort(), [4, 5, 6]);
    });

    it('rejectsBadLabelFilesNamingThem', async () => {
        const data = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values));
        const short = npy('<i8', [2], numberBytes('i8', [1, 2]));
        await assert.rejects(
            load(data, short),
            new RegExp(`${short}: 2 labels for the 3 rows of ${data}`),
        );
        const floats = npy('<f4', [3], numberBytes('f4', [1, 2, 3]));
        await assert.rejects(load(data, floats), new RegExp(`${floats}: labels must be integers`));
        const negative = npy('<i4', [3], numberBytes('i4', [1, -2, 3]));
        await assert.rejects(
            load(data, negative),
            new RegExp(`${negative}: label -2 at index 1 is out of range`),
        );
    });

    it('rejectsFortranOrderNamingTheFile', async () => {
        const file = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values), { fortran: true });
        await assert.rejects(load(file), new RegExp(`${file}: .npy array is in Fortran order`));
    });

    it('rejectsBigEndianNamingTheFile', async () => {
        const file = npy('>f4', [3, 3, 2, 2], numberBytes('f4', values));
        await assert.rejects(load(file), new RegExp(`${file}: .npy data is big-endian \\(>f4\\)`));
    });

    it('rejectsTruncatedDataNamingTheFile', async () => {
        const file = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values).subarray(0, 100));
        await assert.rejects(
            load(file),
            new RegExp(
                `${file}: .npy file is truncated: shape \\(3, 3, 2, 2\\) of f4 needs 144 data bytes, the file has 100`,
            ),
        );
    });

    it('rejectsLyingHeadersBeforeAllocating', async () => {
        const huge = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values), {
            shapeText: '(1000000000, 3, 224, 224)',
        });
        await assert.rejects(
            load(huge),
            new RegExp(
                `${huge}: .npy file is truncated: .* needs 602112000000000 data bytes, the file has 144`,
            ),
        );
        const overflow = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values), {
            shapeText: '(4294967296, 4294967296, 1, 1)',
        });
        await assert.rejects(load(overflow), new RegExp(`${overflow}: .npy shape .* is too large`));
        const longHeader = npy('<f4', [3, 3, 2, 2], numberBytes('f4', values));
        const bytes = npyBytes('<f4', [3, 3, 2, 2], numberBytes('f4', values));
        bytes.writeUInt16LE(60000, 8);
        put(longHeader, bytes);
        await assert.rejects(
            load(longHeader),
            new RegExp(`${longHeader}: .npy header claims 60000 bytes but the file has`),
        );
        const notNpy = put(path.join(dir, 'x.npy'), 'hello world');
        await assert.rejects(load(notNpy), new RegExp(`${notNpy}: not a .npy file`));
    });

    it('rejectsWrongShapesAndDtypesNamingTheFile', async () => {
        const flat = npy('<f4', [3, 12], numberBytes('f4', values));
        await assert.rejects(
            load(flat),
            new RegExp(`${flat}: data must be 4-D \\(N, C, H, W\\); its shape is \\(3, 12\\)`),
        );
        const grey = npy('<f4', [12, 1, 1, 3], numberBytes('f4', values));
        await assert.rejects(
            load(grey),
            new RegExp(`${grey}: data has 1 channels .* the model expects 3`),
        );
        const complex = npy('<c8', [3, 3, 2, 2], numberBytes('f4', [...values, ...values]));
        await assert.rejects(load(complex), new RegExp(`${complex}: unsupported .npy dtype '<c8'`));
        const ints = npy('<i4', [3, 3, 2, 2], numberBytes('i4', values.map(Math.round)));
        await assert.rejects(load(ints), new RegExp(`${ints}: data dtype i4 is not supported`));
        const nan = npy(
            '<f4',
            [3, 3, 2, 2],
            numberBytes(
                'f4',
                values.map((v, i) => (i === 13 ? NaN : v)),
            ),
        );
        await assert.rejects(load(nan), new RegExp(`${nan}: row 1 has NaN or infinite values`));
    });
});
