// Scores a pruning candidate (a darts-supernet spec) on the one gated supernet of its shape
// (spaces/dartsSupernetGates.ts): the gated probe graph and synflow's pass are built, exported and
// fed their weights and data once per shape and scoring options, then every candidate is one run
// with its gate values, and its per-layer outputs are narrowed to the layers of the ops it keeps
// (gatedSupernetLayers.ts). Gate 0 removes an op exactly: its output adds 0 to its node, nothing
// downstream sees it, and its own layers (their codes, their zero gradients) are dropped, so each
// proxy equals the rebuilt pruned supernet's (test/unit/core/proxies/gatedSupernet.test.ts).
import { GraphBuilder } from '../ir/builder';
import { countMacs, countParams } from '../ir/costs';
import type { Value } from '../ir/graph';
import { initParams } from '../ir/init';
import { oneHot } from '../ir/loss';
import { type TensorData, sizeOf, sliceRows, tensor } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import { runOnce } from '../onnx/runnable';
import { findProxyLayers, type ProxyLayers } from './layers';
import { BITS_PER_WORD, GRAD_STAT_OUTPUTS, buildProbe, probeOutput } from './probe';
import type { GradStats, ProbeResult, ProxyNeeds } from './proxyDef';
import {
    type ProbeProvider,
    type ScoreContext,
    asFloat32,
    joinCodeWords,
    loadData,
    needsProbeGraph,
    probeLayout,
    rebuiltProbe,
    toFloat64,
} from './score';
import { buildSynflowGraph } from './synflowGraph';
import {
    type GatedSupernet,
    type SupernetShape,
    buildGatedSupernet,
    gateValues,
} from '../spaces/dartsSupernetGates';
import type { DartsSupernetSpec } from '../spec/spec';
import { type LayerOwners, layerOwners, narrowProbe } from './gatedSupernetLayers';

/** Needs the gated supernet serves; any other (grasp, meco, AZ-NAS, zen) rebuilds the candidate. */
const GATED_NEEDS: readonly (keyof ProxyNeeds)[] = [
    'gradStats',
    'acrossGroups',
    'layerOutputGrads',
    'inputJacobian',
    'activationKernel',
    'signCodes',
    'dataFree',
    'labels',
];

export const gatedNeedsOnly = (needs: ProxyNeeds): boolean =>
    Object.entries(needs).every(([k, v]) => !v || GATED_NEEDS.includes(k as keyof ProxyNeeds));

const nwotLayerOutput = (k: number) => `nwot_layer_${k}`;

interface ModelRun {
    readonly model: Uint8Array;
    /** Every feed but the gates. */
    readonly feeds: Record<string, TensorData>;
    readonly gates: readonly Value[];
}

/** The per-shape state built once: the models, their feeds, the full layers and their owners. */
interface GatedBase {
    readonly full: Omit<ProbeResult, 'gradStats' | 'fisher' | 'signCodes' | 'nwotKernel'>;
    readonly owners: LayerOwners;
    readonly probe?: ModelRun;
    readonly synflow?: ModelRun & { readonly perLayer: string; readonly logScale: string };
}

function gateFeeds(run: ModelRun, values: readonly number[]): Record<string, TensorData> {
    const feeds = { ...run.feeds };
    run.gates.forEach((g, i) => (feeds[g.name] = tensor('float32', [1], [values[i]])));
    return feeds;
}

/** The NWOT kernel of one activation layer (probe.ts sums these over layers in its graph). */
function nwotLayerKernel(b: GraphBuilder, preActivation: Value, batch: number): Value {
    const rows =
        preActivation.shape[0] === batch
            ? preActivation
            : b.slice(preActivation, [0], [batch], [0]);
    const z = b.reshape(rows, [batch, -1]);
    const c = b.cast(b.greater(z, b.scalar(0, z)), 1);
    const r = b.reduceSum(c, [1], true);
    const cct = b.mulScalar(b.matMul(c, b.swapLastTwo(c)), 2);
    return b.addScalar(b.sub(b.sub(cct, r), b.swapLastTwo(r)), z.shape[1]);
}

async function buildProbeRun(
    spec: DartsSupernetSpec,
    needs: ProxyNeeds,
    ctx: ScoreContext,
    net: GatedSupernet,
    layers: ProxyLayers,
    weights: Map<string, TensorData>,
): Promise<{ run?: ModelRun; labelled: Partial<ProbeResult> }> {
    const { batch, psiSamples } = ctx.options;
    const { rows, groups, loaded } = probeLayout(ctx.options, needs);
    const graphNeeds = needsProbeGraph(needs);
    const data =
        graphNeeds || needs.labels
            ? await loadData(spec, net.input.shape, net.classes, loaded, ctx)
            : undefined;
    const labelled =
        needs.labels && data && data.labels.length >= batch
            ? {
                  labels: data.labels.slice(0, batch).map((l) => l % net.classes),
                  classes: net.classes,
              }
            : {};
    if (!graphNeeds || !data) return { labelled };
    if (psiSamples > batch)
        throw new Error(`psi samples (${psiSamples}) cannot exceed the batch (${batch})`);
    const b = new GraphBuilder(net.graph);
    buildProbe(b, net.input, net.logits, layers, { needs, batch, groups, psiSamples });
    // Why per layer: a pruned supernet's kernel sums only its own layers' kernels.
    if (needs.activationKernel)
        layers.activations.forEach((a, k) =>
            b.output(nwotLayerKernel(b, a.preActivation, batch), nwotLayerOutput(k)),
        );
    const feeds: Record<string, TensorData> = {
        [net.input.name]: rows === loaded ? data.x : sliceRows(data.x, 0, rows),
    };
    for (const p of net.graph.params) feeds[p.value.name] = weights.get(p.value.name)!;
    if (net.graph.inputs.some((v) => v.name === probeOutput.targets))
        feeds[probeOutput.targets] = oneHot(
            data.labels.slice(0, rows).map((l) => l % net.classes),
            net.classes,
        );
    const model = exportModel(net.graph);
    return { run: { model, feeds, gates: net.gates.map((g) => g.input) }, labelled };
}

function absolute(t: TensorData): TensorData {
    const x = t.data as Float32Array;
    const data = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) data[i] = Math.abs(x[i]);
    return { dtype: t.dtype, shape: t.shape, data };
}

/** Synflow's data-free pass (auxiliaryPasses.ts logSynflow) on the gated supernet. */
function buildSynflowRun(shape: SupernetShape, seed: number): GatedBase['synflow'] {
    const net = buildGatedSupernet(shape, { batch: 1, withoutNorms: true });
    const layers = findProxyLayers(net.graph);
    const values = initParams(net.graph, seed);
    const sg = buildSynflowGraph(net.graph, net.logits, layers.weights);
    const feeds: Record<string, TensorData> = {};
    for (const p of sg.graph.params) feeds[p.value.name] = absolute(values.get(p.value.name)!);
    const gateNames = new Set(net.gates.map((g) => g.input.name));
    const gates = sg.graph.inputs.filter((v) => gateNames.has(v.name));
    for (const v of sg.graph.inputs)
        if (!gateNames.has(v.name))
            feeds[v.name] = tensor('float32', v.shape, new Array(sizeOf(v.shape)).fill(1));
    // The gate inputs in gates order (the rewriter keeps their names).
    const byName = new Map(gates.map((v) => [v.name, v]));
    const ordered = net.gates.map((g) => byName.get(g.input.name)!);
    const model = exportModel(sg.graph);
    return { model, feeds, gates: ordered, perLayer: sg.perLayer, logScale: sg.logScale };
}

async function buildBase(
    spec: DartsSupernetSpec,
    needs: ProxyNeeds,
    ctx: ScoreContext,
): Promise<GatedBase> {
    const { rows, groups } = probeLayout(ctx.options, needs);
    const net = buildGatedSupernet(spec, { batch: rows, ghostGroups: groups });
    const layers = findProxyLayers(net.graph);
    const owners = layerOwners(net.graph, net.gates, layers, rows);
    const weights = initParams(net.graph, ctx.options.seed);
    const full = {
        layers,
        params: countParams(net.graph),
        flops: countMacs(net.graph, rows),
        weightValues: layers.weights.map((l) => asFloat32(weights.get(l.weight.name)!)),
        buildWarnings: net.warnings,
    };
    const { run, labelled } = await buildProbeRun(spec, needs, ctx, net, layers, weights);
    const synflow = needs.dataFree ? buildSynflowRun(spec, ctx.options.seed) : undefined;
    return { full: { ...full, ...labelled }, owners, probe: run, synflow };
}

/** One base at a time: a pruning run scores every candidate with the same shape and options. */
let cached: { readonly key: string; readonly base: Promise<GatedBase> } | undefined;

function baseFor(spec: DartsSupernetSpec, needs: ProxyNeeds, ctx: ScoreContext) {
    const { channels, layers, imageSize, classes } = spec;
    const key = JSON.stringify({ channels, layers, imageSize, classes, needs, o: ctx.options });
    if (cached?.key !== key) {
        const base = buildBase(spec, needs, ctx);
        cached = { key, base };
        // Why: a failed build (say, data that cannot be read) is retried by the next candidate.
        base.catch(() => {
            if (cached?.base === base) cached = undefined;
        });
    }
    return cached.base;
}

async function logSynflowGated(
    run: NonNullable<GatedBase['synflow']>,
    ctx: ScoreContext,
    gates: readonly number[],
    keptWeights: readonly number[],
): Promise<number> {
    const out = await runOnce(ctx.compile, run.model, gateFeeds(run, gates));
    const perLayer = out[run.perLayer].data as Float32Array;
    const total = keptWeights.reduce((s, k) => s + perLayer[k], 0);
    const scale = (out[run.logScale].data as Float32Array)[0];
    if (total === 0)
        throw new Error('the output depends on no weight (no path from the input to the output)');
    return Math.log(total) + scale;
}

/** The probe of a darts-supernet candidate from the gated supernet (others: rebuilt). */
export const gatedSupernetProbe: ProbeProvider = async (spec, needs, ctx, reasons) => {
    if (spec.family !== 'darts-supernet' || !gatedNeedsOnly(needs))
        return rebuiltProbe(spec, needs, ctx, reasons);
    const base = await baseFor(spec, needs, ctx);
    const gates = gateValues(spec);
    const full: ProbeResult = { ...base.full };
    if (base.probe) {
        const out = await runOnce(ctx.compile, base.probe.model, gateFeeds(base.probe, gates));
        const { batch, psiSamples } = ctx.options;
        const words = Math.ceil(psiSamples / BITS_PER_WORD);
        const square = (name: string) =>
            out[name] ? { size: batch, values: toFloat64(out[name]) } : undefined;
        Object.assign(full, {
            gradStats: needs.gradStats
                ? (Object.fromEntries(
                      GRAD_STAT_OUTPUTS.map((k) => [k, toFloat64(out[probeOutput.stat(k)])]),
                  ) as unknown as GradStats)
                : undefined,
            fisher: out[probeOutput.fisher] ? toFloat64(out[probeOutput.fisher]) : undefined,
            jacobianCorrelation: square(probeOutput.jacobian),
            signCodes: needs.signCodes
                ? full.layers.activations.map((_, k) =>
                      joinCodeWords(
                          Array.from({ length: words }, (_, w) => out[probeOutput.code(k, w)]),
                          psiSamples,
                      ),
                  )
                : undefined,
        });
        const narrowed = narrowProbe(full, base.owners, gates);
        let kernel: Float64Array | undefined;
        for (const k of needs.activationKernel ? narrowed.kept.activations : []) {
            const layer = out[nwotLayerOutput(k)].data as Float32Array;
            kernel ??= new Float64Array(layer.length);
            for (let i = 0; i < layer.length; i++) kernel[i] += layer[i];
        }
        return {
            ...narrowed.probe,
            nwotKernel: kernel ? { size: batch, values: kernel } : undefined,
            ...(await synflowPart(base, ctx, gates, narrowed.kept.weights, reasons)),
        };
    }
    const narrowed = narrowProbe(full, base.owners, gates);
    return {
        ...narrowed.probe,
        ...(await synflowPart(base, ctx, gates, narrowed.kept.weights, reasons)),
    };
};

async function synflowPart(
    base: GatedBase,
    ctx: ScoreContext,
    gates: readonly number[],
    keptWeights: readonly number[],
    reasons: Map<string, string>,
): Promise<Partial<ProbeResult>> {
    if (!base.synflow) return {};
    try {
        return { logSynflow: await logSynflowGated(base.synflow, ctx, gates, keptWeights) };
    } catch (e) {
        reasons.set('synflow', e instanceof Error ? e.message : String(e));
        return {};
    }
}
