// Chooses the execution provider once per worker: each candidate compiles and runs a tiny model.
// Why: an onnxruntime provider list is not a fallback chain (a missing provider throws), so probe.
import os from 'node:os';
import { GraphBuilder } from '../core/ir/builder';
import { tensor } from '../core/ir/tensor';
import { exportModel } from '../core/onnx/export';
import type { RunnableModel } from '../core/onnx/runnable';
import type { DeviceChoice, DeviceName, DeviceReport } from '../protocol/worker';
import { createSession } from './ortSession';

/** Compiles ONNX bytes on one provider (createSession, or a fake in tests). */
export type CreateSession = (
    model: Uint8Array,
    device: DeviceName,
    threads: number,
) => Promise<RunnableModel>;

export const createOrtSession: CreateSession = (model, device, threads) =>
    createSession(model, { provider: device, threads });

/** The order `auto` tries. */
export const AUTO_ORDER: readonly DeviceName[] = ['cuda', 'webgpu', 'cpu'];

/** intraOpNumThreads when the host does not say: min(4, CPU count). */
export function defaultThreads(): number {
    return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** y = relu(x + x) on two floats: small enough to compile in milliseconds on any provider. */
function probeModel(): Uint8Array {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    b.output(b.relu(b.add(x, x)), 'y');
    return exportModel(b.graph);
}

/**
 * The first line of an onnxruntime error without its source location, at most `max` characters.
 * e.g. "/onnxruntime_src/…/webgpu_context.cc:136 …lambda()> cond was false. Failed to get a WebGPU
 * adapter: No supported adapters" becomes "Failed to get a WebGPU adapter: No supported adapters".
 */
export function shortenReason(error: unknown, max = 160): string {
    const text = error instanceof Error ? error.message : String(error);
    let line = text.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
    line = line.trim().replace(/^\/\S+:\d+\s+/, '');
    line = line.replace(/^.*? was false\.\s*/, '');
    return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Compiles and runs the probe model on `device`; throws what onnxruntime threw. */
async function probe(
    create: CreateSession,
    model: Uint8Array,
    device: DeviceName,
    threads: number,
): Promise<void> {
    const session = await create(model, device, threads);
    try {
        const out = await session.run({ x: tensor('float32', [2], [1, -2]) });
        const y = out.y?.data;
        if (!y || y[0] !== 2 || y[1] !== 0)
            throw new Error(`the probe model computed [${y ? [...y] : ''}], not [2, 0]`);
    } finally {
        await session.release();
    }
}

export interface ProbeOptions {
    readonly threads: number;
    readonly create?: CreateSession;
    /** Told when an explicitly requested device fails and the CPU is used instead. */
    readonly warn?: (message: string) => void;
}

/**
 * `auto` tries cuda, then webgpu, then cpu and takes the first that works; an explicit device that
 * fails falls back to cpu with a warning. Every device passed over is listed with its reason.
 * Throws only when the CPU itself fails.
 */
export async function probeDevices(
    choice: DeviceChoice,
    opts: ProbeOptions,
): Promise<DeviceReport> {
    const create = opts.create ?? createOrtSession;
    const model = probeModel();
    const candidates: readonly DeviceName[] =
        choice === 'auto' ? AUTO_ORDER : choice === 'cpu' ? ['cpu'] : [choice, 'cpu'];
    const skipped: { device: DeviceName; reason: string }[] = [];
    for (const device of candidates) {
        try {
            await probe(create, model, device, opts.threads);
            return { device, skipped, threads: opts.threads };
        } catch (e) {
            if (device === 'cpu')
                throw new Error(
                    `the CPU execution provider failed to run a probe model: ${shortenReason(e, 400)}`,
                );
            const reason = shortenReason(e);
            skipped.push({ device, reason });
            if (choice !== 'auto')
                opts.warn?.(`device '${device}' failed to load (${reason}); using cpu instead`);
        }
    }
    throw new Error('unreachable: cpu is always the last candidate');
}
