// Space builders: exact parameter counts of published models, hand-computed MACs, shapes, and that
// every family's graph runs forward and backward in onnxruntime.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backward } from '../../../../src/core/autodiff/backward';
import { initParams } from '../../../../src/core/ir/init';
import { crossEntropy, oneHot } from '../../../../src/core/ir/loss';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { type TensorData, sizeOf, tensor } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { buildModel, modelCost } from '../../../../src/core/spaces/index';
import { LayerBuildError } from '../../../../src/core/spaces/layerList';
import { AUTOFORMER_DEFAULTS, NB201_DEFAULTS } from '../../../../src/core/spec/defaults';
import type {
    ArchitectureSpec,
    AutoformerSpec,
    LayerListSpec,
    Nb201Spec,
} from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';

const REFERENCE_CELL =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';

const nb201 = (cell: string, extra: Partial<Nb201Spec> = {}): Nb201Spec => ({
    family: 'nb201',
    name: 'c',
    cell,
    ...NB201_DEFAULTS,
    ...extra,
});

const autoformer = (
    embedDim: number,
    mlpRatio: number[],
    numHeads: number[],
    extra: Partial<AutoformerSpec> = {},
): AutoformerSpec => ({
    family: 'autoformer',
    name: 'vit',
    embedDim,
    depth: mlpRatio.length,
    mlpRatio,
    numHeads,
    ...AUTOFORMER_DEFAULTS,
    ...extra,
});

describe('NAS-Bench-201', () => {
    it('referenceCellHasExactly1073466Params', () => {
        assert.equal(modelCost(nb201(REFERENCE_CELL)).params, 1_073_466);
    });

    it('referenceCellMacsMatchAHandCount', () => {
        // Per stage (C channels at S x S): 4 3x3 convs + 1 1x1 conv per cell, 5 cells.
        const stage = (c: number, s: number) => 5 * (4 * s * s * c * c * 9 + s * s * c * c);
        const reduction = (c: number, s: number) =>
            s * s * 2 * c * c * 9 + s * s * 2 * c * 2 * c * 9 + s * s * 2 * c * c;
        const expected =
            32 * 32 * 16 * 27 +
            stage(16, 32) +
            reduction(16, 16) +
            stage(32, 16) +
            reduction(32, 8) +
            stage(64, 8) +
            64 * 10;
        assert.equal(modelCost(nb201(REFERENCE_CELL)).flops, expected);
        assert.equal(expected, 153_272_960);
    });

    it('imagenet16HasSixteenPixelInputsAnd120Classes', () => {
        const built = buildModel(nb201(REFERENCE_CELL, { classes: 120, imageSize: 16 }), {
            batch: 2,
        });
        assert.deepEqual(built.input.shape, [2, 3, 16, 16]);
        assert.deepEqual(built.logits.shape, [2, 120]);
    });

    it('keepsOneReluPerConvEdgeInApplicationOrder', () => {
        const g = buildModel(nb201(REFERENCE_CELL), { batch: 1 }).graph;
        const relus = g.nodes.filter((n) => n.op === 'Relu').length;
        const convs = g.nodes.filter((n) => n.op === 'Conv').length;
        assert.equal(relus, 15 * 5 + 2 * 2 + 1); // cell edges, reduction conv_a/conv_b, last act
        assert.equal(convs, 1 + 15 * 5 + 2 * 3); // stem, cell edges, reductions
    });

    it('noneEdgesKeepTheirProducersInTheParameterCount', () => {
        // Node 1's conv feeds only 'none' edges, yet it is part of the model (as in PyTorch).
        const cell = '|nor_conv_3x3~0|+|skip_connect~0|none~1|+|skip_connect~0|none~1|none~2|';
        const withConv = modelCost(nb201(cell)).params;
        const withoutConv = modelCost(
            nb201(cell.replace('nor_conv_3x3~0', 'skip_connect~0')),
        ).params;
        assert.equal(
            withConv - withoutConv,
            5 * (16 * 16 * 9 + 32) + 5 * (32 * 32 * 9 + 64) + 5 * (64 * 64 * 9 + 128),
        );
    });

    it('rejectsMalformedCells', () => {
        assert.throws(
            () =>
                buildModel(nb201('|nor_conv_3x3~0|+|conv~0|none~1|+|none~0|none~1|none~2|'), {
                    batch: 1,
                }),
            /unknown op 'conv'/,
        );
    });
});

describe('AutoFormer ViT', () => {
    const published: [string, number, number[], number[], number][] = [
        [
            'T',
            192,
            [3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5],
            [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3],
            5_768_104,
        ],
        [
            'S',
            384,
            [3.0, 3.5, 3.0, 3.5, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.5, 4.0],
            [6, 6, 5, 7, 5, 5, 5, 6, 6, 7, 7, 6, 7],
            22_791_592,
        ],
        [
            'B',
            576,
            [3.5, 3.5, 4.0, 3.5, 4.0, 3.5, 3.5, 3.0, 4.0, 4.0, 3.0, 4.0, 3.0, 3.5],
            [9, 9, 9, 9, 9, 10, 9, 9, 10, 9, 10, 9, 9, 10],
            53_584_168,
        ],
    ];
    for (const [size, e, r, h, params] of published) {
        it(`autoFormer${size}CountsExactly${params}Params`, () => {
            assert.equal(modelCost(autoformer(e, r, h)).params, params);
        });
    }

    it('macsOfOneBlockMatchAHandCount', () => {
        // 2 blocks, E=32, 2 heads of 64, ratio 2, 32x32 input with patch 8: T = 17 tokens.
        const spec = autoformer(32, [2, 2], [2, 2], { imageSize: 32, patchSize: 8, classes: 10 });
        const t = 17;
        const block = t * 32 * 384 + 2 * (2 * t * t * 64) + t * 128 * 32 + 2 * t * 32 * 64;
        const expected = 16 * 32 * 3 * 64 + 2 * block + 32 * 10;
        assert.equal(modelCost(spec).flops, expected);
    });

    it('clsPoolingAndTimmHeadDimChangeShapesNotCounts', () => {
        const mean = autoformer(48, [4], [3], {
            imageSize: 32,
            patchSize: 16,
            classes: 5,
            headDim: 16,
        });
        const cls = { ...mean, pool: 'cls' as const };
        assert.equal(modelCost(mean).params, modelCost(cls).params);
        assert.deepEqual(buildModel(cls, { batch: 3 }).logits.shape, [3, 5]);
    });
});

describe('layer lists', () => {
    const cnn: LayerListSpec = {
        family: 'layers',
        name: 'resnetish',
        input: [3, 8, 8],
        classes: 4,
        layers: [
            { type: 'conv', out: 8, kernel: 3, padding: 1, bias: false },
            { type: 'batchnorm' },
            { type: 'relu' },
            {
                type: 'residual',
                layers: [{ type: 'conv', out: 8, kernel: 3, padding: 1 }, { type: 'relu' }],
            },
            {
                type: 'residual',
                layers: [{ type: 'conv', out: 16, kernel: 3, stride: 2, padding: 1 }],
                shortcut: [{ type: 'conv', out: 16, kernel: 1, stride: 2 }],
            },
            { type: 'maxpool', kernel: 2 },
            { type: 'globalavgpool' },
            { type: 'linear', out: 4 },
        ],
    };

    it('countsParamsAndMacsByHand', () => {
        const params =
            3 * 8 * 9 + 2 * 8 + (8 * 8 * 9 + 8) + (8 * 16 * 9 + 16) + (8 * 16 + 16) + (16 * 4 + 4);
        const macs = 64 * 8 * 27 + 64 * 8 * 72 + 16 * 16 * 72 + 16 * 16 * 8 + 16 * 4;
        assert.deepEqual(modelCost(cnn), { params, flops: macs });
    });

    it('reportsTheLayerThatCannotApply', () => {
        const bad: LayerListSpec = {
            ...cnn,
            input: [12],
            layers: [
                { type: 'linear', out: 4 },
                { type: 'conv', out: 2, kernel: 1 },
            ],
        };
        assert.throws(
            () => buildModel(bad, { batch: 1 }),
            (e: Error) =>
                e instanceof LayerBuildError &&
                /^layers\[1\]: conv needs a rank-4 input/.test(e.message),
        );
        const mismatch: LayerListSpec = {
            ...cnn,
            layers: [{ type: 'residual', layers: [{ type: 'conv', out: 5, kernel: 1 }] }],
        };
        assert.throws(
            () => buildModel(mismatch, { batch: 1 }),
            /layers\[0\]: block output \[1,5,8,8\] does not match shortcut \[1,3,8,8\]/,
        );
        assert.throws(
            () => buildModel({ ...cnn, classes: 7 }, { batch: 1 }),
            /ends in \[4\] per sample, expected \[7\] logits/,
        );
    });
});

describe('every family runs forward and backward in onnxruntime', () => {
    const small: ArchitectureSpec[] = [
        nb201(REFERENCE_CELL, { channels: 4, cellsPerStage: 1, imageSize: 16 }),
        autoformer(32, [2, 3], [1, 2], { imageSize: 32, patchSize: 8, classes: 10, headDim: 16 }),
        { ...autoformer(32, [2], [2], { imageSize: 32, patchSize: 16, classes: 10 }), pool: 'cls' },
    ];
    for (const spec of small) {
        it(`${spec.family}${spec.family === 'autoformer' ? `-${spec.pool}` : ''}ProducesFiniteLossAndGradients`, async () => {
            const built = buildModel(spec, { batch: 4, ghostGroups: 2 });
            const b = new GraphBuilder(built.graph);
            built.graph.outputs.length = 0;
            const loss = crossEntropy(
                b,
                built.logits,
                b.constant(oneHot([0, 1, 2, 3], built.classes)),
                2,
            );
            const params = built.graph.params.map((p) => p.value);
            const grads = backward(b, loss, { wrt: params });
            b.output(loss, 'loss');
            params.forEach((p, i) => b.output(grads.get(p)!, `g${i}`));
            const feeds: Record<string, TensorData> = Object.fromEntries(
                initParams(built.graph, 1),
            );
            const rng = new Rng(3);
            feeds[built.input.name] = tensor(
                'float32',
                built.input.shape,
                Array.from({ length: sizeOf(built.input.shape) }, () => rng.normal()),
            );
            const session = await createSession(exportModel(built.graph));
            const out = await session.run(feeds);
            await session.release();
            const l = out.loss.data[0] as number;
            assert.ok(Number.isFinite(l) && l > 0, `loss ${l}`);
            const nonZero = params.filter((_, i) =>
                (out[`g${i}`].data as Float32Array).some((v) => v !== 0),
            ).length;
            assert.ok(
                nonZero > params.length / 2,
                `${nonZero}/${params.length} parameters got a gradient`,
            );
        });
    }
});
