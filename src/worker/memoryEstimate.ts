// A pre-flight estimate of the memory one architecture's scoring needs, from the forward graphs that
// scoring runs (core/proxies/score.ts decides them): the worker refuses a model that alone exceeds its
// memory limit before onnxruntime allocates it.
import { countParams } from '../core/ir/costs';
import type { Graph } from '../core/ir/graph';
import { allocate, sizeOf } from '../core/ir/tensor';
import { combinedNeeds, proxyById } from '../core/proxies/index';
import type { ProxyDef } from '../core/proxies/proxyDef';
import { needsProbeGraph, probeLayout, probeNeeds } from '../core/proxies/score';
import { fullSupernet } from '../core/search/pruning';
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
 * Why these factors: fitted (least squares on relative error) to the worker's measured peak resident
 * size (VmHWM) on NB201, AutoFormer T/S/B at 224, a 24-deep ViT and torchvision resnet18/50, default
 * proxies, N = 2 (docs/engine.md, "Memory guarded by default": every model within 25 %). onnxruntime
 * reuses many activation buffers, so activations count 0.6x; per weight the worker holds the weight,
 * its gradients and their statistics. Imported ONNX models also keep the file's initialisers and
 * their copies (46 more bytes per weight, fitted on resnet18/50). `test/integration/engine/
 * memoryTable.ts` re-measures the table.
 */
const ACTIVATION_FACTOR = 0.6;
const BYTES_PER_PARAM = 21;
const ONNX_EXTRA_BYTES_PER_PARAM = 46;
/** Sessions, the data batches and the proxies' own buffers, beyond the idle worker (fitted). */
const SCORING_OVERHEAD_MIB = 300;
/** The idle worker: onnxruntime, V8 and the loaded modules before any model (measured ~90 MiB). */
export const WORKER_BASE_MIB = 100;
/** The last pruning-candidate estimate, by supernet shape and options (see estimateScoreMemory). */
let supernetEstimate: { readonly key: string; readonly estimate: MemoryEstimate } | undefined;

/**
 * The estimate of every pruning candidate is the full supernet's: the gated scorer runs that model
 * for each of them (core/proxies/gatedSupernet.ts), so one build per run serves all 780.
 */
export function estimateScoreMemory(spec: ArchitectureSpec, options: ScoreOptions): MemoryEstimate {
    if (spec.family !== 'darts-supernet') return estimateOne(spec, options);
    const full = { ...spec, ...fullSupernet(), name: 'supernet' };
    const key = JSON.stringify([full, options]);
    if (supernetEstimate?.key !== key)
        supernetEstimate = { key, estimate: estimateOne(full, options) };
    return supernetEstimate.estimate;
}

function estimateOne(spec: ArchitectureSpec, options: ScoreOptions): MemoryEstimate {
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
    const perParam = BYTES_PER_PARAM + (spec.family === 'onnx' ? ONNX_EXTRA_BYTES_PER_PARAM : 0);
    const bytes = ACTIVATION_FACTOR * activationBytes + perParam * params;
    return { params, rows, activationBytes, totalMiB: bytes / 2 ** 20 + SCORING_OVERHEAD_MIB };
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

/** The estimate with the worker's own memory added: what the worker's resident size will reach. */
export const withWorkerMiB = (e: MemoryEstimate): number => e.totalMiB + WORKER_BASE_MIB;

/**
 * The largest batch below `options.batch` (halving, as batch sizes are usually powers of two) whose
 * estimate fits under `limitMb`; undefined when not even batch 1 fits (the weights alone are too big).
 */
export function batchThatFits(
    spec: ArchitectureSpec,
    options: ScoreOptions,
    limitMb: number,
): number | undefined {
    for (let batch = Math.floor(options.batch / 2); batch >= 1; batch = Math.floor(batch / 2)) {
        if (withWorkerMiB(estimateScoreMemory(spec, { ...options, batch })) <= limitMb)
            return batch;
    }
    return undefined;
}

/**
 * Why the model cannot be scored under `limitMb`, naming batch, model size and the batch that would
 * fit; undefined when it fits.
 */
export function overLimit(
    spec: ArchitectureSpec,
    e: MemoryEstimate,
    options: ScoreOptions,
    limitMb: number,
): string | undefined {
    if (withWorkerMiB(e) <= limitMb) return undefined;
    const fits = batchThatFits(spec, options, limitMb);
    const advice =
        fits === undefined
            ? 'not even batch 1 fits: raise the limit (--max-worker-memory, lswag.maxWorkerMemoryMb)'
            : `it fits at --batch ${fits} (lswag.batchSize), or raise the limit (--max-worker-memory, lswag.maxWorkerMemoryMb)`;
    return (
        `'${spec.name}' needs about ${Math.ceil(withWorkerMiB(e))} MiB to score (${describeEstimate(e, options)}, ` +
        `plus ~${WORKER_BASE_MIB} MiB for the worker), over the worker's memory limit of ${limitMb} MiB; ${advice}`
    );
}
