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
}

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

export async function createSession(model: Uint8Array, opts: SessionOptions = {}): Promise<RunnableModel> {
    configureOnce();
    const session = await ort.InferenceSession.create(model, {
        executionProviders: [opts.provider ?? 'cpu'],
        intraOpNumThreads: opts.threads ?? 2,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        ...(opts.profileFilePrefix ? { enableProfiling: true, profileFilePrefix: opts.profileFilePrefix } : {}),
        // Why: spinning threads roughly doubled run time on a shared 2-core machine.
        extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
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
