// Seeded sampling of N*B rows from a source: one shuffled pass without replacement, skipping
// unreadable samples; when the source runs short, the rows read are reused, evenly and without
// repeats inside a batch where possible.
import { hashString, Rng } from '../util/rng';
import { DataError, type DataBatches, type DataRequest, type SampleSource } from './dataSource';

/**
 * Reads N*B rows of `source` in a seeded random order. The order depends only on the seed and the
 * source's size, so the first B rows (batch 1) do not change with N.
 */
export async function sampleBatches(source: SampleSource, req: DataRequest): Promise<DataBatches> {
    const rows = req.batches * req.batch;
    const rowSize = req.channels * req.height * req.width;
    const x = new Float32Array(rows * rowSize);
    const labels: number[] = [];
    const rng = new Rng(hashString('data/sample', req.seed));
    const order = new Int32Array(source.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    try {
        // Partial Fisher-Yates: positions are drawn only as far as rows are needed.
        for (let i = 0; i < order.length && labels.length < rows; i++) {
            const j = i + rng.int(order.length - i);
            [order[i], order[j]] = [order[j], order[i]];
            const label = await source.read(order[i], x, labels.length * rowSize);
            if (label !== undefined) labels.push(label);
        }
    } finally {
        await source.close();
    }
    const distinct = labels.length;
    if (distinct === 0) throw new DataError(`${source.description}: no readable sample.`);
    const warnings = [...source.warnings];
    if (distinct < rows) {
        warnings.push(
            `${source.description}: ${distinct} readable samples for ${rows} rows (N=${req.batches} x B=${req.batch}); ` +
                `they are reused (least-used first, no repeat within a batch while B <= ${distinct}).`,
        );
        reuseRows(x, labels, req, rowSize, rng);
    }
    return {
        x: { dtype: 'float32', shape: [rows, req.channels, req.height, req.width], data: x },
        labels,
        description:
            `${source.description}: ${distinct} distinct of ${source.count} samples, N=${req.batches} x B=${req.batch}, ` +
            `seed ${req.seed}, ${req.height}x${req.width}, normalisation ${req.normalization}`,
        warnings,
    };
}

/**
 * Fills rows `distinct..N*B-1` with copies of rows 0..distinct-1. Each batch takes samples it does
 * not hold yet, least-used first (ties in seeded random order); duplicates within a batch only when
 * the source has fewer than B samples.
 * Why: a duplicate row in a batch makes nwot's kernel singular (log|det K| = -inf).
 */
function reuseRows(
    x: Float32Array,
    labels: number[],
    req: DataRequest,
    rowSize: number,
    rng: Rng,
): void {
    const distinct = labels.length;
    const rows = req.batches * req.batch;
    const uses = new Int32Array(distinct).fill(1);
    const origins = Array.from({ length: distinct }, (_, i) => i);
    while (labels.length < rows) {
        const start = labels.length - (labels.length % req.batch);
        const inBatch = new Set(origins.slice(start));
        const shuffled = shuffledRange(distinct, rng);
        const fresh = shuffled.filter((i) => !inBatch.has(i));
        const pool = (fresh.length > 0 ? fresh : shuffled).sort((a, b) => uses[a] - uses[b]);
        const end = Math.min(start + req.batch, rows);
        for (let k = 0; k < pool.length && labels.length < end; k++) {
            const from = pool[k];
            x.copyWithin(labels.length * rowSize, from * rowSize, (from + 1) * rowSize);
            labels.push(labels[from]);
            origins.push(from);
            uses[from]++;
        }
    }
}

/** 0..n-1 in seeded random order (Fisher-Yates). */
function shuffledRange(n: number, rng: Rng): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}
