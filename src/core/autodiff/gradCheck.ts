// Checks gradients built by backward() against central finite differences, both computed by the
// backend that will run them. The scalar under test is L = Σ y ⊙ R for a fixed random R, so every
// output element's cotangent is exercised with a different weight.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type Shape, type TensorData, sizeOf, tensor } from '../ir/tensor';
import { exportModel } from '../onnx/export';
import type { CompileModel, RunnableModel } from '../onnx/runnable';
import { Rng, hashString } from '../util/rng';
import { backward } from './backward';
import type { GradRuleTable } from './gradRule';

export interface CaseInput {
    readonly shape: Shape;
    /** Sampling range of the values; defaults to [-1, 1]. */
    readonly range?: readonly [number, number];
    /** Explicit values (e.g. to keep Relu inputs away from 0). */
    readonly values?: readonly number[];
}

export interface GradCase {
    /** The op whose rule the case covers (for coverage checks). */
    readonly op: string;
    readonly name: string;
    readonly inputs: readonly CaseInput[];
    /** Builds the forward graph on the differentiable inputs; returns the output under test. */
    readonly build: (b: GraphBuilder, xs: Value[]) => Value;
    /** float64 unless the op has no float64 kernel in onnxruntime's CPU provider (Conv). */
    readonly dtype?: 'float64' | 'float32';
    /** Inputs (by index) excluded from differentiation. */
    readonly constantInputs?: readonly number[];
    /** Bound on the normalised error |a - n| / max(1, |a|, |n|). */
    readonly tolerance?: number;
    readonly eps?: number;
}

export interface GradCheckResult {
    readonly maxError: number;
    readonly checked: number;
    readonly worst: string;
}

/** A compiled check model: outputs `loss` and `grad_<i>` for each differentiated input. */
export interface PreparedCheck {
    readonly session: RunnableModel;
    readonly feeds: Record<string, TensorData>;
    /** Feed names of the differentiated inputs, in `grad_<i>` order. */
    readonly wrt: readonly string[];
    readonly rng: Rng;
}

const SAMPLES_PER_INPUT = 10;

export function toleranceOf(c: GradCase): number {
    return c.tolerance ?? (c.dtype === 'float32' ? 2e-3 : 1e-6);
}

/** Builds L = Σ y ⊙ R and its gradients for a case, compiles them and draws the inputs. */
export async function prepareCheck(
    c: GradCase,
    compile: CompileModel,
    rules?: GradRuleTable,
): Promise<PreparedCheck> {
    const dtype = c.dtype ?? 'float64';
    const rng = new Rng(hashString(c.name));
    const b = new GraphBuilder();
    const xs = c.inputs.map((inp, i) => b.input(`x${i}`, dtype, inp.shape));
    const y = c.build(b, xs);
    const weights = tensor(
        dtype,
        y.shape,
        Array.from({ length: sizeOf(y.shape) }, () => rng.uniform(-1, 1)),
    );
    const loss = b.sumAll(b.mul(y, b.constant(weights, 'R')));
    const wrt = xs.filter((_, i) => !(c.constantInputs ?? []).includes(i));
    const grads = backward(b, loss, { wrt, rules });
    b.output(loss, 'loss');
    wrt.forEach((x, i) => b.output(grads.get(x) ?? b.zerosLike(x), `grad_${i}`));
    const session = await compile(exportModel(b.graph));
    const feeds: Record<string, TensorData> = {};
    c.inputs.forEach((inp, i) => {
        const [lo, hi] = inp.range ?? [-1, 1];
        const values =
            inp.values ?? Array.from({ length: sizeOf(inp.shape) }, () => rng.uniform(lo, hi));
        feeds[`x${i}`] = tensor(dtype, inp.shape, values);
    });
    return { session, feeds, wrt: wrt.map((x) => x.name), rng };
}

/** The largest normalised |analytic - numeric| over sampled elements of every input. */
export async function gradCheck(
    c: GradCase,
    compile: CompileModel,
    rules?: GradRuleTable,
): Promise<GradCheckResult> {
    const { session, feeds, wrt, rng } = await prepareCheck(c, compile, rules);
    const base = await session.run(feeds);
    const eps = c.eps ?? (c.dtype === 'float32' ? 1e-2 : 1e-6);
    let maxError = 0;
    let checked = 0;
    let worst = '';
    for (const [i, name] of wrt.entries()) {
        const analytic = base[`grad_${i}`].data as Float64Array | Float32Array;
        const n = analytic.length;
        const picks =
            n <= SAMPLES_PER_INPUT
                ? [...Array(n).keys()]
                : Array.from({ length: SAMPLES_PER_INPUT }, () => rng.int(n));
        for (const k of picks) {
            const numeric = await centralDifference(session, feeds, name, k, eps);
            const a = analytic[k];
            const err = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
            checked++;
            if (err > maxError || Number.isNaN(err)) {
                maxError = Number.isNaN(err) ? Infinity : err;
                worst = `${name}[${k}]: analytic ${a}, numeric ${numeric}`;
            }
        }
    }
    await session.release();
    return { maxError, checked, worst };
}

async function centralDifference(
    session: RunnableModel,
    feeds: Record<string, TensorData>,
    name: string,
    k: number,
    eps: number,
): Promise<number> {
    const original = feeds[name];
    const shifted = (delta: number) => {
        const data = original.data.slice() as Float64Array;
        data[k] += delta;
        return { ...feeds, [name]: { ...original, data } };
    };
    const plus = (await session.run(shifted(eps))).loss.data[0] as number;
    const minus = (await session.run(shifted(-eps))).loss.data[0] as number;
    return (plus - minus) / (2 * eps);
}
