// One measurement of our engine, in its own process (so peak RSS is this model's): graph build,
// session creation, forward and forward+backward medians. Prints one JSON line.
// Usage: node --import tsx bench/perf/ours.ts nb201|autoformer-t BATCH THREADS REPEATS
//          [--device cpu|webgpu|cuda] [--profile DIR]
//        node --import tsx bench/perf/ours.ts probe [THREADS]
// --device picks the execution provider (no fallback: a provider that fails to load is an error).
// --profile DIR adds one profiled run of each graph in fresh sessions (after the timed runs, so the
// timings stay unprofiled) and reports nodes per provider: which nodes fell back to the CPU.
// `probe` prints what `--device auto` chooses (cuda, then webgpu, then cpu) and why it skipped any.
// bench/gpu-check.sh bundles this file into dist/bench.js (CJS, onnxruntime-node external) to run
// it where neither tsx nor node_modules exist.
import { backward } from '../../src/core/autodiff/backward';
import { GraphBuilder } from '../../src/core/ir/builder';
import { initParams } from '../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../src/core/ir/loss';
import { type TensorData, sizeOf, tensor } from '../../src/core/ir/tensor';
import { exportModel } from '../../src/core/onnx/export';
import { buildModel } from '../../src/core/spaces/index';
import { Rng } from '../../src/core/util/rng';
import { probeDevices } from '../../src/worker/devices';
import { createSession } from '../../src/worker/ortSession';
import { type NodePlacement, readTrace } from './profileTrace';
import { SPECS } from './specs';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const DEVICES = ['cpu', 'webgpu', 'cuda'] as const;
type Device = (typeof DEVICES)[number];

/** Splits argv into positionals and `--name value` flags. */
function parseArgs(argv: readonly string[]): {
    positional: string[];
    flags: Record<string, string>;
} {
    const positional: string[] = [];
    const flags: Record<string, string> = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (!a.startsWith('--')) positional.push(a);
        else if (a.includes('=')) flags[a.slice(2, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
        else if (i + 1 < argv.length) flags[a.slice(2)] = argv[++i];
        else throw new Error(`${a} needs a value`);
    }
    return { positional, flags };
}

async function main(): Promise<void> {
    const { positional, flags } = parseArgs(process.argv.slice(2));
    if (positional[0] === 'probe') {
        const report = await probeDevices('auto', { threads: Number(positional[1] ?? 2) });
        console.log(JSON.stringify({ probe: 'auto', ...report }));
        return;
    }
    const [which, batchArg, threadsArg, repeatsArg] = positional;
    const [batch, threads, repeats] = [Number(batchArg), Number(threadsArg), Number(repeatsArg)];
    const spec = SPECS[which];
    if (!spec) throw new Error(`unknown model '${which}': one of ${Object.keys(SPECS).join(', ')}`);
    if (![batch, threads, repeats].every((n) => Number.isInteger(n) && n > 0))
        throw new Error(
            'usage: ours.ts nb201|autoformer-t BATCH THREADS REPEATS [--device cpu|webgpu|cuda] [--profile DIR]',
        );
    const device = (flags.device ?? 'cpu') as Device;
    if (!DEVICES.includes(device)) throw new Error(`--device must be one of ${DEVICES.join(', ')}`);
    const profileDir = flags.profile;
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
    const forwardSession = await createSession(forwardBytes, { threads, provider: device });
    const trainSession = await createSession(trainBytes, { threads, provider: device });
    const createSeconds = (performance.now() - t1) / 1000;

    const rng = new Rng(0);
    const x = tensor(
        'float32',
        built.input.shape,
        Array.from({ length: sizeOf(built.input.shape) }, () => rng.normal()),
    );
    const feeds: Record<string, TensorData> = Object.fromEntries(initParams(built.graph, 0));
    feeds[built.input.name] = x;
    const trainFeeds = {
        ...feeds,
        targets: oneHot(
            Array.from({ length: batch }, (_, i) => i % built.classes),
            built.classes,
        ),
    };
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
    await forwardSession.release();
    await trainSession.release();

    let nodes: { forward: NodePlacement; forward_backward: NodePlacement } | undefined;
    let nodesError: string | undefined;
    if (profileDir) {
        // Why fresh sessions: the profiler is per session and set at creation; one run each is enough.
        const profiled = async (
            bytes: Uint8Array,
            runFeeds: Record<string, TensorData>,
            prefix: string,
        ) => {
            const session = await createSession(bytes, {
                threads,
                provider: device,
                profileFilePrefix: `${profileDir}/${prefix}`,
            });
            await session.run(runFeeds);
            await session.release();
            return readTrace(profileDir, prefix);
        };
        const tag = `lswag-${which}-${device}-${process.pid}`;
        // Why caught: the timings above are already measured; a profiler failure must not lose them.
        try {
            nodes = {
                forward: await profiled(forwardBytes, feeds, `${tag}-fwd`),
                forward_backward: await profiled(trainBytes, trainFeeds, `${tag}-fwdbwd`),
            };
        } catch (e) {
            nodesError = e instanceof Error ? e.message.split('\n')[0] : String(e);
        }
    }
    console.log(
        JSON.stringify({
            model: which,
            device,
            batch,
            threads,
            repeats,
            build_s: buildSeconds,
            create_s: createSeconds,
            forward_s: forwardSeconds,
            forward_backward_s: trainSeconds,
            peak_rss_mib: peakRssMiB,
            ...(nodes ? { nodes } : {}),
            ...(nodesError ? { nodes_error: nodesError } : {}),
        }),
    );
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
