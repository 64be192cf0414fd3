// One measurement of our engine, in its own process (so peak RSS is this model's): graph build,
// session creation, forward and forward+backward medians. Prints one JSON line.
// Usage: node --import tsx scripts/bench/ours.ts nb201|autoformer-t BATCH THREADS REPEATS
import { backward } from '../../src/core/autodiff/backward';
import { GraphBuilder } from '../../src/core/ir/builder';
import { initParams } from '../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../src/core/ir/loss';
import { type TensorData, sizeOf, tensor } from '../../src/core/ir/tensor';
import { exportModel } from '../../src/core/onnx/export';
import { buildModel } from '../../src/core/spaces/index';
import { AUTOFORMER_DEFAULTS, NB201_DEFAULTS } from '../../src/core/spec/defaults';
import type { ArchitectureSpec } from '../../src/core/spec/spec';
import { Rng } from '../../src/core/util/rng';
import { createSession } from '../../src/worker/ortSession';

const REFERENCE_CELL = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';

const SPECS: Record<string, ArchitectureSpec> = {
    nb201: { family: 'nb201', name: 'nb201', cell: REFERENCE_CELL, ...NB201_DEFAULTS },
    'autoformer-t': {
        family: 'autoformer',
        name: 'autoformer-t',
        embedDim: 192,
        depth: 13,
        mlpRatio: [3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5],
        numHeads: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3],
        ...AUTOFORMER_DEFAULTS,
    },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    const [which, batchArg, threadsArg, repeatsArg] = process.argv.slice(2);
    const [batch, threads, repeats] = [Number(batchArg), Number(threadsArg), Number(repeatsArg)];
    const spec = SPECS[which];
    const t0 = performance.now();
    const forward = buildModel(spec, { batch });
    const forwardBytes = exportModel(forward.graph);
    const built = buildModel(spec, { batch });
    const b = new GraphBuilder(built.graph);
    built.graph.outputs.length = 0;
    const targets = b.input('targets', 'float32', built.logits.shape);
    const loss = crossEntropy(b, built.logits, targets);
    const params = built.graph.params.map((p) => p.value);
    const grads = backward(b, loss, { wrt: params });
    b.output(loss, 'loss');
    params.forEach((p, i) => b.output(grads.get(p)!, `g${i}`));
    const trainBytes = exportModel(built.graph);
    const buildSeconds = (performance.now() - t0) / 1000;

    const t1 = performance.now();
    const forwardSession = await createSession(forwardBytes, { threads });
    const trainSession = await createSession(trainBytes, { threads });
    const createSeconds = (performance.now() - t1) / 1000;

    const rng = new Rng(0);
    const x = tensor('float32', built.input.shape, Array.from({ length: sizeOf(built.input.shape) }, () => rng.normal()));
    const feeds: Record<string, TensorData> = Object.fromEntries(initParams(built.graph, 0));
    feeds[built.input.name] = x;
    const trainFeeds = { ...feeds, targets: oneHot(Array.from({ length: batch }, (_, i) => i % built.classes), built.classes) };
    const time = async (run: () => Promise<unknown>) => {
        await run();
        const ts: number[] = [];
        for (let i = 0; i < repeats; i++) {
            const s = performance.now();
            await run();
            ts.push((performance.now() - s) / 1000);
        }
        return median(ts);
    };
    const forwardSeconds = await time(() => forwardSession.run(feeds));
    const trainSeconds = await time(() => trainSession.run(trainFeeds));
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(JSON.stringify({ model: which, build_s: buildSeconds, create_s: createSeconds, forward_s: forwardSeconds, forward_backward_s: trainSeconds, peak_rss_mib: peakRssMiB }));
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
