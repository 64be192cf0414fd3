// Image folders: exact pixels after decode/resize/normalise, labels from class folders or file-name
// prefixes, grey/alpha handling, and the errors and warnings that name the offending file.
import assert from 'node:assert/strict';
import { truncateSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadBatches, type DataRequest } from '../../../../src/core/data/batches';
import { floats, pngBytes, put, row, solidJpeg, taggedPng, tempDir } from './fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);

const f = Math.fround;

function load(folder: string, over: Partial<DataRequest> = {}) {
    const req: DataRequest = {
        channels: 3,
        height: 4,
        width: 4,
        classes: 10,
        batch: 1,
        batches: 1,
        seed: 0,
        normalization: 'none',
        ...over,
    };
    return loadBatches({ kind: 'images', path: folder }, req);
}

/** Red channel of each row, back in bytes (normalisation 'none'). */
async function redTags(folder: string, over: Partial<DataRequest>) {
    const b = await load(folder, over);
    return { ...b, tags: b.labels.map((_, r) => Math.round(row(b.x, r)[0] * 255)) };
}

describe('image folder', () => {
    it('twoByTwoPngIsResizedAndNormalisedExactly', async () => {
        // Pixels (row-major): (0,0) (255,0,0); (0,1) (0,255,0); (1,0) (0,0,255); (1,1) (51,102,153).
        const rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 51, 102, 153, 255];
        const folder = path.join(dir, 'exact');
        put(path.join(folder, 'cls', 'img.png'), pngBytes(2, 2, rgba));
        const b = await load(folder, { normalization: 'cifar' });
        // 2 -> 4 with half-pixel centres: output d reads source d/2 - 0.25, clamped to [0, 1].
        const w = [0, 0.25, 0.75, 1];
        const mean = [0.4914, 0.4822, 0.4465];
        const std = [0.247, 0.2435, 0.2616];
        const expected: number[] = [];
        for (let c = 0; c < 3; c++) {
            const [p00, p01, p10, p11] = [0, 1, 2, 3].map((p) => f(rgba[p * 4 + c] / 255));
            for (const wy of w) {
                for (const wx of w) {
                    const top = (1 - wx) * p00 + wx * p01;
                    const bottom = (1 - wx) * p10 + wx * p11;
                    expected.push(f((f((1 - wy) * top + wy * bottom) - mean[c]) / std[c]));
                }
            }
        }
        assert.deepEqual(Array.from(floats(b.x)), expected);
        assert.deepEqual(b.x.shape, [1, 3, 4, 4]);
        assert.equal(floats(b.x)[0], f((1 - 0.4914) / 0.247)); // Top-left red is exactly the source pixel.
    });

    it('labelsAreSortedClassFolderIndices', async () => {
        const folder = path.join(dir, 'classes');
        ['b_dog', 'a_cat', 'c_eel'].forEach((cls, i) => {
            for (let k = 0; k < 2; k++)
                put(path.join(folder, cls, `${k}.png`), taggedPng(10 * i + k));
        });
        const { labels, tags, warnings } = await redTags(folder, { batch: 6 });
        // Folder b_dog (tags 0, 1) sorts second, a_cat (10, 11) first, c_eel (20, 21) third.
        const classOfTag = new Map([
            [0, 1],
            [1, 1],
            [10, 0],
            [11, 0],
            [20, 2],
            [21, 2],
        ]);
        assert.deepEqual(
            labels,
            tags.map((t) => classOfTag.get(t)),
        );
        assert.deepEqual(
            [...tags].sort((a, b) => a - b),
            [0, 1, 10, 11, 20, 21],
        );
        assert.deepEqual(warnings, []);
    });

    it('moreClassFoldersThanModelClassesWrapsLabelsWithAWarning', async () => {
        const folder = path.join(dir, 'wrap');
        ['a', 'b', 'c'].forEach((cls, i) => put(path.join(folder, cls, 'x.png'), taggedPng(i)));
        const { labels, tags, warnings } = await redTags(folder, { batch: 3, classes: 2 });
        assert.deepEqual(
            labels,
            tags.map((t) => t % 2),
        );
        assert.match(warnings.join('\n'), /3 classes but the model has 2; labels are taken mod 2/);
    });

    it('flatFolderTakesLabelsFromSortedFileNamePrefixes', async () => {
        const folder = path.join(dir, 'flat');
        put(path.join(folder, 'n02_b.png'), taggedPng(2));
        put(path.join(folder, 'n01_a.png'), taggedPng(1));
        put(path.join(folder, 'n01_c.PNG'), taggedPng(3));
        put(path.join(folder, 'README.txt'), 'not an image');
        const { labels, tags, warnings, description } = await redTags(folder, { batch: 3 });
        assert.deepEqual(
            labels,
            tags.map((t) => (t === 2 ? 1 : 0)),
        );
        assert.deepEqual(warnings, []);
        assert.match(description, /3 images, 2 classes from file-name prefixes/);
    });

    it('flatFolderWithoutPrefixesLabelsEverythingZeroWithAWarning', async () => {
        const folder = path.join(dir, 'flatNoPrefix');
        put(path.join(folder, 'a_1.png'), taggedPng(1));
        put(path.join(folder, 'plain.png'), taggedPng(2));
        const b = await load(folder, { batch: 2 });
        assert.deepEqual(b.labels, [0, 0]);
        assert.match(
            b.warnings.join('\n'),
            /not every file name has a '<class>_' prefix; all labels are 0/,
        );
    });

    it('greyPngBecomesThreeEqualChannelsAndAlphaIsDropped', async () => {
        const folder = path.join(dir, 'modes');
        put(path.join(folder, 'c', 'grey.png'), pngBytes(1, 1, [77, 77, 77, 255], 0));
        const grey = await load(folder, { height: 1, width: 1 });
        assert.deepEqual(
            Array.from(floats(grey.x)),
            [77, 77, 77].map((v) => f(v / 255)),
        );
        put(path.join(folder, 'c', 'grey.png'), pngBytes(1, 1, [10, 20, 30, 0], 6));
        const rgba = await load(folder, { height: 1, width: 1, seed: 1 });
        assert.deepEqual(
            Array.from(floats(rgba.x)),
            [10, 20, 30].map((v) => f(v / 255)),
        );
    });

    it('decodesJpegToTheEncodedColour', async () => {
        const folder = path.join(dir, 'jpeg');
        put(path.join(folder, 'c', 'solid.jpg'), solidJpeg(8, 8, [200, 100, 50]));
        const b = await load(folder, { height: 2, width: 2 });
        const pixels = Array.from(floats(b.x), (v) => v * 255);
        [200, 100, 50].forEach((v, c) =>
            pixels
                .slice(c * 4, c * 4 + 4)
                .forEach((p) => assert.ok(Math.abs(p - v) <= 3, `${p} vs ${v}`)),
        );
    });

    it('skipsUnreadableFilesWithAWarningNamingThem', async () => {
        const folder = path.join(dir, 'partlyBad');
        put(path.join(folder, 'c', 'good1.png'), taggedPng(1));
        put(path.join(folder, 'c', 'good2.png'), taggedPng(2));
        const bad = put(path.join(folder, 'c', 'bad.png'), 'garbage');
        const { tags, warnings } = await redTags(folder, { batch: 2, batches: 2 });
        assert.deepEqual([...tags.slice(0, 2)].sort(), [1, 2]);
        assert.ok(
            warnings.some((w) => w.includes(`Skipped unreadable image ${bad}`)),
            warnings.join('\n'),
        );
        assert.ok(
            warnings.some((w) => /2 readable samples for 4 rows/.test(w)),
            warnings.join('\n'),
        );
    });

    it('errorsWhenNoImageIsReadableNamingTheFolder', async () => {
        const folder = path.join(dir, 'allBad');
        put(path.join(folder, 'c', 'bad.jpg'), 'garbage');
        await assert.rejects(load(folder), new RegExp(`${folder}.*no readable sample`));
        const empty = path.join(dir, 'empty');
        put(path.join(empty, 'notes.txt'), 'no images');
        await assert.rejects(load(empty), new RegExp(`${empty}: no images found`));
        await assert.rejects(
            load(path.join(dir, 'missing')),
            /missing: cannot read the image folder/,
        );
    });

    it('refusesHugeImageDimensionsNamingTheFile', async () => {
        // A PNG signature and IHDR claiming 20000x2: refused from the header, before decoding.
        const header = Buffer.alloc(33);
        header.set([
            0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
        ]);
        header.writeUInt32BE(20000, 16);
        header.writeUInt32BE(2, 20);
        const file = put(path.join(dir, 'huge', 'c', 'huge.png'), header);
        await assert.rejects(load(path.join(dir, 'huge')), (e: Error) => {
            assert.ok(e.message.includes(file) && /20000x2 px.*16384/.test(e.message), e.message);
            return true;
        });
    });

    it('refusesFilesOver50MBNamingTheFile', async () => {
        const file = put(path.join(dir, 'big', 'c', 'big.png'), '');
        truncateSync(file, 51 * 1024 * 1024); // Sparse: no real 51 MB written.
        await assert.rejects(
            load(path.join(dir, 'big')),
            (e: Error) => e.message.includes(file) && /over 50 MB/.test(e.message),
        );
    });

    it('refusesModelsThatDoNotTakeRgb', async () => {
        await assert.rejects(
            load(path.join(dir, 'exact'), { channels: 1 }),
            /RGB images \(3 channels\) but the model expects 1/,
        );
    });
});
