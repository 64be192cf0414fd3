// AZ-NAS's pass over batch 1: the channel covariance of every block output (expressivity,
// progressivity) and, per consecutive pair of blocks, g_inᵀ g_out with g_in = Jᵀ g_out for a
// Rademacher g_out (trainability), reduced in the graph; eigen- and singular values are taken in JS.
import { backward } from '../autodiff/backward';
import type { GraphBuilder } from '../ir/builder';
import type { Value } from '../ir/graph';
import { type TensorData, sizeOf, tensor } from '../ir/tensor';
import type { CompileModel } from '../onnx/runnable';
import type { ArchitectureSpec } from '../spec/spec';
import { Rng, hashString } from '../util/rng';
import { channelRows, floats, passGraph, runPass } from './passGraph';
import type { AzFeatures } from './proxyDef';

/** AZ-NAS's initialiser: Kaiming normal, fan_in mode, ReLU gain: std = √(2 / fan_in). */
export const KAIMING_FAN_IN = { std: (fanIn: number) => Math.sqrt(2 / Math.max(fanIn, 1)) };

/** The ±1 cotangent (each sign with probability 1/2) fed to block pair k, from a seeded stream. */
export function rademacher(shape: readonly number[], k: number, seed: number): TensorData {
    const rng = new Rng(hashString(`az/rademacher/${k}`, seed));
    return tensor(
        'float32',
        shape,
        Array.from({ length: sizeOf(shape) }, () => (rng.next() < 0.5 ? -1 : 1)),
    );
}

/** [C, C] covariance (population) of the rows of a feature's [rows, C] view. */
function covariance(b: GraphBuilder, f: Value): Value {
    const rows = channelRows(b, f);
    const centred = b.sub(rows, b.reduceMean(rows, [0], true));
    return b.mulScalar(b.matMul(b.swapLastTwo(centred), centred), 1 / rows.shape[0]);
}

/** [B, C, s·H, s·W] -> [B, C·s², H, W] (PyTorch's PixelUnshuffle up to a channel permutation). */
function unshuffle(b: GraphBuilder, g: Value, s: number): Value {
    const [n, c, h, w] = g.shape;
    const split = b.reshape(g, [n, c, h / s, s, w / s, s]);
    return b.reshape(b.transpose(split, [0, 1, 3, 5, 2, 4]), [n, c * s * s, h / s, w / s]);
}

/** Why a pair of block shapes cannot be compared (undefined when it can). */
function mismatch(fin: readonly number[], fout: readonly number[]): string | undefined {
    if (fin.length !== fout.length || fin[0] !== fout[0]) return 'ranks or batch differ';
    if (fin.length !== 4)
        return fin[1] === fout[1] || fin.length === 2 ? undefined : 'token counts differ';
    const s = fin[2] / fout[2];
    return Number.isInteger(s) && s >= 1 && fin[3] / fout[3] === s
        ? undefined
        : 'resolutions do not divide';
}

/** The block outputs AZ-NAS reads: the builder's (NB201 cells, ViT residual sums), else the activation outputs. */
function blockOutputs(g: ReturnType<typeof passGraph>): Value[] {
    const blocks = g.built.blocks ?? g.layers.activations.map((a) => a.node.outputs[0]);
    return [...new Set(blocks)].filter((v) => v.shape.length >= 2);
}

export async function azPass(
    spec: ArchitectureSpec,
    compile: CompileModel,
    seed: number,
    x: TensorData,
): Promise<AzFeatures> {
    const g = passGraph(spec, x.shape[0]);
    const { b } = g;
    const blocks = blockOutputs(g);
    if (blocks.length < 2)
        throw new Error('AZ-NAS needs at least two block outputs (found ' + blocks.length + ')');
    blocks.forEach((f, k) => b.output(covariance(b, f), `az_cov_${k}`));
    const feeds: Record<string, TensorData> = {};
    const pairs: number[] = [];
    for (let k = 1; k < blocks.length; k++) {
        const [fin, fout] = [blocks[k - 1], blocks[k]];
        if (mismatch(fin.shape, fout.shape)) continue;
        const name = `az_rademacher_${k}`;
        const gOut = b.input(name, fout.dtype, fout.shape);
        // Why fed before the check: the input is in the graph either way, and onnxruntime wants every one.
        feeds[name] = rademacher(fout.shape, k, seed);
        const gIn = backward(b, fout, { wrt: [fin], seed: gOut }).get(fin);
        if (!gIn) continue; // Why: no gradient path (activations on parallel branches: NB101, imports).
        const s = fin.shape.length === 4 ? fin.shape[2] / fout.shape[2] : 1;
        const inRows = channelRows(b, s > 1 ? unshuffle(b, gIn, s) : gIn);
        const outRows = channelRows(b, gOut);
        b.output(
            b.mulScalar(b.matMul(b.swapLastTwo(inRows), outRows), 1 / outRows.shape[0]),
            `az_mat_${k}`,
        );
        if (
            sizeOf(fin.shape) === sizeOf(fout.shape) &&
            fin.shape.every((d, i) => d === fout.shape[i])
        )
            b.output(
                b.reduce(
                    'ReduceMax',
                    b.abs(b.sub(gIn, gOut)),
                    fin.shape.map((_, i) => i),
                    false,
                ),
                `az_same_${k}`,
            );
        pairs.push(k);
    }
    const out = await runPass(g, compile, x, { seed, weights: KAIMING_FAN_IN, tag: 'az', feeds });
    return {
        covariances: blocks.map((f, k) => {
            const c = f.shape.length === 4 ? f.shape[1] : f.shape[f.shape.length - 1];
            return { size: c, values: floats(out[`az_cov_${k}`]) };
        }),
        jacobians: pairs.map((k) => {
            const m = out[`az_mat_${k}`];
            const same = out[`az_same_${k}`];
            return {
                rows: m.shape[0],
                cols: m.shape[1],
                values: floats(m),
                identity: same !== undefined && floats(same).every((v) => v === 0),
            };
        }),
    };
}
