// Scores one architecture with the requested proxies: builds the model for N mini-batches with
// ghost batch norm, adds one probe graph for every graph-based need, runs it once on the data, and
// turns the reduced outputs into scores. Errors become per-proxy nulls with reasons, never throws.
import { GraphBuilder } from '../ir/builder';
import { countMacs, countParams } from '../ir/costs';
import { initParams } from '../ir/init';
import { oneHot } from '../ir/loss';
import { type TensorData, sizeOf, sliceRows } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import { type CompileModel, runOnce } from '../onnx/runnable';
import type { DataBatches, DataRequest } from '../data/batches';
import { buildModel } from '../spaces/index';
import type { ArchitectureSpec } from '../spec/spec';
import type { ScoreOptions } from '../spec/scoreOptions';
import { type DeviceName, type ScoreResult, type WindowUsed, sourceOf } from '../spec/scoreResult';
import { spaceOf } from '../search/spaces';
import { proxyById, combinedNeeds } from './index';
import { countKinds } from './activations';
import { graspPass, graspScore, logSynflow } from './auxiliaryPasses';
import { featurePasses } from './featurePasses';
import { findProxyLayers } from './layers';
import { vitActivationSites } from './vitActivationSites';
import { lswagParts } from './lswag';
import { layerLogStds } from './profile';
import { BITS_PER_WORD, GRAD_STAT_OUTPUTS, buildProbe, probeOutput } from './probe';
import type { GradStats, ProbeResult, ProxyDef, ProxyNeeds, SignCodes } from './proxyDef';

export interface ScoreContext {
    /** Compiles (and caches) ONNX models on the worker's device. */
    readonly compile: CompileModel;
    readonly data: (req: DataRequest) => Promise<DataBatches>;
    readonly options: ScoreOptions;
    readonly device: DeviceName;
}

const ALL_BINS: readonly [number, number] = [0, 9];

function messageOf(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

function normalizationFor(spec: ArchitectureSpec, height: number): DataRequest['normalization'] {
    if (spec.family === 'nb201') return 'cifar';
    if (spec.family === 'autoformer') return 'imagenet';
    return height <= 32 ? 'cifar' : 'imagenet';
}

/**
 * Data rows for the model's input. Image inputs [C, H, W] come from the data source; feature
 * inputs [F] ask the source for [F, 1, 1] (synthetic data is shape-agnostic) and drop the 1s.
 */
export async function loadData(
    spec: ArchitectureSpec,
    inputShape: readonly number[],
    classes: number,
    rows: number,
    ctx: ScoreContext,
) {
    const { batch, seed } = ctx.options;
    const isImage = inputShape.length === 4;
    const [channels, height, width] = isImage
        ? inputShape.slice(1)
        : [sizeOf(inputShape.slice(1)), 1, 1];
    const normalization = isImage ? normalizationFor(spec, height) : 'none';
    const data = await ctx.data({
        channels,
        height,
        width,
        classes,
        batch,
        batches: rows / batch,
        seed,
        normalization,
    });
    return isImage ? data : { ...data, x: { ...data.x, shape: [rows, ...inputShape.slice(1)] } };
}

export function toFloat64(t: TensorData): Float64Array {
    return Float64Array.from(t.data as ArrayLike<number>);
}

export function asFloat32(t: TensorData): Float32Array {
    return t.data instanceof Float32Array ? t.data : Float32Array.from(t.data as ArrayLike<number>);
}

/** Codes up to this many bits are exact as doubles (sorted and compared as numbers: fast). */
const EXACT_DOUBLE_BITS = 53;

/** Joins the int32 words (31 bits each) of each unit's sign pattern into one exact code per unit. */
export function joinCodeWords(words: TensorData[], samples: number): SignCodes {
    const parts = words.map((w) => w.data as Int32Array);
    if (samples <= EXACT_DOUBLE_BITS) {
        const out = Float64Array.from(parts[0]);
        for (let k = 1; k < parts.length; k++) {
            const scale = 2 ** (BITS_PER_WORD * k);
            for (let i = 0; i < out.length; i++) out[i] += parts[k][i] * scale;
        }
        return out;
    }
    const out = new BigInt64Array(parts[0].length);
    for (let i = 0; i < out.length; i++) {
        let code = 0n;
        for (let k = parts.length - 1; k >= 0; k--)
            code = (code << BigInt(BITS_PER_WORD)) | BigInt(parts[k][i]);
        out[i] = code;
    }
    return out;
}

/** The probe graph's data rows and ghost-batch groups, and the rows of data loaded (see probeArchitecture). */
export function probeLayout(
    options: Pick<ScoreOptions, 'batch' | 'batches' | 'gradientMode'>,
    needs: ProxyNeeds,
): { readonly rows: number; readonly groups: number; readonly loaded: number } {
    const { batch, batches, gradientMode } = options;
    const perSample = gradientMode === 'perSample';
    const batchOneOnly = !perSample && !needs.acrossGroups;
    const loaded = perSample ? batch : batch * batches;
    return {
        rows: batchOneOnly ? batch : loaded,
        groups: perSample ? batch : batchOneOnly ? 1 : batches,
        loaded,
    };
}

/**
 * Whether jacov's Jacobian is computed in grasp's pass. Why: grasp's graph already runs batch 1
 * forward, so jacov's backward there covers B rows, where the probe's covers N·B (NB201, all
 * proxies: probe run 3.3 -> 2.3 s, grasp's 3.8 -> 4.4 s).
 */
export const isJacobianWithGrasp = (needs: ProxyNeeds): boolean =>
    needs.hessianGradient === true && needs.inputJacobian === true;

/** What the probe graph serves of the combined needs (the rest is in the auxiliary passes). */
export const probeNeeds = (needs: ProxyNeeds): ProxyNeeds =>
    isJacobianWithGrasp(needs) ? { ...needs, inputJacobian: false } : needs;

/** Whether the probe graph runs at all: only for needs computed from data in it. */
export function needsProbeGraph(needs: ProxyNeeds): boolean {
    return Boolean(
        needs.gradStats ||
        needs.layerOutputGrads ||
        needs.inputJacobian ||
        needs.activationKernel ||
        needs.signCodes,
    );
}

/**
 * Builds, probes and runs one architecture for the given needs; the raw material of every proxy.
 * Without a need across mini-batches (lswag, zico) in the default mode the graph covers batch 1
 * only (B rows, one group): the single-batch proxies are functions of batch 1 alone, and the N·B
 * rows would only be computed and thrown away (plain, snip, fisher, jacov, nwot or swap on their
 * own, NB201: about half the run). N batches are still loaded, so batch 1 is the same rows.
 */
export async function probeArchitecture(
    spec: ArchitectureSpec,
    needs: ProxyNeeds,
    ctx: ScoreContext,
): Promise<{ probe: ProbeResult; data?: DataBatches }> {
    const { batch, psiSamples, seed } = ctx.options;
    const { rows, groups, loaded } = probeLayout(ctx.options, needs);
    const built = buildModel(spec, { batch: rows, ghostGroups: groups });
    const graph = built.graph;
    const params = countParams(graph);
    const flops = countMacs(graph, rows);
    const layers = findProxyLayers(graph, vitActivationSites(built, ctx.options.vitActivations));
    const weightsByLayer = initParams(graph, seed);
    const weightValues = layers.weights.map((l) => asFloat32(weightsByLayer.get(l.weight.name)!));
    const result: ProbeResult = {
        layers,
        params,
        flops,
        weightValues,
        buildWarnings: built.warnings,
    };
    const graphNeeds = needsProbeGraph(needs);
    const data =
        graphNeeds || needs.hessianGradient || needs.featureCorrelations || needs.blockFeatures
            ? await loadData(spec, built.input.shape, built.classes, loaded, ctx)
            : undefined;
    const labelled =
        needs.labels && data && data.labels.length >= batch
            ? {
                  labels: data.labels.slice(0, batch).map((l) => l % built.classes),
                  classes: built.classes,
              }
            : {};
    if (!graphNeeds || !data) return { probe: { ...result, ...labelled }, data };
    if (psiSamples > batch)
        throw new Error(`psi samples (${psiSamples}) cannot exceed the batch (${batch})`);

    buildProbe(new GraphBuilder(graph), built.input, built.logits, layers, {
        needs,
        batch,
        groups,
        psiSamples,
    });
    const model = exportModel(graph);
    const feeds: Record<string, TensorData> = {
        [built.input.name]: rows === loaded ? data.x : sliceRows(data.x, 0, rows),
    };
    for (const p of graph.params) feeds[p.value.name] = weightsByLayer.get(p.value.name)!;
    if (graph.inputs.some((v) => v.name === probeOutput.targets)) {
        feeds[probeOutput.targets] = oneHot(
            data.labels.slice(0, rows).map((l) => l % built.classes),
            built.classes,
        );
    }
    const out = await runOnce(ctx.compile, model, feeds);
    const stats = needs.gradStats
        ? (Object.fromEntries(
              GRAD_STAT_OUTPUTS.map((k) => [k, toFloat64(out[probeOutput.stat(k)])]),
          ) as unknown as GradStats)
        : undefined;
    const square = (name: string) =>
        out[name] ? { size: batch, values: toFloat64(out[name]) } : undefined;
    const words = Math.ceil(psiSamples / BITS_PER_WORD);
    const probe: ProbeResult = {
        ...result,
        ...labelled,
        gradStats: stats,
        fisher: out[probeOutput.fisher] ? toFloat64(out[probeOutput.fisher]) : undefined,
        jacobianCorrelation: square(probeOutput.jacobian),
        nwotKernel: square(probeOutput.nwot),
        signCodes: needs.signCodes
            ? layers.activations.map((_, k) =>
                  joinCodeWords(
                      Array.from({ length: words }, (_, w) => out[probeOutput.code(k, w)]),
                      psiSamples,
                  ),
              )
            : undefined,
    };
    return { probe, data };
}

/**
 * Synflow's and grasp's own passes (grasp's also computes jacov's Jacobian when `jacobianWithGrasp`);
 * a failure costs only that proxy (reason in `reasons`).
 */
async function auxiliaryScores(
    spec: ArchitectureSpec,
    needs: ReturnType<typeof combinedNeeds>,
    ctx: ScoreContext,
    data: DataBatches | undefined,
    reasons: Map<string, string>,
    jacobianWithGrasp: boolean,
): Promise<Partial<ProbeResult>> {
    const extra: {
        logSynflow?: number;
        grasp?: number;
        jacobianCorrelation?: ProbeResult['jacobianCorrelation'];
    } = {};
    if (needs.dataFree) {
        try {
            extra.logSynflow = await logSynflow(spec, ctx.compile, ctx.options.seed);
        } catch (e) {
            reasons.set('synflow', messageOf(e));
        }
    }
    if (needs.hessianGradient && data) {
        const rows = ctx.options.batch;
        try {
            const pass = await graspPass(
                spec,
                ctx.compile,
                ctx.options.seed,
                sliceRows(data.x, 0, rows),
                data.labels.slice(0, rows),
                jacobianWithGrasp,
            );
            extra.grasp = graspScore(pass);
            if (pass.jacobianCorrelation) extra.jacobianCorrelation = pass.jacobianCorrelation;
        } catch (e) {
            reasons.set('grasp', messageOf(e));
        }
    }
    const run = { compile: ctx.compile, seed: ctx.options.seed, batch: ctx.options.batch };
    Object.assign(extra, await featurePasses(spec, needs, run, data, reasons));
    if (jacobianWithGrasp && !extra.jacobianCorrelation) {
        // Grasp's pass failed (say, an op without a second-order rule): the probe computes it alone.
        try {
            extra.jacobianCorrelation = (
                await probeArchitecture(spec, { inputJacobian: true }, ctx)
            ).probe.jacobianCorrelation;
        } catch (e) {
            reasons.set('jacov', messageOf(e));
        }
    }
    return extra;
}

/**
 * Computes the probe result (and the auxiliary passes) that the proxies read; a failure of one
 * auxiliary pass goes into `reasons` under the proxy's id.
 */
export type ProbeProvider = (
    spec: ArchitectureSpec,
    needs: ProxyNeeds,
    ctx: ScoreContext,
    reasons: Map<string, string>,
) => Promise<ProbeResult>;

/** The usual provider: builds the spec's own graphs. */
export const rebuiltProbe: ProbeProvider = async (spec, needs, ctx, reasons) => {
    const jacobianWithGrasp = isJacobianWithGrasp(needs);
    const run = await probeArchitecture(spec, probeNeeds(needs), ctx);
    return {
        ...run.probe,
        ...(await auxiliaryScores(spec, needs, ctx, run.data, reasons, jacobianWithGrasp)),
    };
};

/**
 * Scores `spec` with the proxies in `ctx.options.proxies`, in that order. `probeWith` lets a
 * caller supply the probe another way (the pruning search's gated supernet, gatedSupernet.ts).
 */
export async function scoreSpec(
    spec: ArchitectureSpec,
    ctx: ScoreContext,
    probeWith: ProbeProvider = rebuiltProbe,
): Promise<ScoreResult> {
    const start = performance.now();
    const errors: string[] = [];
    const scores: Record<string, number | null> = {};
    const defs: ProxyDef[] = [];
    for (const id of ctx.options.proxies) {
        const def = proxyById(id);
        if (def) defs.push(def);
        else errors.push(`unknown proxy '${id}'`);
        scores[id] = null;
    }
    let probe: ProbeResult | undefined;
    const reasons = new Map<string, string>();
    const { gradientMode, batch, batches } = ctx.options;
    const groups = gradientMode === 'perSample' ? batch : batches;
    for (const def of groups < 2 ? defs.filter((d) => d.needs.acrossGroups) : []) {
        // Why refuse: a variance over one group is 0 for every weight, so the score would be a silent 0.
        reasons.set(
            def.id,
            `needs at least 2 gradient groups (its statistics are variances across them); got ${gradientMode === 'perSample' ? `batch ${batch} per sample` : `${batches} mini-batch`}`,
        );
    }
    try {
        probe = await probeWith(spec, combinedNeeds(defs), ctx, reasons);
    } catch (e) {
        errors.push(`could not score '${spec.name}': ${messageOf(e)}`);
    }
    const window = windowFor(spec, ctx.options);
    for (const def of probe ? defs : []) {
        try {
            const reason = reasons.get(def.id);
            if (reason) throw new Error(reason);
            const value = def.score(probe!, { window: [window.lo, window.hi] });
            if (typeof value === 'number' && Number.isFinite(value)) scores[def.id] = value;
            else
                errors.push(
                    `${def.id}: ${typeof value === 'number' ? `not finite (${value})` : value.error}`,
                );
        } catch (e) {
            errors.push(`${def.id}: ${messageOf(e)}`);
        }
    }
    // Why in errors (last, after each proxy's reason): hosts show them next to the scores; an
    // eval-mode export must not be ranked without a word.
    for (const w of probe?.buildWarnings ?? []) errors.push(`warning: ${w}`);
    return {
        name: spec.name,
        source: sourceOf(spec),
        family: spec.family,
        params: probe?.params ?? null,
        flops: probe?.flops ?? null,
        scores,
        errors,
        device: ctx.device,
        seconds: (performance.now() - start) / 1000,
        window,
        ...(probe ? { activationKinds: countKinds(probe.layers.activations) } : {}),
        ...(ctx.options.collectProfile && probe?.gradStats
            ? { layerProfile: layerLogStds(probe) }
            : {}),
        ...(ctx.options.collectProfile && probe?.gradStats && probe.signCodes
            ? { lswagParts: lswagParts(probe) }
            : {}),
    };
}

/** The window from the options, else the calibrated window of the spec's space, else all bins. */
export function windowFor(spec: ArchitectureSpec, options: ScoreOptions): WindowUsed {
    if (options.window) return { lo: options.window[0], hi: options.window[1], source: 'option' };
    const space = spaceOf(spec);
    const calibrated = space ? options.calibratedWindows?.[space] : undefined;
    if (calibrated) return { lo: calibrated[0], hi: calibrated[1], source: 'calibrated' };
    return { lo: ALL_BINS[0], hi: ALL_BINS[1], source: 'all bins' };
}
