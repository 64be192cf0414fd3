// Data batches for scoring: validates the request, dispatches to the source, samples N*B rows and
// caches the result. Same source, request and files on disk give identical bytes.
import type { DataSourceSpec } from '../spec/scoreOptions';
import { fingerprint, LruCache } from './batchCache';
import { openCifarBinary } from './cifarBinary';
import { DataError, type DataBatches, type DataRequest, type SampleSource } from './dataSource';
import { openImageFolder } from './imageFolder';
import { openNpy } from './npySource';
import { sampleBatches } from './sampling';
import { syntheticBatches } from './synthetic';

export { DataError, NORMALIZATION, type DataBatches, type DataRequest } from './dataSource';

const cache = new LruCache<DataBatches>(4, 2 ** 30);

/** Requests for more input than this are refused rather than allocated. */
export const MAX_BATCH_BYTES = 2 ** 31;

/**
 * Loads N mini-batches of B rows for `req` from `source`: float32 [N*B, C, H, W] and N*B labels in
 * [0, classes). Rows are a seeded sample without replacement where the source is large enough.
 * Throws DataError (naming the file) for data that cannot be used. The result is a fresh copy.
 */
export async function loadBatches(source: DataSourceSpec, req: DataRequest): Promise<DataBatches> {
    validateRequest(req);
    const key = await cacheKey(source, req);
    let batches = cache.get(key);
    if (batches === undefined) {
        batches =
            source.kind === 'synthetic'
                ? syntheticBatches(req)
                : await sampleBatches(await open(source, req), req);
        cache.set(key, batches, batches.x.data.byteLength);
    }
    return {
        x: {
            dtype: 'float32',
            shape: [...batches.x.shape],
            data: (batches.x.data as Float32Array).slice(),
        },
        labels: [...batches.labels],
        description: batches.description,
        warnings: [...batches.warnings],
    };
}

/** Forgets every cached load (for example after the data files changed in place). */
export function clearBatchCache(): void {
    cache.clear();
}

function open(
    source: Exclude<DataSourceSpec, { kind: 'synthetic' }>,
    req: DataRequest,
): Promise<SampleSource> {
    switch (source.kind) {
        case 'images':
            return openImageFolder(source.path, req);
        case 'cifar':
            return openCifarBinary(source.path, req);
        case 'npy':
            return openNpy(source.path, source.labels, req);
    }
}

async function cacheKey(source: DataSourceSpec, req: DataRequest): Promise<string> {
    const r = [
        req.channels,
        req.height,
        req.width,
        req.classes,
        req.batch,
        req.batches,
        req.seed,
        req.normalization,
    ];
    if (source.kind === 'synthetic') return JSON.stringify(['synthetic', r]);
    const labels = source.kind === 'npy' ? source.labels : undefined;
    const files = [
        await fingerprint(source.path),
        labels === undefined ? '' : await fingerprint(labels),
    ];
    return JSON.stringify([source.kind, source.path, labels ?? null, files, r]);
}

function validateRequest(req: DataRequest): void {
    const sizes = {
        channels: req.channels,
        height: req.height,
        width: req.width,
        classes: req.classes,
        batch: req.batch,
        batches: req.batches,
    };
    for (const [name, value] of Object.entries(sizes)) {
        if (!Number.isSafeInteger(value) || value < 1) {
            throw new DataError(`Data request: ${name} must be a positive integer, not ${value}.`);
        }
    }
    const bytes = 4 * req.batches * req.batch * req.channels * req.height * req.width;
    if (bytes > MAX_BATCH_BYTES) {
        throw new DataError(
            `Data request: ${bytes} bytes of input (N*B*C*H*W float32) is over the 2 GiB limit.`,
        );
    }
    if (!Number.isSafeInteger(req.seed)) {
        throw new DataError(`Data request: seed must be an integer, not ${req.seed}.`);
    }
    if (!['cifar', 'imagenet', 'none'].includes(req.normalization)) {
        throw new DataError(`Data request: unknown normalization '${req.normalization}'.`);
    }
}
