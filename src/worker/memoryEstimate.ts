// A pre-flight estimate of the memory one architecture's scoring needs, from the forward graphs that
// scoring runs (core/proxies/score.ts decides them): the worker refuses a model that alone exceeds its
// memory limit before onnxruntime allocates it.
import { countParams } from '../core/ir/costs';
import type { Graph } from '../core/ir/graph';
import { allocate, sizeOf } from '../core/ir/tensor';
import { combinedNeeds, proxyById } from '../core/proxies/index';
import type { ProxyDef } from '../core/proxies/proxyDef';
import { needsProbeGraph, probeLayout, probeNeeds } from '../core/proxies/score';
import { buildModel } from '../core/spaces/index';
import type { ArchitectureSpec } from '../core/spec/spec';
import type { ScoreOptions } from '../protocol/worker';

export interface MemoryEstimate {
    readonly params: number;
    /** Rows of data in the largest graph scoring runs (0 when none runs: params and flops alone). */
    readonly rows: number;
    /** Bytes of every forward activation of that graph. */
    readonly activationBytes: number;
    /** The estimate for forward, backward and probe outputs together, in MiB. */
    readonly totalMiB: number;
}

/**
 * Why these factors: the probe graph keeps forward activations for the backward pass and builds
 * cotangents, though onnxruntime reuses many buffers; per weight it holds the weight, N gradients
 * and their statistics. Measured peaks above the idle worker (NB201 at B = 16 and 64, a 64x64 CNN,
 * a 4-block ViT at 224 px; N = 2, default proxies) were 0.5-1.4x of this estimate. Grasp's pass
 * (a second backward) gets the same factor: it was not measured apart.
 */
const ACTIVATION_FACTOR = 1.5;
const BYTES_PER_PARAM = 32;
/**
 * Per parameter and gradient group, when the probe keeps statistics across groups (lswag, zico):
 * the [N, ...shape] gradients and their |g|, mean and variance. Measured peaks at 224 px, batch
 * 4 x 2, params+flops+nwot+lswag: vgg11 11.9 GB (133 M params; 4.8 GB estimated without this
 * term), resnet18 1.5 GB; these fit 32 + 28 N bytes per parameter.
 */
const BYTES_PER_PARAM_PER_GROUP = 28;
/** The idle worker: onnxruntime, V8 and the loaded modules before any model (measured ~90 MiB). */
export const WORKER_BASE_MIB = 100;

export function estimateScoreMemory(spec: ArchitectureSpec, options: ScoreOptions): MemoryEstimate {
    const needs = combinedNeeds(
        options.proxies.map(proxyById).filter((d): d is ProxyDef => d !== undefined),
    );
    // The graphs score.ts runs, one after another (so the largest counts): the probe, whose rows and
    // groups depend on the needs; grasp's pass on batch 1; synflow's on one all-ones sample.
    const graphs: { rows: number; groups?: number; withoutNorms?: boolean }[] = [];
    const probe = probeNeeds(needs);
    if (needsProbeGraph(probe)) graphs.push(probeLayout(options, probe));
    if (needs.hessianGradient) graphs.push({ rows: options.batch });
    if (needs.dataFree) graphs.push({ rows: 1, withoutNorms: true });
    let rows = 0;
    let activationBytes = 0;
    let params: number | undefined;
    for (const g of graphs) {
        // Why keepWeights off: the estimate needs shapes only; an imported file's weights are then
        // never copied out of it (vgg11: 13 s and 0.5 GB less before the model is refused or scored).
        const { graph } = buildModel(
            spec.family === 'onnx' ? { ...spec, keepWeights: false } : spec,
            {
                batch: g.rows,
                ghostGroups: g.groups,
                withoutNorms: g.withoutNorms,
            },
        );
        // Why not synflow's graph: with norms as identity it lacks their weights.
        if (!g.withoutNorms) params ??= countParams(graph);
        const bytes = forwardBytes(graph);
        if (bytes > activationBytes) [rows, activationBytes] = [g.rows, bytes];
    }
    params ??= countParams(buildModel(spec, { batch: 1 }).graph);
    const groups = needs.acrossGroups ? probeLayout(options, probe).groups : 0;
    const bytes =
        ACTIVATION_FACTOR * activationBytes +
        (BYTES_PER_PARAM + BYTES_PER_PARAM_PER_GROUP * groups) * params;
    return { params, rows, activationBytes, totalMiB: bytes / 2 ** 20 };
}

function forwardBytes(graph: Graph): number {
    let bytes = 0;
    for (const node of graph.nodes) {
        for (const v of node.outputs)
            bytes += sizeOf(v.shape) * allocate(v.dtype, 0).BYTES_PER_ELEMENT;
    }
    return bytes;
}

/** "1.07 M params, ~850 MiB at batch 64 x 2" (the batch as the person set it). */
export function describeEstimate(e: MemoryEstimate, options: ScoreOptions): string {
    const params =
        e.params >= 1e6
            ? `${(e.params / 1e6).toFixed(2)} M`
            : e.params >= 1e3
              ? `${(e.params / 1e3).toFixed(1)} k`
              : `${e.params}`;
    const batch =
        options.gradientMode === 'perSample'
            ? `batch ${options.batch} (per sample)`
            : `batch ${options.batch} x ${options.batches}`;
    return `${params} params, ~${Math.ceil(e.totalMiB)} MiB at ${batch}`;
}

/** Why the model cannot be scored under `limitMb`, naming batch and model size; undefined when it fits. */
export function overLimit(
    spec: ArchitectureSpec,
    e: MemoryEstimate,
    options: ScoreOptions,
    limitMb: number,
): string | undefined {
    if (e.totalMiB + WORKER_BASE_MIB <= limitMb) return undefined;
    return (
        `'${spec.name}' needs about ${Math.ceil(e.totalMiB + WORKER_BASE_MIB)} MiB to score (${describeEstimate(e, options)}, ` +
        `plus ~${WORKER_BASE_MIB} MiB for the worker), over the worker's memory limit of ${limitMb} MiB: ` +
        'lower the batch size (--batch, lswag.batchSize) or raise the limit (--max-worker-memory, lswag.maxWorkerMemoryMb)'
    );
}
