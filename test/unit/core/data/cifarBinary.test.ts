// CIFAR binary batches: record layout, variant detection by size and name, resizing, and errors.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadBatches, type DataRequest } from '../../../../src/core/data/batches';
import { cifarBytes, put, row, tempDir } from './fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);

const f = Math.fround;
const tenLabels = [[3], [0], [9], [1], [5]];
const c10 = put(path.join(dir, 'c10', 'data_batch_1.bin'), cifarBytes(tenLabels));

function load(p: string, over: Partial<DataRequest> = {}) {
    const req: DataRequest = {
        channels: 3,
        height: 32,
        width: 32,
        classes: 10,
        batch: 5,
        batches: 1,
        seed: 0,
        normalization: 'none',
        ...over,
    };
    return loadBatches({ kind: 'cifar', path: p }, req);
}

/** Which record (0..4) a row came from: pixel 0 of record r is (r * 31) % 256. */
const recordOf = (x: Parameters<typeof row>[0], r: number) => Math.round(row(x, r)[0] * 255) / 31;

describe('CIFAR binary', () => {
    it('readsLabelsAndChannelPlanarPixelsOfEveryRecord', async () => {
        const b = await load(c10);
        assert.deepEqual(b.x.shape, [5, 3, 32, 32]);
        const records = b.labels.map((_, r) => recordOf(b.x, r));
        assert.deepEqual([...records].sort(), [0, 1, 2, 3, 4]);
        assert.deepEqual(
            b.labels,
            records.map((r) => tenLabels[r][0]),
        );
        const first = records.indexOf(2);
        assert.deepEqual(
            row(b.x, first).slice(1024, 1027),
            [1024, 1025, 1026].map((k) => f(((2 * 31 + k) % 256) / 255)),
        );
        assert.match(b.description, /CIFAR-10 binary .* \(5 records in 1 file\)/);
    });

    it('acceptsTheFolderAndResizesToSixteen', async () => {
        const full = await load(path.join(dir, 'c10'));
        const small = await load(path.join(dir, 'c10'), { height: 16, width: 16 });
        assert.deepEqual(small.x.shape, [5, 3, 16, 16]);
        assert.deepEqual(small.labels, full.labels); // Same seed and size: same records in the same order.
        // 32 -> 16 reads source 2d + 0.5: output (0, 0) is the mean of pixels 0, 1, 32 and 33.
        const r = recordOf(full.x, 0);
        const p = (k: number) => ((r * 31 + k) % 256) / 255;
        assert.ok(Math.abs(row(small.x, 0)[0] - (p(0) + p(1) + p(32) + p(33)) / 4) < 1e-6);
    });

    it('usesTheFineLabelOfCifar100', async () => {
        const file = put(
            path.join(dir, 'c100', 'train.bin'),
            cifarBytes([
                [4, 71],
                [4, 2],
                [19, 99],
            ]),
        );
        const b = await load(file, { batch: 3, classes: 100 });
        const records = b.labels.map((_, r) => recordOf(b.x, r));
        assert.deepEqual(
            b.labels,
            records.map((r) => [71, 2, 99][r]),
        );
        const wrapped = await load(file, { batch: 3, classes: 10 });
        assert.deepEqual(
            wrapped.labels,
            b.labels.map((l) => l % 10),
        );
        assert.match(
            wrapped.warnings.join('\n'),
            /CIFAR-100 .* has 100 classes but the model has 10/,
        );
    });

    it('detectsTheVariantBySizeWhenTheNameIsUnknown', async () => {
        const file = put(
            path.join(dir, 'renamed.dat'),
            cifarBytes([
                [1, 7],
                [2, 8],
            ]),
        );
        const b = await load(file, { batch: 2, classes: 100 });
        assert.deepEqual([...b.labels].sort(), [7, 8]);
    });

    it('rejectsASizeThatIsNeitherRecordSizeNamingTheFile', async () => {
        const file = put(path.join(dir, 'bad', 'data_batch_1.bin'), Buffer.alloc(3073 * 2 + 5));
        await assert.rejects(load(file), (e: Error) => {
            assert.ok(
                e.message.startsWith(
                    `${file}: 6151 bytes is not a whole number of CIFAR-10 records (3073`,
                ),
                e.message,
            );
            assert.match(e.message, /CIFAR-100 records \(3074/);
            return true;
        });
    });

    it('rejectsOutOfRangeLabelsAndFoldersWithoutBatches', async () => {
        const file = put(path.join(dir, 'badLabel', 'test_batch.bin'), cifarBytes([[12]]));
        await assert.rejects(
            load(file, { batch: 1 }),
            new RegExp(`${file}: record 0 has label 12; CIFAR-10 labels are 0..9`),
        );
        const empty = path.join(dir, 'noBatches');
        put(path.join(empty, 'readme.txt'), 'x');
        await assert.rejects(load(empty), new RegExp(`${empty}: no CIFAR binary files`));
    });

    it('samplesWithoutReplacementAcrossFiles', async () => {
        const folder = path.join(dir, 'two');
        put(path.join(folder, 'data_batch_1.bin'), cifarBytes([[0], [1], [2]]));
        put(path.join(folder, 'data_batch_2.bin'), cifarBytes([[3], [4], [5], [6]]));
        const b = await load(folder, { batch: 7 });
        assert.deepEqual([...b.labels].sort(), [0, 1, 2, 3, 4, 5, 6]);
        assert.deepEqual(b.warnings, []);
    });
});
