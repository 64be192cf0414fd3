// The job queue's Redis client (BullMQ, ioredis) is a bundle of its own, dist/queue.js, that the
// extension loads only when `lswag.queue` is used (scripts/build.mjs): the extension's bundle holds
// none of it and requires ./queue.js, which exports the queue's engine. Reads the built dist/.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';

const dist = path.resolve(__dirname, '..', '..', '..', 'dist');
const sources = (bundle: string): string[] =>
    (JSON.parse(readFileSync(path.join(dist, `${bundle}.map`), 'utf8')) as { sources: string[] })
        .sources;
const isQueueClient = (s: string) => /node_modules\/(bullmq|ioredis|@ioredis)\//.test(s);

test('theExtensionBundleLoadsTheQueueClientFromItsOwnBundle', (t) => {
    if (!existsSync(path.join(dist, 'queue.js.map')))
        return t.skip('no dist/queue.js (npm run build makes it; npm test builds first)');
    assert.deepEqual(sources('extension.js').filter(isQueueClient), [], 'none in extension.js');
    assert.ok(sources('queue.js').some((s) => s.includes('node_modules/bullmq/')));
    assert.ok(sources('queue.js').some((s) => s.includes('node_modules/ioredis/')));
    assert.match(
        readFileSync(path.join(dist, 'extension.js'), 'utf8'),
        /require\("\.\/queue\.js"\)/,
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const queue = require(path.join(dist, 'queue.js')) as { QueueEngine?: { connect?: unknown } };
    assert.equal(typeof queue.QueueEngine?.connect, 'function');
});
