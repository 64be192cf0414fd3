// Every proxy on tiny networks against values computed here by hand (plain JS forward/backward of
// a 2-layer MLP and a linear classifier, written out formula by formula), not by our engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { exportModel } from '../../../../src/core/onnx/export';
import { runOnce } from '../../../../src/core/onnx/runnable';
import { graspByLayer } from '../../../../src/core/proxies/auxiliaryPasses';
import { findProxyLayers } from '../../../../src/core/proxies/layers';
import { type TensorData, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { logAbsDet, symmetricEigenvalues } from '../../../../src/core/proxies/numeric';
import { type ScoreContext, scoreSpec } from '../../../../src/core/proxies/score';
import { buildModel } from '../../../../src/core/spaces/index';
import type { LayerListSpec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';
import type { ScoreOptions } from '../../../../src/protocol/worker';

type Matrix = number[][];
const B = 4; // rows per mini-batch
const N = 2; // mini-batches
const F = 7; // input features (more than B, so the Jacobian correlation has full rank)
const H = 5; // hidden units
const K = 3; // classes

const matmul = (a: Matrix, b: Matrix): Matrix =>
    a.map((r) => b[0].map((_, j) => r.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: Matrix): Matrix => a[0].map((_, j) => a.map((r) => r[j]));
const reshape = (flat: number[], rows: number, cols: number): Matrix =>
    Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
const flat = (m: Matrix) => m.flat();
const softmax = (r: number[]) => {
    const mx = Math.max(...r);
    const e = r.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
};

/** One mini-batch through y = relu(x W1 + b1) W2 + b2 with mean cross-entropy: all the pieces. */
function mlpBatch(x: Matrix, labels: number[], w1: Matrix, b1: number[], w2: Matrix, b2: number[]) {
    const z = matmul(x, w1).map((r) => r.map((v, j) => v + b1[j]));
    const h = z.map((r) => r.map((v) => Math.max(v, 0)));
    const logits = matmul(h, w2).map((r) => r.map((v, j) => v + b2[j]));
    const dLogits = logits.map((r, s) =>
        softmax(r).map((p, j) => (p - (labels[s] === j ? 1 : 0)) / x.length),
    );
    const dW2 = matmul(transpose(h), dLogits);
    const dZ = matmul(dLogits, transpose(w2)).map((r, s) => r.map((v, j) => (z[s][j] > 0 ? v : 0)));
    const dW1 = matmul(transpose(x), dZ);
    // d(Σ logits)/dx: row s = W1 diag(1[z_s > 0]) W2 1.
    const w2RowSums = w2.map((r) => r.reduce((a, b) => a + b, 0));
    const jacobian = z.map((zs) =>
        w1.map((row) => row.reduce((acc, w, j) => acc + (zs[j] > 0 ? w * w2RowSums[j] : 0), 0)),
    );
    return { z, logits, dLogits, dW1, dW2, dZ, jacobian };
}

const spec: LayerListSpec = {
    family: 'layers',
    name: 'mlp',
    input: [F],
    classes: K,
    layers: [{ type: 'linear', out: H }, { type: 'relu' }, { type: 'linear', out: K }],
};

const options: ScoreOptions = {
    proxies: [
        'params',
        'flops',
        'l2_norm',
        'plain',
        'snip',
        'grad_norm',
        'zico',
        'fisher',
        'jacov',
        'nwot',
        'swap',
        'lswag',
        'synflow',
        'grasp',
    ],
    data: { kind: 'synthetic' },
    batch: B,
    batches: N,
    seed: 5,
    psiSamples: 3,
    gradientMode: 'batches',
};

const rng = new Rng(99);
const xFlat = Array.from({ length: N * B * F }, () => rng.normal());
const labels = Array.from({ length: N * B }, (_, i) => (i * 2 + 1) % K);

const ctx: ScoreContext = {
    compile: (m) => createSession(m, { threads: 1 }),
    data: async (req) => {
        assert.deepEqual(
            [req.channels, req.height, req.width, req.batch, req.batches],
            [F, 1, 1, B, N],
        );
        return {
            x: tensor('float32', [N * B, F, 1, 1], xFlat),
            labels,
            description: 'test',
            warnings: [],
        };
    },
    options,
    device: 'cpu',
};

function weights() {
    const g = buildModel(spec, { batch: 1 }).graph;
    const v = initParams(g, options.seed);
    const get = (name: string) => toNumbers(v.get(name)!);
    return {
        w1: reshape(get('layers[0].weight'), F, H),
        b1: get('layers[0].bias'),
        w2: reshape(get('layers[2].weight'), H, K),
        b2: get('layers[2].bias'),
    };
}

function close(actual: number | null | undefined, expected: number, rel = 2e-4, what = '') {
    assert.ok(actual !== null && actual !== undefined, `${what}: no value`);
    assert.ok(
        Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)),
        `${what}: ${actual} vs hand-computed ${expected}`,
    );
}

describe('proxies on a 2-layer MLP match hand computation', async () => {
    const { w1, b1, w2, b2 } = weights();
    const x = reshape(xFlat, N * B, F);
    const batches = [0, 1].map((i) =>
        mlpBatch(x.slice(i * B, (i + 1) * B), labels.slice(i * B, (i + 1) * B), w1, b1, w2, b2),
    );
    const [first] = batches;
    const result = await scoreSpec(spec, ctx);
    const s = result.scores;
    const layerWeights = [flat(w1), flat(w2)];
    const layerGrads = (i: number) => [flat(batches[i].dW1), flat(batches[i].dW2)];

    it('reportsNoErrorsForTheComputedProxies', () => {
        assert.deepEqual(
            result.errors.filter((e) => !e.startsWith('nwot')),
            [],
        );
    });

    it('paramsFlopsAndL2Norm', () => {
        assert.equal(s.params, F * H + H + H * K + K);
        assert.equal(s.flops, F * H + H * K);
        close(
            s.l2_norm,
            layerWeights.reduce((acc, w) => acc + Math.hypot(...w), 0),
            1e-6,
            'l2_norm',
        );
    });

    it('plainSnipAndGradNormUseTheBatchOneGradient', () => {
        const g1 = layerGrads(0);
        close(
            s.plain,
            layerWeights.reduce((acc, w, l) => acc + w.reduce((a, v, i) => a + v * g1[l][i], 0), 0),
            2e-4,
            'plain',
        );
        close(
            s.snip,
            layerWeights.reduce(
                (acc, w, l) => acc + w.reduce((a, v, i) => a + Math.abs(v * g1[l][i]), 0),
                0,
            ),
            2e-4,
            'snip',
        );
        close(
            s.grad_norm,
            g1.reduce((acc, g) => acc + Math.hypot(...g), 0),
            2e-4,
            'grad_norm',
        );
    });

    it('zicoAndLswagUseStatisticsOverTheMiniBatches', () => {
        let zico = 0;
        let lambda = 0;
        for (let l = 0; l < 2; l++) {
            const [ga, gb] = [layerGrads(0)[l], layerGrads(1)[l]];
            let zInner = 0;
            let lInner = 0;
            ga.forEach((a, i) => {
                const b = gb[i];
                const std = Math.abs(a - b) / 2; // population std over N = 2
                if (std > 0) zInner += (Math.abs(a) + Math.abs(b)) / 2 / std;
                const varAbs = ((Math.abs(a) - Math.abs(b)) / 2) ** 2;
                if (varAbs > 0) lInner += 1 / Math.sqrt(varAbs);
            });
            if (zInner > 0) zico += Math.log(zInner);
            if (lInner > 0) lambda += Math.log(lInner);
        }
        close(s.zico, zico, 1e-3, 'zico');
        // Psi: distinct 3-bit patterns of the H hidden units over samples 0..2 of batch 1.
        const patterns = new Set(
            Array.from({ length: H }, (_, j) =>
                [0, 1, 2].map((r) => (first.z[r][j] > 0 ? 1 : 0)).join(''),
            ),
        );
        close(s.swap, patterns.size, 0, 'swap');
        close(s.lswag, lambda * patterns.size, 1e-3, 'lswag');
    });

    it('fisherOverBothLayerOutputs', () => {
        // Layer outputs: a1 = x W1 + b1 (gradient dZ before the ReLU mask is dh; use the chain) and the logits.
        const dA1 = matmul(first.dLogits, transpose(w2));
        const a1 = first.z;
        const term = (a: Matrix, g: Matrix) =>
            a[0].reduce(
                (acc, _, j) =>
                    acc +
                    (0.5 * a.reduce((m, row, r) => m + (row[j] * g[r][j]) ** 2, 0)) / a.length,
                0,
            );
        const dZmasked = dA1.map((r, i) => r.map((v, j) => (a1[i][j] > 0 ? v : 0)));
        close(s.fisher, term(a1, dZmasked) + term(first.logits, first.dLogits), 2e-4, 'fisher');
    });

    it('jacovFromTheEigenvaluesOfTheJacobianCorrelation', () => {
        const rows = first.jacobian;
        const centred = rows.map((r) => {
            const m = r.reduce((a, b) => a + b, 0) / r.length;
            return r.map((v) => v - m);
        });
        const cov = matmul(centred, transpose(centred));
        const corr = cov.map((r, i) => r.map((v, j) => v / Math.sqrt(cov[i][i] * cov[j][j])));
        const eig = symmetricEigenvalues(flat(corr), B);
        close(
            s.jacov,
            -Array.from(eig).reduce((acc, l) => acc + Math.log(l + 1e-5) + 1 / (l + 1e-5), 0),
            1e-3,
            'jacov',
        );
    });

    it('nwotIsTheLogDeterminantOfTheCodeKernel', () => {
        const codes = first.z.map((r) => r.map((v) => (v > 0 ? 1 : 0)));
        const kernel = codes.map((a) =>
            codes.map((b) => a.reduce((acc: number, v, j) => acc + (v === b[j] ? 1 : 0), 0)),
        );
        const expected = logAbsDet(flat(kernel), B);
        if (Number.isFinite(expected)) close(s.nwot, expected, 1e-6, 'nwot');
        else assert.equal(s.nwot, null);
    });

    it('synflowWithAbsoluteWeightsAndAnAllOnesInput', () => {
        const a = (m: Matrix) => m.map((r) => r.map(Math.abs));
        const h = a(w1)[0].map(
            (_, k) => a(w1).reduce((acc, row) => acc + row[k], 0) + Math.abs(b1[k]),
        );
        const w2Abs = a(w2);
        const fromW2 = w2Abs.reduce(
            (acc, row, k) => acc + row.reduce((r, v) => r + v * h[k], 0),
            0,
        );
        const fromW1 = a(w1).reduce(
            (acc, row) =>
                acc + row.reduce((r, v, k) => r + v * w2Abs[k].reduce((p, q) => p + q, 0), 0),
            0,
        );
        close(s.synflow, Math.log(fromW1 + fromW2), 1e-5, 'synflow');
    });
});

describe("where each pass runs: batch-1 graphs, and jacov inside grasp's pass", async () => {
    const { w1, b1, w2, b2 } = weights();
    const x = reshape(xFlat, N * B, F);
    const first = mlpBatch(x.slice(0, B), labels.slice(0, B), w1, b1, w2, b2);
    const g1 = [flat(first.dW1), flat(first.dW2)];
    const expectedPlain = [flat(w1), flat(w2)].reduce(
        (acc, w, l) => acc + w.reduce((a, v, i) => a + v * g1[l][i], 0),
        0,
    );
    const expectedJacov = (() => {
        const centred = first.jacobian.map((r) =>
            r.map((v) => v - r.reduce((a, b) => a + b, 0) / r.length),
        );
        const cov = matmul(centred, transpose(centred));
        const corr = cov.map((r, i) => r.map((v, j) => v / Math.sqrt(cov[i][i] * cov[j][j])));
        return -Array.from(symmetricEigenvalues(flat(corr), B)).reduce(
            (acc, l) => acc + Math.log(l + 1e-5) + 1 / (l + 1e-5),
            0,
        );
    })();
    /** Scores `proxies`, recording the row count and outputs of every model run; `failGrasp` makes grasp's run throw. */
    async function scoreWith(proxies: string[], failGrasp = false) {
        const runs: { rows: number; outputs: readonly string[] }[] = [];
        const compile: ScoreContext['compile'] = async (m) => {
            const session = await createSession(m, { threads: 1 });
            return {
                ...session,
                run: async (feeds) => {
                    const isGrasp = session.outputNames.includes('w_hg_0');
                    runs.push({
                        rows: Object.values(feeds).find(
                            (t) => t.shape.length === 4 || t.shape[1] === F,
                        )!.shape[0],
                        outputs: session.outputNames,
                    });
                    if (isGrasp && failGrasp) throw new Error('no second-order rule for this op');
                    return session.run(feeds);
                },
            };
        };
        const result = await scoreSpec(spec, { ...ctx, compile, options: { ...options, proxies } });
        return { result, runs };
    }

    it('singleBatchProxiesAloneRunOnBatchOneRowsOnly', async () => {
        for (const proxy of ['plain', 'jacov']) {
            const { result, runs } = await scoreWith([proxy]);
            assert.deepEqual(
                runs.map((r) => r.rows),
                [B],
                `${proxy}: one run of B rows`,
            );
            close(
                result.scores[proxy],
                proxy === 'plain' ? expectedPlain : expectedJacov,
                proxy === 'plain' ? 2e-4 : 1e-3,
                proxy,
            );
        }
        const { runs } = await scoreWith(['plain', 'lswag']);
        assert.deepEqual(
            runs.map((r) => r.rows),
            [N * B],
            'a need across mini-batches runs all N batches',
        );
    });

    it('withGraspTheJacobianComesFromGraspsBatchOneGraph', async () => {
        const { result, runs } = await scoreWith(['jacov', 'grasp', 'plain']);
        const withJacobian = runs.filter((r) => r.outputs.includes('jacobian_correlation'));
        assert.equal(withJacobian.length, 1);
        assert.ok(
            withJacobian[0].outputs.includes('w_hg_0'),
            "the Jacobian is an output of grasp's graph",
        );
        close(result.scores.jacov, expectedJacov, 1e-3, 'jacov');
        assert.deepEqual(result.errors, []);
    });

    it('whenGraspsPassFailsJacovIsStillComputedAndOnlyGraspReportsTheError', async () => {
        const { result, runs } = await scoreWith(['jacov', 'grasp'], true);
        assert.equal(result.scores.grasp, null);
        assert.deepEqual(result.errors, ['grasp: no second-order rule for this op']);
        close(result.scores.jacov, expectedJacov, 1e-3, 'jacov');
        assert.deepEqual(
            runs.map((r) => r.outputs.includes('jacobian_correlation')),
            [true, true],
            "grasp's run, then the probe's",
        );
    });
});

describe('grasp on a linear classifier matches the exact Hessian-gradient product', async () => {
    const linear: LayerListSpec = {
        family: 'layers',
        name: 'linear',
        input: [F],
        classes: K,
        layers: [{ type: 'linear', out: K }],
    };
    const result = await scoreSpec(linear, { ...ctx, options: { ...options, proxies: ['grasp'] } });
    it('graspIsMinusWeightsDotHessianTimesGradient', () => {
        const g = buildModel(linear, { batch: 1 }).graph;
        const v = initParams(g, options.seed);
        const w = reshape(toNumbers(v.get('layers[0].weight')!), F, K);
        const b = toNumbers(v.get('layers[0].bias')!);
        const x = reshape(xFlat, N * B, F).slice(0, B);
        const probs = matmul(x, w).map((r) => softmax(r.map((val, j) => val + b[j])));
        const grad = matmul(
            transpose(x),
            probs.map((p, s) => p.map((q, j) => (q - (labels[s] === j ? 1 : 0)) / B)),
        );
        // H g for logits = x W: (H g)_{ij} = (1/B) Σ_s x_si Σ_k (diag(p_s) - p_s p_sᵀ)_{jk} (x_s g)_k.
        const xg = matmul(x, grad);
        let expected = 0;
        for (let i = 0; i < F; i++) {
            for (let j = 0; j < K; j++) {
                let hg = 0;
                x.forEach((xs, s) => {
                    const p = probs[s];
                    const inner = p.reduce(
                        (acc, pk, k) => acc + ((j === k ? p[j] : 0) - p[j] * pk) * xg[s][k],
                        0,
                    );
                    hg += (xs[i] * inner) / B;
                });
                expected -= w[i][j] * hg;
            }
        }
        close(result.scores.grasp, expected, 1e-4, 'grasp');
    });
});

describe('grasp on convolutions followed by training-mode batch norm', async () => {
    // A conv followed by batch norm is scale-invariant in its weight: L(αw) = L(w). Differentiating
    // twice gives H w = -g for that layer, so its term -w·(H g) equals |g|² exactly.
    const convNet: LayerListSpec = {
        family: 'layers',
        name: 'conv-bn',
        input: [2, 5, 5],
        classes: K,
        layers: [
            { type: 'conv', out: 4, kernel: 3, padding: 1 },
            { type: 'batchnorm' },
            { type: 'relu' },
            { type: 'conv', out: 3, kernel: 3 },
            { type: 'batchnorm' },
            { type: 'relu' },
            { type: 'globalavgpool' },
            { type: 'linear', out: K },
        ],
    };
    const rowsOf = new Rng(7);
    const x = tensor(
        'float32',
        [8, 2, 5, 5],
        Array.from({ length: 8 * 50 }, () => rowsOf.normal()),
    );
    const ys = Array.from({ length: 8 }, (_, i) => i % K);
    const compile = ctx.compile;
    const terms = await graspByLayer(convNet, compile, 3, x, ys);
    const squaredGradients = await gradientSquares(convNet, x, ys);
    it('eachBatchNormedConvTermIsItsSquaredGradient', () => {
        for (const name of ['layers[0].weight', 'layers[3].weight']) {
            const term = terms.find((t) => t.name === name)!.value;
            close(term, squaredGradients.get(name)!, 1e-3, name);
            assert.ok(term > 0, `${name}: ${term}`);
        }
    });
});

/** |∂L/∂w|² per weight layer, from our gradient graph (checked against finite differences elsewhere). */
async function gradientSquares(
    spec: LayerListSpec,
    x: TensorData,
    ys: number[],
): Promise<Map<string, number>> {
    const built = buildModel(spec, { batch: x.shape[0] });
    const b = new GraphBuilder(built.graph);
    built.graph.outputs.length = 0;
    const targets = b.input('targets', built.logits.dtype, built.logits.shape);
    const weights = findProxyLayers(built.graph).weights.map((l) => l.weight);
    const grads = backward(b, crossEntropy(b, built.logits, targets), { wrt: weights });
    weights.forEach((w, k) => b.output(b.sumAll(b.mul(grads.get(w)!, grads.get(w)!)), `g2_${k}`));
    built.graph.prune();
    const values = initParams(built.graph, 3);
    const feeds: Record<string, TensorData> = {
        [built.input.name]: x,
        targets: oneHot(ys, built.classes),
    };
    for (const p of built.graph.params) feeds[p.value.name] = values.get(p.value.name)!;
    const out = await runOnce(ctx.compile, exportModel(built.graph), feeds);
    return new Map(weights.map((w, k) => [w.name, (out[`g2_${k}`].data as Float32Array)[0]]));
}

describe('a network without activation layers', async () => {
    const linear: LayerListSpec = {
        family: 'layers',
        name: 'linear',
        input: [F],
        classes: K,
        layers: [{ type: 'linear', out: K }],
    };
    const result = await scoreSpec(linear, {
        ...ctx,
        options: { ...options, proxies: ['nwot', 'swap', 'lswag', 'zico'] },
    });
    it('scoresWhatItCanAndExplainsNwotSwapAndLswag', () => {
        // Why no 0 for swap and lswag (Psi = 0): a silent 0 would rank the model last.
        assert.ok(result.scores.zico !== null);
        for (const id of ['nwot', 'swap', 'lswag']) {
            assert.equal(result.scores[id], null, id);
            assert.match(
                result.errors.join(' '),
                new RegExp(`${id}: (Psi: )?the network has no activation layers`),
            );
        }
    });
});

describe('one mini-batch', async () => {
    const linear: LayerListSpec = {
        family: 'layers',
        name: 'linear',
        input: [F],
        classes: K,
        layers: [{ type: 'linear', out: K }],
    };
    const oneBatch = async () => ({
        x: tensor('float32', [B, F, 1, 1], xFlat.slice(0, B * F)),
        labels: labels.slice(0, B),
        description: 'test',
        warnings: [],
    });
    const result = await scoreSpec(linear, {
        ...ctx,
        data: oneBatch,
        options: { ...options, batches: 1, proxies: ['lswag', 'zico', 'snip'] },
    });
    it('refusesVarianceProxiesInsteadOfASilentZero', () => {
        assert.equal(result.scores.lswag, null);
        assert.equal(result.scores.zico, null);
        assert.ok(
            result.scores.snip !== null && result.scores.snip > 0,
            `batch-1 proxies still score: ${result.errors.join('; ')}`,
        );
        assert.match(
            result.errors.join(' '),
            /lswag: needs at least 2 gradient groups .*got 1 mini-batch/,
        );
        assert.match(result.errors.join(' '), /zico: needs at least 2 gradient groups/);
    });
});

describe('swap with patterns longer than one 31-bit code word', async () => {
    // Rows before `from` are identical, so every unit's pattern can differ only in later words: a
    // join that dropped or misplaced a word would merge patterns and undercount.
    const rows = 64;
    const hidden = 48;
    const wide: LayerListSpec = {
        family: 'layers',
        name: 'wide',
        input: [2],
        classes: K,
        layers: [{ type: 'linear', out: hidden }, { type: 'relu' }, { type: 'linear', out: K }],
    };
    const g = buildModel(wide, { batch: 1 }).graph;
    const v = initParams(g, options.seed);
    const w = reshape(toNumbers(v.get('layers[0].weight')!), 2, hidden);
    const bias = toNumbers(v.get('layers[0].bias')!);
    const dataFrom = (from: number) => {
        const r = new Rng(from);
        const x = Array.from({ length: 2 * rows * 2 }, (_, i) =>
            i >> 1 < from ? [0.3, -0.7][i & 1] : r.normal(),
        );
        return reshape(x, 2 * rows, 2);
    };
    for (const [samples, from] of [
        [40, 31],
        [53, 40],
        [64, 62],
    ]) {
        it(`countsDistinctPatternsOver${samples}Samples`, async () => {
            const x = dataFrom(from);
            const z = matmul(x, w).map((r) => r.map((val, j) => val + bias[j]));
            const expected = new Set(
                Array.from({ length: hidden }, (_, j) =>
                    z
                        .slice(0, samples)
                        .map((r) => (r[j] > 0 ? 1 : 0))
                        .join(''),
                ),
            ).size;
            const data = async () => ({
                x: tensor('float32', [2 * rows, 2, 1, 1], x.flat()),
                labels: Array.from({ length: 2 * rows }, (_, i) => i % K),
                description: 'test',
                warnings: [],
            });
            const result = await scoreSpec(wide, {
                ...ctx,
                data,
                options: { ...options, batch: rows, psiSamples: samples, proxies: ['swap'] },
            });
            assert.ok(
                expected > 2,
                `the data must separate units only after sample ${from} (got ${expected} patterns)`,
            );
            assert.equal(result.scores.swap, expected, result.errors.join('; '));
        });
    }
});
