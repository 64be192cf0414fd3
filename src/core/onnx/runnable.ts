// What the core needs from an execution backend: compile ONNX bytes, run with named feeds.
// Why: core code (checks, proxies) stays free of onnxruntime; the worker supplies the backend.
import type { TensorData } from '../ir/tensor';

export interface RunnableModel {
    readonly inputNames: readonly string[];
    readonly outputNames: readonly string[];
    run(feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>>;
    release(): Promise<void>;
}

/** What the caller knows about a model that changes how it is best compiled. */
export interface CompileHints {
    /**
     * Skip onnxruntime's graph optimisation, for graphs that run once per architecture where the
     * optimiser costs more than it saves (NB201 cell, 1 thread: grasp's ~15,000-node double
     * backward, session creation 14 s -> 2.4 s; synflow's batch-1 pass, 1.1-1.3 s -> 0.3-0.4 s;
     * run times unchanged within noise).
     */
    readonly unoptimized?: boolean;
}

export type CompileModel = (model: Uint8Array, hints?: CompileHints) => Promise<RunnableModel>;

/** Compiles, runs once and gives the session back (to the worker's cache), even on failure. */
export async function runOnce(
    compile: CompileModel,
    model: Uint8Array,
    feeds: Readonly<Record<string, TensorData>>,
    hints?: CompileHints,
): Promise<Record<string, TensorData>> {
    const session = await compile(model, hints);
    try {
        return await session.run(feeds);
    } finally {
        await session.release();
    }
}
