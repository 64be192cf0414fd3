// loadBatches: seeded sampling without replacement, determinism, reuse when a source runs short,
// the synthetic default, the cache and request validation.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { clearBatchCache, loadBatches, type DataRequest } from '../../../../src/core/data/batches';
import type { DataSourceSpec } from '../../../../src/protocol/worker';
import { floats, put, row, taggedPng, tempDir } from './fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);

const request = (over: Partial<DataRequest> = {}): DataRequest => ({
    channels: 3,
    height: 4,
    width: 4,
    classes: 10,
    batch: 4,
    batches: 2,
    seed: 0,
    normalization: 'none',
    ...over,
});

/** A class-folder dataset of `n` tagged images (tag = index, 2 classes). */
function folderOf(name: string, n: number): DataSourceSpec {
    const folder = path.join(dir, name);
    for (let i = 0; i < n; i++) put(path.join(folder, `class${i % 2}`, `${i}.png`), taggedPng(i));
    return { kind: 'images', path: folder };
}

async function tagsOf(source: DataSourceSpec, over: Partial<DataRequest>) {
    const b = await loadBatches(source, request(over));
    return { ...b, tags: b.labels.map((_, r) => Math.round(row(b.x, r)[0] * 255)) };
}

const twelve = folderOf('twelve', 12);
const five = folderOf('five', 5);

describe('loadBatches', () => {
    it('samplesWithoutReplacementWhenTheSourceIsLargeEnough', async () => {
        const all = await tagsOf(twelve, { batch: 6, batches: 2 });
        assert.deepEqual(
            [...all.tags].sort((a, b) => a - b),
            [...Array(12).keys()],
        );
        assert.deepEqual(
            all.labels,
            all.tags.map((t) => t % 2),
        );
        const some = await tagsOf(twelve, { batch: 5, batches: 1 });
        assert.equal(new Set(some.tags).size, 5);
        assert.deepEqual(all.warnings, []);
    });

    it('isDeterministicAcrossCallsAndCacheClears', async () => {
        const a = await loadBatches(twelve, request());
        clearBatchCache();
        const b = await loadBatches(twelve, request());
        assert.deepEqual(Buffer.from(floats(a.x).buffer), Buffer.from(floats(b.x).buffer));
        assert.deepEqual(a.labels, b.labels);
    });

    it('differentSeedsPickDifferentRows', async () => {
        const a = await tagsOf(twelve, { seed: 1 });
        const b = await tagsOf(twelve, { seed: 2 });
        assert.notDeepEqual(a.tags, b.tags);
    });

    it('batchOneDoesNotDependOnTheNumberOfBatches', async () => {
        const one = await tagsOf(twelve, { batches: 1 });
        const three = await tagsOf(twelve, { batches: 3 });
        assert.deepEqual(three.tags.slice(0, 4), one.tags);
    });

    it('reusesSamplesEvenlyAndNeverTwiceInABatchWhenTheSourceRunsShort', async () => {
        const b = await tagsOf(five, { batch: 4, batches: 3 });
        for (let i = 0; i < 3; i++)
            assert.equal(new Set(b.tags.slice(i * 4, i * 4 + 4)).size, 4, `batch ${i}: ${b.tags}`);
        const uses = [0, 1, 2, 3, 4].map((t) => b.tags.filter((x) => x === t).length);
        assert.ok(
            uses.every((u) => u === 2 || u === 3),
            `uses ${uses}`,
        );
        assert.deepEqual(
            b.labels,
            b.tags.map((t) => t % 2),
        );
        assert.match(b.warnings.join('\n'), /5 readable samples for 12 rows \(N=3 x B=4\)/);
    });

    it('repeatsInsideABatchOnlyWhenTheSourceIsSmallerThanB', async () => {
        const b = await tagsOf(five, { batch: 7, batches: 1 });
        assert.deepEqual([...new Set(b.tags)].sort(), [0, 1, 2, 3, 4]);
        assert.equal(b.tags.length, 7);
    });

    it('syntheticIsSeededStandardNormalWithLabelsInRange', async () => {
        const req = request({ batch: 8, batches: 2, height: 8, width: 8, classes: 3 });
        const a = await loadBatches({ kind: 'synthetic' }, req);
        const data = Array.from(floats(a.x));
        const mean = data.reduce((s, v) => s + v, 0) / data.length;
        const std = Math.sqrt(data.reduce((s, v) => s + (v - mean) ** 2, 0) / data.length);
        assert.deepEqual(a.x.shape, [16, 3, 8, 8]);
        assert.ok(Math.abs(mean) < 0.05 && Math.abs(std - 1) < 0.05, `mean ${mean} std ${std}`);
        assert.ok(
            a.labels.length === 16 && a.labels.every((l) => Number.isInteger(l) && l >= 0 && l < 3),
        );
        assert.equal(new Set(a.labels).size, 3);
        clearBatchCache();
        assert.deepEqual(await loadBatches({ kind: 'synthetic' }, req), a);
        const other = await loadBatches({ kind: 'synthetic' }, { ...req, seed: 1 });
        assert.notDeepEqual(floats(other.x), floats(a.x));
    });

    it('syntheticBatchOneDoesNotDependOnTheNumberOfBatches', async () => {
        const one = await loadBatches({ kind: 'synthetic' }, request({ batches: 1 }));
        const three = await loadBatches({ kind: 'synthetic' }, request({ batches: 3 }));
        assert.deepEqual(floats(three.x).subarray(0, floats(one.x).length), floats(one.x));
        assert.deepEqual(three.labels.slice(0, 4), one.labels);
    });

    it('returnsCopiesSoCallersCannotCorruptTheCache', async () => {
        const a = await loadBatches(twelve, request({ seed: 5 }));
        const before = Array.from(floats(a.x));
        const labels = [...a.labels];
        floats(a.x).fill(42);
        a.labels.fill(9);
        const b = await loadBatches(twelve, request({ seed: 5 }));
        assert.deepEqual(Array.from(floats(b.x)), before);
        assert.deepEqual(b.labels, labels);
    });

    it('reloadsWhenTheFolderChanges', async () => {
        const source = folderOf('growing', 4);
        const before = await loadBatches(source, request());
        put(path.join(dir, 'growing', 'class2', 'new.png'), taggedPng(99));
        const after = await loadBatches(source, request());
        assert.match(before.description, /4 images in 2 class folders/);
        assert.match(after.description, /5 images in 3 class folders/);
    });

    it('rejectsInvalidRequests', async () => {
        const synthetic: DataSourceSpec = { kind: 'synthetic' };
        await assert.rejects(
            loadBatches(synthetic, request({ batch: 0 })),
            /batch must be a positive integer, not 0/,
        );
        await assert.rejects(
            loadBatches(synthetic, request({ height: 2.5 })),
            /height must be a positive integer/,
        );
        await assert.rejects(
            loadBatches(synthetic, request({ seed: 0.5 })),
            /seed must be an integer/,
        );
        await assert.rejects(
            loadBatches(synthetic, request({ batch: 4096, batches: 4, height: 224, width: 224 })),
            /over the 2 GiB limit/,
        );
        await assert.rejects(
            loadBatches(
                synthetic,
                request({ normalization: 'zca' as DataRequest['normalization'] }),
            ),
            /unknown normalization 'zca'/,
        );
    });
});
