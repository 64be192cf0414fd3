// The batch cache: least-recently-used eviction by entry count and by bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from '../../../../src/core/data/batchCache';

describe('LruCache', () => {
    it('evictsTheLeastRecentlyUsedEntryBeyondMaxEntries', () => {
        const cache = new LruCache<number>(2, 100);
        cache.set('a', 1, 1);
        cache.set('b', 2, 1);
        assert.equal(cache.get('a'), 1); // Now 'b' is the oldest.
        cache.set('c', 3, 1);
        assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [1, undefined, 3]);
    });

    it('evictsUntilTheBytesFitAndSkipsEntriesOverTheBudget', () => {
        const cache = new LruCache<number>(10, 100);
        cache.set('a', 1, 60);
        cache.set('b', 2, 30);
        cache.set('c', 3, 30);
        assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], [undefined, 2, 3]);
        cache.set('huge', 4, 101);
        assert.equal(cache.get('huge'), undefined);
        assert.equal(cache.size, 2);
        cache.set('b', 5, 70); // Replacing an entry frees its old bytes first.
        assert.deepEqual([cache.get('b'), cache.get('c'), cache.size], [5, 3, 2]);
    });
});
