// Parameter counts of the search spaces' networks in closed form, without building a graph.
// Why: the planners check a params budget for every candidate they draw; building each candidate's
// graph (modelCost) blocked the extension host for most of a second per generation. These formulas
// follow the builders in src/core/spaces/ layer by layer and are tested equal to modelCost.
import { AUTOFORMER_DEFAULTS, NB201_DATASETS, NB201_DEFAULTS } from '../spec/defaults';
import { NB201_OPS, type Nb201Op, parseCell } from '../spec/nb201Cell';
import type { AutoformerSpec, Nb201Spec } from '../spec/spec';
import { modelCost } from '../spaces/index';
import { type Genome, genomeToSpec } from './spaces';

/** Conv (no bias) followed by BatchNorm (scale and shift per output channel). */
const convBn = (inChannels: number, out: number, kernel: number) =>
    inChannels * out * kernel * kernel + 2 * out;

/** Parameters of one NB201 edge of `c` channels: only the convolutions have any. */
function edgeParams(op: Nb201Op, c: number): number {
    if (op === 'nor_conv_1x1') return convBn(c, c, 1);
    if (op === 'nor_conv_3x3') return convBn(c, c, 3);
    return 0; // none, skip_connect and avg_pool_3x3 carry no weights.
}

type Nb201Sizes = Pick<Nb201Spec, 'channels' | 'cellsPerStage' | 'classes'>;

/** Parameters of the network buildNb201 builds for a cell with these edge ops (norms included, as modelCost counts). */
function nb201ParamsOfOps(ops: readonly Nb201Op[], sizes: Nb201Sizes): number {
    let channels = sizes.channels;
    let total = convBn(3, channels, 3); // stem
    for (let stage = 0; stage < 3; stage++) {
        if (stage > 0) {
            const out = channels * 2;
            // Residual reduction: conv_a (stride 2), conv_b, and the 1x1 shortcut conv without a norm.
            total += convBn(channels, out, 3) + convBn(out, out, 3) + channels * out;
            channels = out;
        }
        let cellParams = 0;
        for (const op of ops) cellParams += edgeParams(op, channels);
        total += sizes.cellsPerStage * cellParams;
    }
    total += 2 * channels; // lastact BatchNorm
    return total + channels * sizes.classes + sizes.classes; // classifier with bias
}

/** Parameters of the network buildNb201 builds for `spec`. */
export function nb201Params(spec: Pick<Nb201Spec, 'cell'> & Nb201Sizes): number {
    return nb201ParamsOfOps(
        parseCell(spec.cell).map((e) => e.op),
        spec,
    );
}

type VitShape = Pick<
    AutoformerSpec,
    | 'embedDim'
    | 'depth'
    | 'mlpRatio'
    | 'numHeads'
    | 'headDim'
    | 'patchSize'
    | 'imageSize'
    | 'inChannels'
    | 'classes'
>;

/** Parameters of the ViT buildAutoformer builds for `spec`. */
export function autoformerParams(spec: VitShape): number {
    const e = spec.embedDim;
    const grid = Math.floor(spec.imageSize / spec.patchSize);
    const tokens = grid * grid + 1;
    const linear = (inFeatures: number, out: number) => inFeatures * out + out;
    const norm = 2 * e; // LayerNorm scale and shift
    let total = e * spec.inChannels * spec.patchSize * spec.patchSize + e; // patch embedding with bias
    total += e + tokens * e; // cls token and position embedding
    for (let l = 0; l < spec.depth; l++) {
        const width = spec.numHeads[l] * spec.headDim;
        const hidden = Math.floor(e * spec.mlpRatio[l]);
        total += norm + linear(e, 3 * width) + linear(width, e); // norm1, qkv, proj
        total += norm + linear(e, hidden) + linear(hidden, e); // norm2, fc1, fc2
    }
    return total + norm + linear(e, spec.classes); // final norm and head
}

/** Parameters of the network a genome builds: equal to modelCost(genomeToSpec(g, dataset)).params. */
export function genomeParams(g: Genome, dataset = 'cifar10', width?: number): number {
    // Why built: NB101's channel splitting and DARTS' cells have no short closed form; a build
    // without data is a few milliseconds (NB101) to tens of milliseconds (DARTS), and is cached.
    if (g.space === 'nb101' || g.space === 'darts')
        return modelCost(genomeToSpec(g, dataset, width)).params;
    // Why not via genomeToSpec: formatting and re-parsing the cell string cost more than the count.
    if (g.space === 'nb201') {
        const head = NB201_DATASETS[dataset] ?? NB201_DATASETS.cifar10; // genomeToSpec's fallback
        return nb201ParamsOfOps(
            g.ops.map((i) => NB201_OPS[i]),
            { ...NB201_DEFAULTS, classes: head.classes },
        );
    }
    return autoformerParams({
        ...AUTOFORMER_DEFAULTS,
        embedDim: g.embedDim,
        depth: g.depth,
        mlpRatio: g.mlpRatio,
        numHeads: g.numHeads,
    });
}
