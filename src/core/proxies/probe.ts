// Extends a model's forward graph with everything the requested proxies need, reduced in the
// graph: per-layer gradient statistics over N mini-batches (ghost batch norm + per-group weight
// gradients, so one run gives every mini-batch's gradient), fisher terms, the input Jacobian's
// correlation matrix, the NWOT kernel and packed sign patterns. Outputs stay small.
import { backward } from '../autodiff/backward';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { crossEntropy } from '../ir/loss';
import { onnxTypeCodes, sizeOf, tensor } from '../ir/tensor';
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

/** Bits packed per int32 word of a sign pattern (31 keeps every partial sum positive). */
export const BITS_PER_WORD = 31;

export const GRAD_STAT_OUTPUTS = [
    'plain',
    'snip',
    'gradSquares',
    'zico',
    'lswag',
    'logStdSum',
    'logStdCount',
] as const;

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
    return b.concat(
        scalars.map((s) => b.reshape(s, [1])),
        0,
    );
}

/** The first `rows` rows of a batch-major value. */
function firstRows(b: GraphBuilder, v: Value, rows: number): Value {
    return rows === v.shape[0] ? v : b.slice(v, [0], [rows], [0]);
}

/** Elements ([groups x weights]) one chunk of gradient statistics holds at most, bounding its temporaries. */
const STAT_CHUNK_ELEMENTS = 1 << 24;

/** Layers in order, cut into runs whose grouped gradients hold at most STAT_CHUNK_ELEMENTS (a bigger layer runs alone). */
function chunksOf(layers: readonly WeightLayer[], groups: number): number[][] {
    const chunks: number[][] = [];
    let size = Infinity;
    layers.forEach((layer, k) => {
        const n = groups * sizeOf(layer.weight.shape);
        if (size + n > STAT_CHUNK_ELEMENTS) {
            chunks.push([]);
            size = 0;
        }
        chunks[chunks.length - 1].push(k);
        size += n;
    });
    return chunks;
}

/**
 * The seven per-weight terms of GRAD_STAT_OUTPUTS for the weights of some layers, flattened and
 * concatenated: [7, weights]. g has the per-group gradients [G, weights], w the weights [1, weights].
 */
function statTerms(b: GraphBuilder, g: Value, w: Value): Value {
    const zero = b.scalar(0, g);
    const g1 = b.slice(g, [0], [1], [0]);
    const wg = b.mul(w, g1);
    // zico: mean_i|g| / std_i(g) where std > 0 (std of the signed gradient).
    const centred = b.sub(g, b.reduceMean(g, [0], true));
    const std = b.sqrt(b.reduceMean(b.mul(centred, centred), [0], true));
    const absG = b.abs(g);
    const meanAbs = b.reduceMean(absG, [0], true);
    const zico = b.where(b.greater(std, zero), b.div(meanAbs, std), zero);
    // lswag: 1 / sqrt(Var_i(|g|)) where Var > 0 (variance of the absolute gradient).
    const absCentred = b.sub(absG, meanAbs);
    const varAbs = b.reduceMean(b.mul(absCentred, absCentred), [0], true);
    const positive = b.greater(varAbs, zero);
    const lswag = b.where(positive, b.reciprocal(b.sqrt(varAbs)), zero);
    const logStd = b.where(positive, b.mulScalar(b.log(varAbs), 0.5), zero);
    const terms = {
        plain: wg,
        snip: b.abs(wg),
        gradSquares: b.mul(g1, g1),
        zico,
        lswag,
        logStdSum: logStd,
        logStdCount: b.cast(positive, 1),
    };
    return b.concat(
        GRAD_STAT_OUTPUTS.map((name) => terms[name]),
        0,
    );
}

/**
 * Per weight layer sums of the seven terms (one [D] output each). Why chunks of concatenated
 * layers: the same elementwise terms per layer cost ~40 nodes each (3,300 for NB201), and session
 * creation time grows with the node count; concatenated, a chunk costs ~25 nodes plus 2 per layer.
 */
function gradStatistics(
    b: GraphBuilder,
    layers: readonly WeightLayer[],
    grads: Map<Value, Value | null>,
    groups: number,
): void {
    const sums: Value[] = [];
    for (const chunk of chunksOf(layers, groups)) {
        const sizes = chunk.map((k) => sizeOf(layers[k].weight.shape));
        const flat = (v: Value, rows: number) => b.reshape(v, [rows, -1]);
        const gradsOf = chunk.map((k) =>
            flat(
                grads.get(layers[k].weight) ??
                    b.zeros([groups, ...layers[k].weight.shape], layers[k].weight.dtype),
                groups,
            ),
        );
        const weightsOf = chunk.map((k) => flat(layers[k].weight, 1));
        const terms = statTerms(
            b,
            gradsOf.length === 1 ? gradsOf[0] : b.concat(gradsOf, 1),
            weightsOf.length === 1 ? weightsOf[0] : b.concat(weightsOf, 1),
        );
        let at = 0;
        for (const n of sizes) {
            const part = sizes.length === 1 ? terms : b.slice(terms, [at], [at + n], [1]);
            sums.push(b.reduceSum(part, [1], true)); // [7, 1]
            at += n;
        }
    }
    const table = sums.length === 1 ? sums[0] : b.concat(sums, 1); // [7, D]
    GRAD_STAT_OUTPUTS.forEach((name, k) =>
        b.output(
            b.reshape(b.slice(table, [k], [k + 1], [0]), [layers.length]),
            probeOutput.stat(name),
        ),
    );
}

/** Σ_channels 0.5 · mean over batch 1 of (Σ_positions a · dL/da)², per weight layer. */
function fisherTerms(
    b: GraphBuilder,
    layers: readonly WeightLayer[],
    grads: Map<Value, Value | null>,
    batch: number,
): void {
    const terms = layers.map((layer) => {
        const a = firstRows(b, layer.output, batch);
        const g = grads.get(layer.output);
        if (!g) return b.scalar(0, a);
        const product = b.mul(a, firstRows(b, g, batch));
        // Conv outputs [B, C, H, W]: positions are spatial; token outputs [B, T, E]: positions are tokens.
        const positions =
            layer.kind === 'conv'
                ? product.shape.map((_, k) => k).slice(2)
                : product.shape.length === 3
                  ? [1]
                  : [];
        const perChannel = positions.length > 0 ? b.reduceSum(product, positions, false) : product;
        return b.mulScalar(b.sumAll(b.reduceMean(b.mul(perChannel, perChannel), [0], false)), 0.5);
    });
    b.output(stack(b, terms), probeOutput.fisher);
}

/** Correlation matrix of the rows of J = d(Σ logits)/dx for batch 1 (samples coupled by BN). */
export function jacobianCorrelation(
    b: GraphBuilder,
    input: Value,
    logits: Value,
    batch: number,
): void {
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
    b.output(
        perLayer.reduce((acc, k) => b.add(acc, k)),
        probeOutput.nwot,
    );
}

/**
 * Per activation layer and unit, the bits 1[a_s > 0] of samples s < S packed into int32 words of
 * 31 bits. Why int32: int64 outputs reach JS as BigInts, whose conversion took ~1 s per ViT.
 */
function signCodes(b: GraphBuilder, layers: ProxyLayers, samples: number): void {
    layers.activations.forEach(({ preActivation }, k) => {
        const z = b.reshape(firstRows(b, preActivation, samples), [samples, -1]);
        const bits = b.cast(b.greater(z, b.scalar(0, z)), onnxTypeCodes.int32);
        for (let word = 0; word * BITS_PER_WORD < samples; word++) {
            const lo = word * BITS_PER_WORD;
            const hi = Math.min(samples, lo + BITS_PER_WORD);
            const weights = Array.from({ length: hi - lo }, (_, s) => 2 ** s);
            const part = hi - lo === samples ? bits : b.slice(bits, [lo], [hi], [0]);
            const scaled = b.mul(part, b.constant(tensor('int32', [hi - lo, 1], weights)));
            b.output(b.reduceSum(scaled, [0], false), probeOutput.code(k, word));
        }
    });
}

/**
 * Adds the probe to `b`'s graph (the model's forward graph) and returns nothing: the outputs are
 * named by `probeOutput`. Feed `targets` ([rows, classes] one-hot) alongside the data and params.
 */
export function buildProbe(
    b: GraphBuilder,
    input: Value,
    logits: Value,
    layers: ProxyLayers,
    plan: ProbePlan,
): void {
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
        if (needs.gradStats) gradStatistics(b, layers.weights, grads, groups);
        if (needs.layerOutputGrads) fisherTerms(b, layers.weights, grads, batch);
    }
    if (needs.inputJacobian) jacobianCorrelation(b, input, logits, batch);
    // Why: a network without activation layers has no codes; nwot then reports that instead of a kernel.
    if (needs.activationKernel && layers.activations.length > 0) nwotKernel(b, layers, batch);
    if (needs.signCodes) signCodes(b, layers, plan.psiSamples);
    b.graph.prune();
}
