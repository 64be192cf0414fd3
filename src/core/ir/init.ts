// Parameter values: PyTorch's default initialisers, drawn from a seeded stream per parameter so
// that adding or removing one parameter never shifts the draws of the others.
import type { Graph, Param, ParamInit } from './graph';
import { type TensorData, allocate, sizeOf } from './tensor';
import { Rng, hashString } from '../util/rng';

/**
 * nn.Conv2d / nn.Linear defaults: kaiming_uniform(a=√5) for the weight, which is
 * U(-1/√fan_in, 1/√fan_in), and the same bound for the bias.
 */
export function pytorchLayerInit(fanIn: number): ParamInit {
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    return { kind: 'uniform', low: -bound, high: bound };
}

/** fan_in of a Conv weight [O, C/g, k...] or a Linear weight stored [out, in]. */
export function fanInOf(weightShape: readonly number[]): number {
    return sizeOf(weightShape.slice(1));
}

export function initParam(p: Param, seed: number): TensorData {
    const { dtype, shape } = p.value;
    const init = p.init;
    if (init.kind === 'given') return init.data;
    const n = sizeOf(shape);
    const data = allocate(dtype, n) as Float32Array | Float64Array;
    const rng = new Rng(hashString(p.value.name, seed));
    for (let i = 0; i < n; i++) data[i] = draw(init, rng);
    return { dtype, shape: [...shape], data };
}

function draw(init: Exclude<ParamInit, { kind: 'given' }>, rng: Rng): number {
    switch (init.kind) {
        case 'uniform':
            return rng.uniform(init.low, init.high);
        case 'normal':
            return init.mean + init.std * rng.normal();
        case 'truncatedNormal': {
            // Why: resampling (not clipping) matches torch.nn.init.trunc_normal_'s distribution.
            for (;;) {
                const v = init.std * rng.normal();
                if (Math.abs(v) <= init.bound) return v;
            }
        }
        case 'constant':
            return init.value;
    }
}

/** Values for every parameter of `graph`, keyed by parameter name. */
export function initParams(graph: Graph, seed: number): Map<string, TensorData> {
    return new Map(graph.params.map((p) => [p.value.name, initParam(p, seed)]));
}
