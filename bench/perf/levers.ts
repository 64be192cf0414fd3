// Micro-benchmarks of single levers, each against its alternative on the same inputs, interleaved:
// `convgrad` = the conv weight gradient as the role-swapped conv vs the unfolded MatMul (NB201's
// shapes at B=64, N=2), with the largest difference between the two results;
// `session` = onnxruntime session options on NB201's L-SWAG probe graph (B=64, N=2): creation and
// the first three runs of a fresh session, wall and CPU seconds, per variant
// (level[:noarena][:pattern], e.g. all,all:pattern,disabled). Run it with and without
// MALLOC_MMAP_THRESHOLD_ set (the worker's workerMallocEnv) to see the arena lever.
// Usage: node --import tsx bench/perf/levers.ts convgrad|session [THREADS] [REPEATS|VARIANTS]
import { convWeightGrad, convWeightGradUnfolded } from '../../src/core/autodiff/rules/conv';
import { initParams } from '../../src/core/ir/init';
import { oneHot } from '../../src/core/ir/loss';
import { findProxyLayers } from '../../src/core/proxies/layers';
import { buildProbe } from '../../src/core/proxies/probe';
import { buildModel } from '../../src/core/spaces/index';
import { SPECS } from './specs';
import { ints } from '../../src/core/ir/attrs';
import { GraphBuilder } from '../../src/core/ir/builder';
import { type TensorData, sizeOf, tensor } from '../../src/core/ir/tensor';
import { exportModel } from '../../src/core/onnx/export';
import { Rng } from '../../src/core/util/rng';
import { createSession } from '../../src/worker/ortSession';

interface ConvCase {
    readonly name: string;
    readonly x: number[];
    readonly out: number;
    readonly kernel: number;
    readonly stride: number;
}

const CASES: readonly ConvCase[] = [
    { name: 'stage1 3x3 C16 32x32', x: [128, 16, 32, 32], out: 16, kernel: 3, stride: 1 },
    { name: 'stage1 1x1 C16 32x32', x: [128, 16, 32, 32], out: 16, kernel: 1, stride: 1 },
    { name: 'stage3 3x3 C64 8x8', x: [128, 64, 8, 8], out: 64, kernel: 3, stride: 1 },
    { name: 'reduction 3x3 s2 16->32', x: [128, 16, 32, 32], out: 32, kernel: 3, stride: 2 },
];

function model(c: ConvCase, unfolded: boolean): { bytes: Uint8Array; gShape: number[] } {
    const b = new GraphBuilder();
    const pad = (c.kernel - 1) / 2;
    const spatial = c.x
        .slice(2)
        .map((len) => Math.floor((len + 2 * pad - c.kernel) / c.stride) + 1);
    const gShape = [c.x[0], c.out, ...spatial];
    const x = b.input('x', 'float32', c.x);
    const g = b.input('g', 'float32', gShape);
    const attrs = {
        kernel_shape: ints([c.kernel, c.kernel]),
        strides: ints([c.stride, c.stride]),
        pads: ints([pad, pad, pad, pad]),
    };
    const dw = unfolded
        ? convWeightGradUnfolded(b, x, g, attrs, 2)!
        : convWeightGrad(b, x, g, attrs, 2);
    b.output(dw, 'dw');
    return { bytes: exportModel(b.graph), gShape };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function convgrad(threads: number, repeats: number): Promise<void> {
    const rng = new Rng(1);
    const random = (shape: number[]): TensorData =>
        tensor(
            'float32',
            shape,
            Array.from({ length: sizeOf(shape) }, () => rng.normal()),
        );
    for (const c of CASES) {
        const swapped = model(c, false);
        const unfolded = model(c, true);
        const feeds = { x: random(c.x), g: random(swapped.gShape) };
        const sessions = [
            await createSession(swapped.bytes, { threads }),
            await createSession(unfolded.bytes, { threads }),
        ];
        const outs = await Promise.all(sessions.map((s) => s.run(feeds)));
        const [a, u] = outs.map((o) => o.dw.data as Float32Array);
        let diff = 0;
        let scale = 0;
        for (let i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - u[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        const wall: number[][] = [[], []];
        const cpu: number[][] = [[], []];
        for (let r = 0; r < repeats; r++) {
            for (const k of [0, 1]) {
                const c0 = process.cpuUsage();
                const t0 = performance.now();
                await sessions[k].run(feeds);
                wall[k].push((performance.now() - t0) / 1000);
                const used = process.cpuUsage(c0);
                cpu[k].push((used.user + used.system) / 1e6);
            }
        }
        for (const s of sessions) await s.release();
        console.log(
            `LEVER convgrad ${c.name}: swapped wall ${median(wall[0]).toFixed(4)} cpu ${median(cpu[0]).toFixed(4)} | unfolded wall ` +
                `${median(wall[1]).toFixed(4)} cpu ${median(cpu[1]).toFixed(4)} | ratio wall ${(median(wall[1]) / median(wall[0])).toFixed(3)} ` +
                `cpu ${(median(cpu[1]) / median(cpu[0])).toFixed(3)} | max |diff| ${diff.toExponential(2)} of max |dW| ${scale.toExponential(2)}`,
        );
    }
}

async function sessionOptions(threads: number, variants: string[]): Promise<void> {
    const batch = 64;
    const built = buildModel(SPECS.nb201, { batch: 2 * batch, ghostGroups: 2 });
    const layers = findProxyLayers(built.graph);
    buildProbe(new GraphBuilder(built.graph), built.input, built.logits, layers, {
        needs: { gradStats: true, signCodes: true },
        batch,
        groups: 2,
        psiSamples: 16,
    });
    const bytes = exportModel(built.graph);
    const rng = new Rng(2);
    const feeds: Record<string, TensorData> = Object.fromEntries(initParams(built.graph, 0));
    feeds.input = tensor(
        'float32',
        built.input.shape,
        Array.from({ length: sizeOf(built.input.shape) }, () => rng.normal()),
    );
    feeds.targets = oneHot(
        Array.from({ length: 2 * batch }, (_, i) => i % 10),
        10,
    );
    console.log(
        `LEVER session: ${built.graph.nodes.length} IR nodes, MALLOC_MMAP_THRESHOLD_ ${process.env.MALLOC_MMAP_THRESHOLD_ ?? 'unset'}`,
    );
    const timed = async <T>(f: () => Promise<T>): Promise<[T, number, number]> => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = await f();
        const used = process.cpuUsage(c0);
        return [r, (performance.now() - t0) / 1000, (used.user + used.system) / 1e6];
    };
    for (const variant of variants) {
        const [level, ...flags] = variant.split(':');
        const [session, createWall, createCpu] = await timed(() =>
            createSession(bytes, {
                threads,
                optimization: level as never,
                arena: flags.includes('noarena') ? false : undefined,
                memoryPattern: flags.includes('pattern'),
            }),
        );
        const runs: string[] = [];
        for (let r = 0; r < 3; r++) {
            const [, wall, cpu] = await timed(() => session.run(feeds));
            runs.push(`${wall.toFixed(2)}/${cpu.toFixed(2)}`);
        }
        await session.release();
        console.log(
            `LEVER session ${variant}: create ${createWall.toFixed(2)}/${createCpu.toFixed(2)} s, runs ${runs.join(' ')} (wall/CPU s)`,
        );
    }
}

const [which, threads = '2', extra] = process.argv.slice(2);
const fail = (e: unknown) => {
    console.error(e);
    process.exit(1);
};
if (which === 'convgrad') convgrad(Number(threads), Number(extra ?? 5)).catch(fail);
else if (which === 'session')
    sessionOptions(Number(threads), (extra ?? 'all,all:pattern,disabled').split(',')).catch(fail);
else {
    console.error('usage: levers.ts convgrad|session [THREADS] [REPEATS|VARIANTS]');
    process.exit(2);
}
