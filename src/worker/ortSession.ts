// Runs exported models in onnxruntime-node. The only module family allowed to import onnxruntime.
import * as ort from 'onnxruntime-node';
import { type DType, type TensorData } from '../core/ir/tensor';
import type { RunnableModel } from '../core/onnx/runnable';

let configured = false;

/** Why: the log level is read once, before the first session; later changes are ignored. */
function configureOnce(): void {
    if (configured) return;
    ort.env.logLevel = 'fatal';
    configured = true;
}

export interface SessionOptions {
    readonly threads?: number;
    readonly provider?: 'cpu' | 'cuda' | 'webgpu';
    /**
     * Turns on onnxruntime's profiler: it writes `<prefix>_<timestamp>.json` (a Chrome trace whose
     * "Node" events name each kernel's provider) when the session is released. For benchmarks only.
     */
    readonly profileFilePrefix?: string;
    /** onnxruntime's per-session memory arena (default: on unless glibc keeps freed memory, see arenaByDefault). */
    readonly arena?: boolean;
    /** onnxruntime's memory-pattern planning (default off: see createSession). */
    readonly memoryPattern?: boolean;
    /** Graph optimisation level (default 'disabled': see createSession). */
    readonly optimization?: 'disabled' | 'basic' | 'extended' | 'all';
}

/**
 * Why: without an arena every tensor is a malloc; glibc serves blocks above its mmap threshold
 * (at most 32 MiB by default) with fresh mmaps that fault in page by page on every run. When the
 * worker was started with MALLOC_MMAP_THRESHOLD_ set (workerMallocEnv), freed blocks stay in the
 * heap and the next session reuses them, so no arena is better: a new architecture's first run
 * costs what a repeated run costs, and idle cached sessions hold no activation memory.
 */
export function arenaByDefault(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.MALLOC_MMAP_THRESHOLD_ === undefined;
}

export { workerMallocEnv } from '../protocol/workerEnv';

export type { RunnableModel };

const ortTypes: Readonly<Record<DType, ort.Tensor.Type>> = {
    float32: 'float32',
    float64: 'float64',
    int64: 'int64',
    int32: 'int32',
    bool: 'bool',
    uint8: 'uint8',
};

function toOrt(t: TensorData): ort.Tensor {
    return new ort.Tensor(ortTypes[t.dtype], t.data as never, [...t.shape]);
}

function fromOrt(t: ort.Tensor): TensorData {
    const dtype = (Object.keys(ortTypes) as DType[]).find((d) => ortTypes[d] === t.type);
    if (!dtype) throw new Error(`unsupported output type ${t.type}`);
    return { dtype, shape: [...t.dims], data: t.data as TensorData['data'] };
}

export async function createSession(
    model: Uint8Array,
    opts: SessionOptions = {},
): Promise<RunnableModel> {
    configureOnce();
    const session = await ort.InferenceSession.create(model, {
        executionProviders: [opts.provider ?? 'cpu'],
        intraOpNumThreads: opts.threads ?? 2,
        interOpNumThreads: 1,
        // Why no optimisation: each graph is built for one architecture and runs once, and on the CPU
        // the optimiser cost more than it saved. NB201, 2 threads, 8 cells interleaved: L-SWAG probe
        // creation + run, median 1.12 s disabled, 1.31 s basic, 1.47 s all (runs ~20 % faster
        // with 'all', creation 3-6x slower); grasp's ~15,000-node double backward: creation 14 s
        // with 'all' at 1 thread, 2.4 s disabled; AutoFormer-T: equal within 2 %.
        graphOptimizationLevel: opts.optimization ?? 'disabled',
        enableCpuMemArena: opts.arena ?? arenaByDefault(),
        // Why off: with it, onnxruntime plans one block per run from the first run's allocations and
        // the first two runs of a session both pay page faults for a fresh peak-sized block; a
        // probe session usually runs once (one architecture), so this doubled its run time
        // (measured: NB201 B=64 N=2 L-SWAG probe, first run 10.3 s CPU with it, 5.8 s without).
        enableMemPattern: opts.memoryPattern ?? false,
        ...(opts.profileFilePrefix
            ? { enableProfiling: true, profileFilePrefix: opts.profileFilePrefix }
            : {}),
        // Why: spinning threads roughly doubled run time on a shared 2-core machine.
        extra: {
            session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } },
        },
    });
    return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        async run(feeds) {
            const ortFeeds: Record<string, ort.Tensor> = {};
            for (const [k, v] of Object.entries(feeds)) ortFeeds[k] = toOrt(v);
            const out = await session.run(ortFeeds);
            const result: Record<string, TensorData> = {};
            for (const [k, v] of Object.entries(out)) result[k] = fromOrt(v);
            return result;
        },
        release: () => session.release(),
    };
}
