// What the core needs from an execution backend: compile ONNX bytes, run with named feeds.
// Why: core code (checks, proxies) stays free of onnxruntime; the worker supplies the backend.
import type { TensorData } from '../ir/tensor';

export interface RunnableModel {
    readonly inputNames: readonly string[];
    readonly outputNames: readonly string[];
    run(feeds: Readonly<Record<string, TensorData>>): Promise<Record<string, TensorData>>;
    release(): Promise<void>;
}

export type CompileModel = (model: Uint8Array) => Promise<RunnableModel>;

/** Compiles, runs once and gives the session back (to the worker's cache), even on failure. */
export async function runOnce(
    compile: CompileModel,
    model: Uint8Array,
    feeds: Readonly<Record<string, TensorData>>,
): Promise<Record<string, TensorData>> {
    const session = await compile(model);
    try {
        return await session.run(feeds);
    } finally {
        await session.release();
    }
}
