// Hostile data paths (issue 20): a FIFO or a device named as --data or --labels is refused when the
// option is read; inside the worker's readers a FIFO .npy or CIFAR file is a DataError at once (never
// a blocked open), and a FIFO among the images of a folder is skipped with a warning.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { type DataRequest, loadBatches } from '../../../src/core/data/batches';
import { DataError } from '../../../src/core/data/dataSource';
import { resolveDataSource } from '../../../src/host/dataSource';
import { UserInputError } from '../../../src/host/errors';
import { pngBytes, put, tempDir } from '../core/data/fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);
const fifo = (name: string) => {
    const file = path.join(dir, name);
    execFileSync('mkfifo', [file]);
    return file;
};
const req: DataRequest = {
    channels: 3,
    height: 4,
    width: 4,
    classes: 10,
    batch: 1,
    batches: 1,
    seed: 0,
    normalization: 'none',
};
const how = { baseDir: dir, label: '--data', labelsLabel: '--labels' };

test('aFifoOrADeviceAsDataOrLabelsIsRefusedWhenTheOptionIsRead', () => {
    const pipe = fifo('x.npy');
    assert.throws(
        () => resolveDataSource({ data: pipe }, how),
        (e: Error) =>
            e instanceof UserInputError &&
            /--data: '.*x\.npy' is a FIFO \(named pipe\); data must be a regular file or a folder/.test(
                e.message,
            ),
    );
    assert.throws(
        () => resolveDataSource({ data: '/dev/zero' }, how),
        (e: Error) => e instanceof UserInputError && /is a device/.test(e.message),
    );
    put(path.join(dir, 'real.npy'), 'not read here');
    const labels = fifo('labels.npy');
    assert.throws(
        () => resolveDataSource({ data: 'real.npy', labels }, how),
        (e: Error) =>
            e instanceof UserInputError &&
            /--labels: .* is a FIFO \(named pipe\); labels must be a regular \.npy file/.test(
                e.message,
            ),
    );
});

test('theWorkersReadersRefuseFifosWithoutBlocking', async () => {
    const started = Date.now();
    await assert.rejects(
        loadBatches({ kind: 'npy', path: fifo('w.npy') }, req),
        (e: Error) =>
            e instanceof DataError &&
            /is a FIFO \(named pipe\), not a regular file/.test(e.message),
    );
    await assert.rejects(
        loadBatches({ kind: 'cifar', path: fifo('data_batch_1.bin') }, req),
        (e: Error) =>
            e instanceof DataError &&
            /is a FIFO \(named pipe\), not a regular file/.test(e.message),
    );
    await assert.rejects(
        loadBatches({ kind: 'cifar', path: '/dev/zero' }, req),
        (e: Error) => e instanceof DataError && /is a device/.test(e.message),
    );
    assert.ok(Date.now() - started < 5000, 'no blocked open');
});

test('aFifoAmongImagesIsSkippedWithAWarning', async () => {
    const folder = path.join(dir, 'images');
    put(path.join(folder, 'cls', 'a.png'), pngBytes(1, 1, [10, 20, 30, 255]));
    mkdirSync(path.join(folder, 'cls'), { recursive: true });
    execFileSync('mkfifo', [path.join(folder, 'cls', 'b.png')]);
    put(path.join(folder, 'cls', 'c.png'), pngBytes(1, 1, [40, 50, 60, 255]));
    // Why batch 3: every file is drawn, so the FIFO is opened (and refused) for sure.
    const started = Date.now();
    const b = await loadBatches({ kind: 'images', path: folder }, { ...req, batch: 3 });
    assert.ok(Date.now() - started < 5000, 'no blocked open');
    assert.equal(b.labels.length, 3);
    assert.match(b.warnings.join('\n'), /b\.png/);
});
