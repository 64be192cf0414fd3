// SynFlow without float32 overflow: the data-free forward graph (|params|, norms as identity,
// all-ones input) is rewritten so that every activation h is carried as m · exp(s), with m
// rescaled to max |m| = 1 after each weight layer and sum, and s a scalar log-scale. The scales
// are constants for autodiff, so ∂R/∂w = exp(s_out) ∂M/∂w with M = Σ m_out, and
// log synflow = s_out + log Σ_w w · ∂M/∂w. Softmax outputs are constants too (docs/proxies.md).
import { backward } from '../autodiff/backward';
import { GraphBuilder } from '../ir/builder';
import type { Graph, Node, Value } from '../ir/graph';
import type { WeightLayer } from './layers';

/** A value in scaled form: h = m · exp(s); s null means 0 (parameters, constants). */
interface Scaled {
    readonly m: Value;
    readonly s: Value | null;
}

/** Ops that commute with a positive scale on their (single) activation input. */
const HOMOGENEOUS = new Set([
    'Relu',
    'AveragePool',
    'MaxPool',
    'GlobalAveragePool',
    'Reshape',
    'Transpose',
    'Flatten',
    'Squeeze',
    'Unsqueeze',
    'Slice',
    'Gather',
    'Expand',
    'ReduceMean',
    'ReduceSum',
    'Identity',
    'Pad',
]);

/** Largest exp(s) used inside saturating functions (softmax logits, GELU's Φ). */
const MAX_SCALE = 1e30;

export interface SynflowGraph {
    readonly graph: Graph;
    /** Name of the [D] output: Σ_w w · ∂M/∂w per weight layer. */
    readonly perLayer: string;
    /** Name of the scalar output s_out. */
    readonly logScale: string;
}

class Rewriter {
    readonly b = new GraphBuilder();
    private readonly map = new Map<Value, Scaled>();
    /** Normalisers and softmax outputs: constants for autodiff. */
    readonly stops = new Set<Value>();

    constructor(private readonly source: Graph) {
        for (const v of source.inputs)
            this.map.set(v, { m: this.b.input(v.name, v.dtype, v.shape), s: null });
        for (const p of source.params)
            this.map.set(p.value, {
                m: this.b.param(p.value.name, p.value.dtype, p.value.shape, p.init),
                s: null,
            });
        for (const [v, t] of source.constants)
            this.map.set(v, { m: this.b.constant(t, v.name), s: null });
    }

    private set(v: Value, scaled: Scaled): void {
        this.map.set(v, scaled);
    }

    get(v: Value | null): Scaled {
        const found = v && this.map.get(v);
        if (!found) throw new Error(`synflow: value ${v?.name} has no scaled form`);
        return found;
    }

    /** Registers a value computed from scales only, so autodiff treats it as a constant. */
    private constant(v: Value): Value {
        this.stops.add(v);
        return v;
    }

    /** exp(s), capped at MAX_SCALE, as a constant factor. */
    private cappedExp(s: Value | null): Value | null {
        if (!s) return null;
        const e = this.b.exp(s);
        return this.constant(this.b.op('Min', [e, this.b.scalar(MAX_SCALE, e)]));
    }

    /** m / max|m| with s += log max|m|; the divisor is a constant for autodiff. */
    private normalise(x: Scaled): Scaled {
        const peak = this.b.reduce(
            'ReduceMax',
            this.b.abs(x.m),
            x.m.shape.map((_, k) => k),
            false,
        );
        const safe = this.constant(this.b.op('Max', [peak, this.b.scalar(1e-30, peak)]));
        const logPeak = this.b.log(safe);
        return { m: this.b.div(x.m, safe), s: x.s ? this.b.add(x.s, logPeak) : logPeak };
    }

    /** Brings two scaled values to their common (larger) scale. */
    private align(x: Scaled, y: Scaled): [Value, Value, Value | null] {
        if (!x.s && !y.s) return [x.m, y.m, null];
        const sx = x.s ?? this.b.scalar(0, x.m);
        const sy = y.s ?? this.b.scalar(0, y.m);
        const s = this.constant(this.b.op('Max', [sx, sy]));
        const fx = this.constant(this.b.exp(this.b.sub(sx, s)));
        const fy = this.constant(this.b.exp(this.b.sub(sy, s)));
        return [this.b.mul(x.m, fx), this.b.mul(y.m, fy), s];
    }

    rewrite(node: Node): void {
        const b = this.b;
        const xs = node.inputs.map((v) => (v ? this.get(v) : null));
        const emit = (
            s: Value | null,
            normalise: boolean,
            inputs = xs.map((x) => x?.m ?? null),
        ) => {
            const [out] = b.node(node.op, inputs, node.attrs, { domain: node.domain });
            const scaled = { m: out, s };
            this.set(node.outputs[0], normalise ? this.normalise(scaled) : scaled);
        };
        switch (node.op) {
            case 'Conv':
            case 'Gemm':
            case 'MatMul': {
                const [a, w, c] = xs;
                const s = a!.s && w!.s ? b.add(a!.s, w!.s) : (a!.s ?? w!.s);
                // A bias joins at the product's scale: h + b = e^s (m + b e^{-s}).
                const bias = c && s ? b.mul(c.m, this.constant(b.exp(b.neg(s)))) : (c?.m ?? null);
                return emit(s, true, c ? [a!.m, w!.m, bias] : [a!.m, w!.m]);
            }
            case 'Add':
            case 'Concat': {
                let acc = xs[0]!;
                if (node.op === 'Add') {
                    const [p, q, s] = this.align(acc, xs[1]!);
                    return this.set(node.outputs[0], this.normalise({ m: b.add(p, q), s }));
                }
                const scale = xs.reduce<Value | null>(
                    (s, x) => (x!.s ? (s ? this.constant(b.op('Max', [s, x!.s])) : x!.s) : s),
                    null,
                );
                const parts = xs.map((x) =>
                    scale
                        ? b.mul(x!.m, this.constant(b.exp(b.sub(x!.s ?? b.scalar(0, x!.m), scale))))
                        : x!.m,
                );
                acc = { m: b.op('Concat', parts, node.attrs), s: scale };
                return this.set(node.outputs[0], acc);
            }
            case 'Mul':
            case 'Div': {
                const [x, y] = xs;
                if (y!.s && (x!.s || node.op === 'Div'))
                    throw new Error(`synflow: ${node.op} of two activations outside MatMul`);
                return emit(x!.s ?? y!.s, false);
            }
            case 'Softmax': {
                const e = this.cappedExp(xs[0]!.s);
                const [out] = b.node('Softmax', [e ? b.mul(xs[0]!.m, e) : xs[0]!.m], node.attrs);
                this.stops.add(out);
                return this.set(node.outputs[0], { m: out, s: null });
            }
            case 'Tanh':
            case 'Sigmoid':
            case 'HardSigmoid':
            case 'Clip': {
                // Bounded outputs: evaluate on e^s m (capped; they saturate) and restart the scale at 0.
                const x = xs[0]!;
                if (node.op === 'Clip' && !xs[2])
                    throw new Error(
                        'synflow: a Clip without a maximum is not supported in the data-free pass',
                    );
                const e = this.cappedExp(x.s);
                const bounds = xs.slice(1).map((c) => c?.m ?? null); // Clip's min and max (constants).
                const [out] = b.node(node.op, [e ? b.mul(x.m, e) : x.m, ...bounds], node.attrs);
                return this.set(node.outputs[0], { m: out, s: null });
            }
            case 'HardSwish': {
                // hardswish(e^s m) = e^s · m hardsigmoid(e^s m), like GELU below.
                const x = xs[0]!;
                const e = this.cappedExp(x.s);
                const gate = b.op('HardSigmoid', [e ? b.mul(x.m, e) : x.m], {
                    alpha: { kind: 'float', value: 1 / 6 },
                });
                return this.set(node.outputs[0], { m: b.mul(x.m, gate), s: x.s });
            }
            case 'Gelu': {
                // gelu(e^s m) = e^s · m Φ(e^s m); Φ saturates, so a capped e^s is exact in float32.
                const x = xs[0]!;
                const e = this.cappedExp(x.s);
                const arg = e ? b.mul(x.m, e) : x.m;
                const cdf = b.mulScalar(b.addScalar(b.erf(b.mulScalar(arg, Math.SQRT1_2)), 1), 0.5);
                return this.set(node.outputs[0], { m: b.mul(x.m, cdf), s: x.s });
            }
            default:
                if (!HOMOGENEOUS.has(node.op))
                    throw new Error(
                        `synflow: op '${node.op}' is not supported in the data-free pass`,
                    );
                return emit(xs[0]!.s, false);
        }
    }
}

/**
 * Builds the scaled synflow graph from a data-free forward graph (batch 1, no norms) and the
 * weight layers found in it. Feed |w| for every parameter and ones for the input.
 */
export function buildSynflowGraph(
    forward: Graph,
    logits: Value,
    weights: readonly WeightLayer[],
): SynflowGraph {
    const r = new Rewriter(forward);
    for (const node of forward.nodes) r.rewrite(node);
    const out = r.get(logits);
    const b = r.b;
    const total = b.sumAll(out.m);
    const ws = weights.map((l) => r.get(l.weight).m);
    const grads = backward(b, total, { wrt: ws, stopGradients: r.stops });
    const terms = ws.map((w) => {
        const g = grads.get(w);
        return g ? b.reshape(b.sumAll(b.mul(w, g)), [1]) : b.zeros([1], w.dtype);
    });
    b.output(b.concat(terms, 0), 'synflow_per_layer');
    b.output(b.reshape(out.s ?? b.scalar(0, out.m), [1]), 'synflow_log_scale');
    b.graph.prune();
    return { graph: b.graph, perLayer: 'synflow_per_layer', logScale: 'synflow_log_scale' };
}
