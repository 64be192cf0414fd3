// Where a pruning-search evaluation's time goes: graph build + backward + export, session creation,
// forward+backward, for the DARTS supernet at a given width. One JSON line.
// Usage: node --import tsx bench/perf/supernetCost.ts CHANNELS LAYERS BATCH
import { backward } from '../../src/core/autodiff/backward';
import { GraphBuilder } from '../../src/core/ir/builder';
import { initParams } from '../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../src/core/ir/loss';
import { type TensorData, sizeOf, tensor } from '../../src/core/ir/tensor';
import { exportModel } from '../../src/core/onnx/export';
import { fullSupernet } from '../../src/core/search/pruning';
import { buildModel } from '../../src/core/spaces/index';
import { Rng } from '../../src/core/util/rng';
import { createSession } from '../../src/worker/ortSession';

async function main() {
    const [channels = 4, layers = 3, batch = 8] = process.argv.slice(2).map(Number);
    const s = fullSupernet();
    const spec = {
        family: 'darts-supernet',
        name: 's',
        ...s,
        classes: 10,
        imageSize: 32,
        channels,
        layers,
    } as const;
    const t0 = performance.now();
    const built = buildModel(spec, { batch });
    const b = new GraphBuilder(built.graph);
    built.graph.outputs.length = 0;
    const targets = b.input('targets', 'float32', built.logits.shape);
    const loss = crossEntropy(b, built.logits, targets);
    const params = built.graph.params.map((p) => p.value);
    const grads = backward(b, loss, { wrt: params });
    b.output(loss, 'loss');
    params.forEach((p, i) => b.output(grads.get(p)!, `g${i}`));
    const t1 = performance.now();
    const bytes = exportModel(built.graph);
    const t2 = performance.now();
    const session = await createSession(bytes, { threads: 1, provider: 'cpu' });
    const t3 = performance.now();
    const rng = new Rng(0);
    const feeds: Record<string, TensorData> = Object.fromEntries(initParams(built.graph, 0));
    feeds[built.input.name] = tensor(
        'float32',
        built.input.shape,
        Array.from({ length: sizeOf(built.input.shape) }, () => rng.normal()),
    );
    feeds.targets = oneHot(
        Array.from({ length: batch }, (_, i) => i % 10),
        10,
    );
    await session.run(feeds);
    const t4 = performance.now();
    await session.release();
    const r = (x: number) => Math.round(x) / 1000;
    console.log(
        JSON.stringify({
            channels,
            layers,
            batch,
            nodes: built.graph.nodes.length,
            build_backward_s: r(t1 - t0),
            export_s: r(t2 - t1),
            session_s: r(t3 - t2),
            run_s: r(t4 - t3),
        }),
    );
}
void main();
