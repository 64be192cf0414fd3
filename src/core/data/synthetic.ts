// The default data source: seeded standard-normal inputs (already "normalised") and uniform labels.
// Rows come from a stream that does not depend on N or B, so batch 1 is the same for any N.
import { sizeOf } from '../ir/tensor';
import { hashString, Rng } from '../util/rng';
import type { DataBatches, DataRequest } from './dataSource';

/** N*B rows of x ~ N(0, 1) and labels uniform in [0, classes), from two seeded streams. */
export function syntheticBatches(req: DataRequest): DataBatches {
    const rows = req.batches * req.batch;
    const shape = [rows, req.channels, req.height, req.width];
    const data = new Float32Array(sizeOf(shape));
    const xRng = new Rng(hashString('data/synthetic/x', req.seed));
    for (let i = 0; i < data.length; i++) data[i] = xRng.normal();
    const labelRng = new Rng(hashString('data/synthetic/labels', req.seed));
    const labels = Array.from({ length: rows }, () => labelRng.int(req.classes));
    return {
        x: { dtype: 'float32', shape, data },
        labels,
        description: `synthetic N(0, 1) inputs, uniform labels, seed ${req.seed}`,
        warnings: [],
    };
}
