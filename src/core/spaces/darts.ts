// The DARTS evaluation network (darts/cnn/model.py NetworkCIFAR) that NAS-Bench-301 trained (C = 32,
// 8 cells): stem Conv3x3(3 -> 3C)-BN; `layers` cells, reduction cells (channels doubled, stride 2)
// at layers/3 and 2*layers/3; each cell reads the two previous cells' outputs through 1x1
// ReLU-Conv-BN preprocessing (FactorizedReduce when the previous cell reduced); GAP and a linear
// head. The auxiliary head is left out (it only adds a training loss). Drop-path is a training
// regulariser and is off, as at initialisation.
import { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type DartsEdge, checkGenotype } from '../spec/dartsGenotype';
import type { DartsSpec } from '../spec/spec';
import { type BuildOptions, type BuiltModel, normOptions } from './built';
import { dartsOp, factorizedReduce } from './dartsOps';
import { type OpCtx, batchNorm, conv2d, globalAveragePool, linear, reluConvBn } from './layers';

/** A genotype that DARTS' network cannot hold (a reduction cell concatenating a cell input). */
export class DartsShapeError extends Error {}

/** Builds one cell's intermediate nodes from its two preprocessed inputs; returns its output. */
export type CellBody = (
    c: OpCtx,
    states: [Value, Value],
    reduction: boolean,
    name: string,
) => Value;

export interface MacroShape {
    readonly channels: number;
    readonly layers: number;
    readonly classes: number;
    readonly imageSize: number;
    /** Output channels of a cell as a multiple of its C (4 for DARTS' concat of nodes 2..5). */
    readonly multiplier: (reduction: boolean) => number;
}

/** Layer indices that hold reduction cells. */
export const reductionLayers = (layers: number) => [
    Math.floor(layers / 3),
    Math.floor((2 * layers) / 3),
];

/** The macro skeleton around `body`, shared with the pruning supernet. */
export function buildDartsMacro(shape: MacroShape, body: CellBody, opts: BuildOptions): BuiltModel {
    const b = new GraphBuilder();
    const c: OpCtx = { b, norm: normOptions(opts) };
    const input = b.input('input', 'float32', [opts.batch, 3, shape.imageSize, shape.imageSize]);
    let cCurr = 3 * shape.channels;
    const stem = batchNorm(
        b,
        conv2d(b, input, cCurr, 3, 'stem.conv', { padding: 1 }),
        'stem.bn',
        c.norm,
    );
    let s0 = stem;
    let s1 = stem;
    cCurr = shape.channels;
    let reductionPrev = false;
    const reductions = reductionLayers(shape.layers);
    for (let i = 0; i < shape.layers; i++) {
        const reduction = reductions.includes(i);
        if (reduction) cCurr *= 2;
        const name = `cells.${i}`;
        const p0 = reductionPrev
            ? factorizedReduce(c, s0, cCurr, `${name}.preprocess0`)
            : reluConvBn(c, s0, cCurr, 1, 1, `${name}.preprocess0`);
        const p1 = reluConvBn(c, s1, cCurr, 1, 1, `${name}.preprocess1`);
        const out = body(c, [p0, p1], reduction, name);
        if (out.shape[1] !== shape.multiplier(reduction) * cCurr)
            throw new Error(
                `${name}: ${out.shape[1]} output channels, expected a multiple of ${cCurr}`,
            );
        [s0, s1] = [s1, out];
        reductionPrev = reduction;
    }
    const logits = linear(b, globalAveragePool(b, s1), shape.classes, 'classifier');
    b.output(logits, 'logits');
    return { graph: b.graph, input, logits, classes: shape.classes };
}

/** A genotype cell: node k sums op(edge 2k) and op(edge 2k+1); the output concatenates `concat`. */
function genotypeCell(edges: readonly DartsEdge[], concat: readonly number[]): CellBody {
    return (c, inputs, reduction, name) => {
        const states: Value[] = [...inputs];
        for (let k = 0; k < edges.length / 2; k++) {
            const terms = [edges[2 * k], edges[2 * k + 1]].map(([op, from], j) =>
                dartsOp(
                    c,
                    states[from],
                    op,
                    reduction && from < 2 ? 2 : 1,
                    `${name}.ops.${2 * k + j}`,
                ),
            );
            states.push(c.b.add(terms[0], terms[1]));
        }
        const outs = concat.map((s) => states[s]);
        return outs.length === 1 ? outs[0] : c.b.concat(outs, 1);
    };
}

export function buildDarts(spec: DartsSpec, opts: BuildOptions): BuiltModel {
    const g = spec.genotype;
    checkGenotype(g);
    // Why: FactorizedReduce halves channels and resolution with two offset convs.
    if (spec.channels % 2 !== 0)
        throw new DartsShapeError(
            `channels must be even (FactorizedReduce halves them), not ${spec.channels}`,
        );
    if (spec.imageSize % 4 !== 0)
        throw new DartsShapeError(
            `image size must be a multiple of 4 (two reductions), not ${spec.imageSize}`,
        );
    // Why: a concat of an input state (0 or 1) in a reduction cell would mix resolutions, as in DARTS.
    for (const s of g.reduceConcat)
        if (s < 2)
            throw new DartsShapeError(
                `reduce_concat state ${s} is a cell input: its resolution is not reduced`,
            );
    const normal = genotypeCell(g.normal, g.normalConcat);
    const reduce = genotypeCell(g.reduce, g.reduceConcat);
    return buildDartsMacro(
        {
            channels: spec.channels,
            layers: spec.layers,
            classes: spec.classes,
            imageSize: spec.imageSize,
            multiplier: (r) => (r ? g.reduceConcat.length : g.normalConcat.length),
        },
        (c, states, reduction, name) => (reduction ? reduce : normal)(c, states, reduction, name),
        opts,
    );
}
