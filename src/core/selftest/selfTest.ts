// The engine self-test: tiny networks built in the IR run forward and backward on a backend, and
// their gradients are checked against finite differences and against separate per-group runs.
// `lswag selftest` prints it; the unit tests assert it. It is how a user checks a new device.
import { backward } from '../autodiff/backward';
import { gradCheck } from '../autodiff/gradCheck';
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { oneHot } from '../ir/loss';
import { type TensorData, sizeOf, sliceRows, tensor } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import type { CompileModel } from '../onnx/runnable';
import type { SelfTestResult } from '../spec/selfTestResult';
import { Rng } from '../util/rng';
import { type TinyModel, lossOf, tinyCnn, tinyVitBlock } from './tinyModels';

export interface SelfTestCheck {
    readonly name: string;
    readonly what: string;
    readonly tolerance: number;
    /** Returns the measured error (normalised or absolute, as `what` says). */
    run(compile: CompileModel): Promise<number>;
}

export function labelsFor(n: number, classes: number): number[] {
    return Array.from({ length: n }, (_, i) => (i * 7 + 3) % classes);
}

/** Central differences of the model's loss against its gradient, over sampled elements. */
function finiteDifferenceCheck(
    name: string,
    m: TinyModel,
    eps: number,
    tolerance: number,
): SelfTestCheck {
    return {
        name,
        what: 'max normalised |analytic - central difference|',
        tolerance,
        run: async (compile) => {
            const labels = labelsFor(m.shapes[0][0], m.classes);
            const r = await gradCheck(
                {
                    op: 'model',
                    name,
                    dtype: 'float32',
                    inputs: m.shapes.map((shape) => ({ shape })),
                    build: (b, [x, ...params]) =>
                        lossOf(b, m, x, params, b.constant(oneHot(labels, m.classes))),
                    eps,
                },
                compile,
            );
            return r.maxError;
        },
    };
}

/** Loss and the gradient of every parameter; `groupedParams` get per-group [G, ...] gradients. */
async function lossAndGrads(
    compile: CompileModel,
    m: TinyModel,
    feeds: readonly TensorData[],
    labels: readonly number[],
    groups: number,
    groupedParams: readonly number[],
): Promise<{ loss: number; grads: TensorData[] }> {
    const b = new GraphBuilder();
    const [x, ...params] = m.shapes.map((s, i) => b.input(`p${i}`, 'float32', s));
    const target = b.input('onehot', 'float32', [labels.length, m.classes]);
    const loss = lossOf(b, m, x, params, target, groups);
    const grouped = new Map<Value, number>(groupedParams.map((i) => [params[i], groups]));
    const grads = backward(b, loss, { wrt: params, groups: grouped });
    b.output(loss, 'loss');
    params.forEach((p, i) => b.output(grads.get(p)!, `g${i}`));
    const session = await compile(exportModel(b.graph));
    const run: Record<string, TensorData> = { onehot: oneHot(labels, m.classes) };
    feeds.forEach((t, i) => (run[`p${i}`] = t));
    const out = await session.run(run);
    await session.release();
    return { loss: out.loss.data[0] as number, grads: params.map((_, i) => out[`g${i}`]) };
}

/** Rows [k·n/G, (k+1)·n/G) of a batch-major tensor. */
function rowsOf(t: TensorData, group: number, groups: number): TensorData {
    const per = t.shape[0] / groups;
    return sliceRows(t, group * per, per);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
    if (a.length !== b.length) return Infinity;
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
}

/**
 * One run with per-group gradients of `weights` (and ghost batch norm) against separate runs on
 * each group's rows: each group's slice must equal its own run; the other parameters' gradients
 * and the loss must equal the sums over groups. Returns the largest absolute difference.
 */
export async function perGroupDifference(
    compile: CompileModel,
    make: (batch: number, ghostGroups?: number) => TinyModel,
    batch: number,
    groups: number,
    weights: readonly number[],
): Promise<number> {
    const m = make(batch, groups);
    const rng = new Rng(11);
    const feeds = m.shapes.map((s) =>
        tensor(
            'float32',
            s,
            Array.from({ length: sizeOf(s) }, () => rng.uniform(-1, 1)),
        ),
    );
    const labels = labelsFor(batch, m.classes);
    const whole = await lossAndGrads(compile, m, feeds, labels, groups, weights);
    const sums = m.shapes.slice(1).map((shape) => new Float64Array(sizeOf(shape)));
    let lossSum = 0;
    let worst = 0;
    for (let k = 0; k < groups; k++) {
        const part = make(batch / groups);
        const rows = labels.slice((k * batch) / groups, ((k + 1) * batch) / groups);
        const alone = await lossAndGrads(
            compile,
            part,
            [rowsOf(feeds[0], k, groups), ...feeds.slice(1)],
            rows,
            1,
            [],
        );
        lossSum += alone.loss;
        alone.grads.forEach((g, p) => {
            const values = g.data as Float32Array;
            if (weights.includes(p))
                worst = Math.max(
                    worst,
                    maxAbsDiff(rowsOf(whole.grads[p], k, groups).data as Float32Array, values),
                );
            values.forEach((v, i) => (sums[p][i] += v));
        });
    }
    worst = Math.max(worst, Math.abs(whole.loss - lossSum));
    whole.grads.forEach((g, p) => {
        if (!weights.includes(p))
            worst = Math.max(worst, maxAbsDiff(g.data as Float32Array, sums[p]));
    });
    return worst;
}

function perGroupCheck(
    name: string,
    make: (batch: number, ghostGroups?: number) => TinyModel,
    batch: number,
    groups: number,
    weights: readonly number[],
): SelfTestCheck {
    return {
        name,
        what: 'max |one grouped run - separate runs per group|',
        tolerance: 1e-5,
        run: (compile) => perGroupDifference(compile, make, batch, groups, weights),
    };
}

const CNN_WEIGHTS = [0, 3, 6]; // conv1, conv2, fc
const VIT_WEIGHTS = [2, 4, 8, 10, 12]; // qkv, proj, fc1, fc2, head (MatMul second operands)

/**
 * The checks, with tolerances measured on onnxruntime's CPU provider (float32).
 * Why eps 1e-3 for the CNN: larger steps move pre-activations across ReLU/MaxPool kinks, where the
 * numeric error grows linearly with the step; at 1e-3 what remains is float32 rounding (~2e-4).
 */
export const selfTestChecks: readonly SelfTestCheck[] = [
    finiteDifferenceCheck('cnnTrainingBatchNormGradients', tinyCnn(4), 1e-3, 1e-3),
    finiteDifferenceCheck('vitBlockGradients', tinyVitBlock(2), 1e-2, 5e-4),
    perGroupCheck('cnnGhostBatchNormPerGroupGradients', tinyCnn, 6, 3, CNN_WEIGHTS),
    perGroupCheck('cnnPerSampleGradients', tinyCnn, 3, 3, CNN_WEIGHTS),
    perGroupCheck('vitBlockPerGroupGradients', tinyVitBlock, 4, 2, VIT_WEIGHTS),
];

export async function runSelfTest(
    compile: CompileModel,
    onResult?: (r: SelfTestResult) => void,
    checks: readonly SelfTestCheck[] = selfTestChecks,
): Promise<SelfTestResult[]> {
    const results: SelfTestResult[] = [];
    for (const c of checks) {
        const start = performance.now();
        const error = await c.run(compile);
        const r = {
            name: c.name,
            what: c.what,
            error,
            tolerance: c.tolerance,
            passed: error <= c.tolerance,
            seconds: (performance.now() - start) / 1000,
        };
        results.push(r);
        onResult?.(r);
    }
    return results;
}
