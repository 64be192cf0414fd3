// Extends a model's forward graph with everything the requested proxies need, reduced in the
// graph: per-layer gradient statistics over N mini-batches (ghost batch norm + per-group weight
// gradients, so one run gives every mini-batch's gradient), fisher terms, the input Jacobian's
// correlation matrix, the NWOT kernel and packed sign patterns. Outputs stay small.
import { backward } from '../autodiff/backward';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { crossEntropy } from '../ir/loss';
import { tensor } from '../ir/tensor';
import type { ProxyLayers, WeightLayer } from './layers';
import type { ProxyNeeds } from './proxyDef';

export interface ProbePlan {
    readonly needs: ProxyNeeds;
    /** Rows per mini-batch (B). */
    readonly batch: number;
    /** Independent gradient groups: N mini-batches, or B single samples in per-sample mode. */
    readonly groups: number;
    /** Samples of batch 1 whose sign patterns count (S). */
    readonly psiSamples: number;
}

/** Bits packed per int64 word of a sign pattern (31 keeps every partial sum positive). */
export const BITS_PER_WORD = 31;

export const GRAD_STAT_OUTPUTS = ['plain', 'snip', 'gradSquares', 'zico', 'lswag', 'logStdSum', 'logStdCount'] as const;

/** Names of the graph outputs the probe adds. */
export const probeOutput = {
    stat: (name: (typeof GRAD_STAT_OUTPUTS)[number]) => `stat_${name}`,
    fisher: 'fisher',
    jacobian: 'jacobian_correlation',
    nwot: 'nwot_kernel',
    code: (layer: number, word: number) => `code_${layer}_${word}`,
    targets: 'targets',
};

/** Stacks D scalars into one [D] output. */
function stack(b: GraphBuilder, scalars: Value[]): Value {
    return b.concat(scalars.map((s) => b.reshape(s, [1])), 0);
}

/** The first `rows` rows of a batch-major value. */
function firstRows(b: GraphBuilder, v: Value, rows: number): Value {
    return rows === v.shape[0] ? v : b.slice(v, [0], [rows], [0]);
}

function gradStatistics(b: GraphBuilder, layers: readonly WeightLayer[], grads: Map<Value, Value | null>): void {
    const columns: Record<(typeof GRAD_STAT_OUTPUTS)[number], Value[]> = {
        plain: [], snip: [], gradSquares: [], zico: [], lswag: [], logStdSum: [], logStdCount: [],
    };
    for (const layer of layers) {
        const w = layer.weight;
        const grouped = grads.get(w) ?? b.zeros([1, ...w.shape], w.dtype);
        const g1 = b.gather(grouped, b.constant(tensor('int64', [], [0])), 0);
        const wg = b.mul(w, g1);
        columns.plain.push(b.sumAll(wg));
        columns.snip.push(b.sumAll(b.abs(wg)));
        columns.gradSquares.push(b.sumAll(b.mul(g1, g1)));
        const zero = b.scalar(0, w);
        // zico: Σ mean_i|g| / std_i(g) over weights with std > 0 (std of the signed gradient).
        const meanG = b.reduceMean(grouped, [0], false);
        const centred = b.sub(grouped, meanG);
        const std = b.sqrt(b.reduceMean(b.mul(centred, centred), [0], false));
        const absG = b.abs(grouped);
        const meanAbs = b.reduceMean(absG, [0], false);
        columns.zico.push(b.sumAll(b.where(b.greater(std, zero), b.div(meanAbs, std), zero)));
        // lswag: Σ 1 / sqrt(Var_i(|g|)) over weights with Var > 0 (variance of the absolute gradient).
        const absCentred = b.sub(absG, meanAbs);
        const varAbs = b.reduceMean(b.mul(absCentred, absCentred), [0], false);
        const positive = b.greater(varAbs, zero);
        columns.lswag.push(b.sumAll(b.where(positive, b.reciprocal(b.sqrt(varAbs)), zero)));
        columns.logStdSum.push(b.sumAll(b.where(positive, b.mulScalar(b.log(varAbs), 0.5), zero)));
        columns.logStdCount.push(b.sumAll(b.cast(positive, 1)));
    }
    for (const name of GRAD_STAT_OUTPUTS) b.output(stack(b, columns[name]), probeOutput.stat(name));
}

/** Σ_channels 0.5 · mean over batch 1 of (Σ_positions a · dL/da)², per weight layer. */
function fisherTerms(b: GraphBuilder, layers: readonly WeightLayer[], grads: Map<Value, Value | null>, batch: number): void {
    const terms = layers.map((layer) => {
        const a = firstRows(b, layer.output, batch);
        const g = grads.get(layer.output);
        if (!g) return b.scalar(0, a);
        const product = b.mul(a, firstRows(b, g, batch));
        // Conv outputs [B, C, H, W]: positions are spatial; token outputs [B, T, E]: positions are tokens.
        const positions = layer.kind === 'conv' ? product.shape.map((_, k) => k).slice(2) : product.shape.length === 3 ? [1] : [];
        const perChannel = positions.length > 0 ? b.reduceSum(product, positions, false) : product;
        return b.mulScalar(b.sumAll(b.reduceMean(b.mul(perChannel, perChannel), [0], false)), 0.5);
    });
    b.output(stack(b, terms), probeOutput.fisher);
}

/** Correlation matrix of the rows of J = d(Σ logits)/dx for batch 1 (samples coupled by BN). */
function jacobianCorrelation(b: GraphBuilder, input: Value, logits: Value, batch: number): void {
    const jacobian = backward(b, b.sumAll(logits), { wrt: [input] }).get(input);
    if (!jacobian) throw new Error('the logits do not depend on the input');
    const rows = b.reshape(firstRows(b, jacobian, batch), [batch, -1]);
    const centred = b.sub(rows, b.reduceMean(rows, [1], true));
    const covariance = b.matMul(centred, b.swapLastTwo(centred));
    const norms = b.sqrt(b.reduceSum(b.mul(centred, centred), [1], true));
    b.output(b.div(covariance, b.matMul(norms, b.swapLastTwo(norms))), probeOutput.jacobian);
}

/** K = Σ_layers c cᵀ + (1-c)(1-c)ᵀ = Σ_layers 2 c cᵀ - r 1ᵀ - 1 rᵀ + U (r = row sums, U = units). */
function nwotKernel(b: GraphBuilder, layers: ProxyLayers, batch: number): void {
    const perLayer = layers.activations.map(({ preActivation }) => {
        const z = b.reshape(firstRows(b, preActivation, batch), [batch, -1]);
        const c = b.cast(b.greater(z, b.scalar(0, z)), 1);
        const r = b.reduceSum(c, [1], true);
        const cct = b.mulScalar(b.matMul(c, b.swapLastTwo(c)), 2);
        return b.addScalar(b.sub(b.sub(cct, r), b.swapLastTwo(r)), z.shape[1]);
    });
    b.output(perLayer.reduce((acc, k) => b.add(acc, k)), probeOutput.nwot);
}

/** Per activation layer and unit, the bits 1[a_s > 0] of samples s < S packed into int64 words. */
function signCodes(b: GraphBuilder, layers: ProxyLayers, samples: number): void {
    layers.activations.forEach(({ preActivation }, k) => {
        const z = b.reshape(firstRows(b, preActivation, samples), [samples, -1]);
        const bits = b.cast(b.greater(z, b.scalar(0, z)), 7);
        for (let word = 0; word * BITS_PER_WORD < samples; word++) {
            const lo = word * BITS_PER_WORD;
            const hi = Math.min(samples, lo + BITS_PER_WORD);
            const weights = Array.from({ length: hi - lo }, (_, s) => 2 ** s);
            const part = hi - lo === samples ? bits : b.slice(bits, [lo], [hi], [0]);
            const scaled = b.mul(part, b.constant(tensor('int64', [hi - lo, 1], weights)));
            b.output(b.reduceSum(scaled, [0], false), probeOutput.code(k, word));
        }
    });
}

/**
 * Adds the probe to `b`'s graph (the model's forward graph) and returns nothing: the outputs are
 * named by `probeOutput`. Feed `targets` ([rows, classes] one-hot) alongside the data and params.
 */
export function buildProbe(b: GraphBuilder, input: Value, logits: Value, layers: ProxyLayers, plan: ProbePlan): void {
    b.graph.outputs.length = 0;
    const { needs, batch, groups } = plan;
    if (needs.gradStats || needs.layerOutputGrads) {
        const targets = b.input(probeOutput.targets, logits.dtype, logits.shape);
        const loss = crossEntropy(b, logits, targets, groups);
        const weights = needs.gradStats ? layers.weights.map((l) => l.weight) : [];
        const outputs = needs.layerOutputGrads ? layers.weights.map((l) => l.output) : [];
        const grads = backward(b, loss, {
            wrt: [...weights, ...outputs],
            groups: new Map(weights.map((w) => [w, groups])),
        });
        if (needs.gradStats) gradStatistics(b, layers.weights, grads);
        if (needs.layerOutputGrads) fisherTerms(b, layers.weights, grads, batch);
    }
    if (needs.inputJacobian) jacobianCorrelation(b, input, logits, batch);
    // Why: a network without ReLU/GELU has no codes; nwot then reports that instead of a kernel.
    if (needs.activationKernel && layers.activations.length > 0) nwotKernel(b, layers, batch);
    if (needs.signCodes) signCodes(b, layers, plan.psiSamples);
    b.graph.prune();
}
