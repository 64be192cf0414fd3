// `--vit-activations`: which values of an AutoFormer block are coded like activation layers. Checked
// on a tiny ViT: the option adds exactly the attention logits or the block outputs (in forward
// order, at the right depth bin), and swap under each option equals a count done here by hand from
// the same values run through onnxruntime (distinct sign patterns over the S samples, all layers).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initParams } from '../../../../src/core/ir/init';
import { type TensorData, tensor } from '../../../../src/core/ir/tensor';
import { exportModel } from '../../../../src/core/onnx/export';
import { runOnce } from '../../../../src/core/onnx/runnable';
import { findProxyLayers } from '../../../../src/core/proxies/layers';
import { type ScoreContext, scoreSpec } from '../../../../src/core/proxies/score';
import { vitActivationSites } from '../../../../src/core/proxies/vitActivationSites';
import { buildModel } from '../../../../src/core/spaces/index';
import type { VitActivations } from '../../../../src/core/spec/scoreOptions';
import type { AutoformerSpec } from '../../../../src/core/spec/spec';
import { createSession } from '../../../../src/worker/ortSession';
import { checkVitActivations } from '../../../../src/host/optionChecks';

/** 8x8 images in 2x2 patches of 4 px: 5 tokens, embed 4, two blocks with 1 and 2 heads. */
const tinyVit: AutoformerSpec = {
    family: 'autoformer',
    name: 'tiny-vit',
    embedDim: 4,
    depth: 2,
    mlpRatio: [1, 2],
    numHeads: [1, 2],
    headDim: 2,
    patchSize: 4,
    imageSize: 8,
    inChannels: 3,
    classes: 3,
    pool: 'mean',
};
const BATCH = 8;
const SEED = 3;
const compile = (m: Uint8Array) => createSession(m, { threads: 1 });

function layersUnder(choice: VitActivations) {
    const built = buildModel(tinyVit, { batch: BATCH });
    return { built, layers: findProxyLayers(built.graph, vitActivationSites(built, choice)) };
}

/** Deterministic rows [rows, 3, 8, 8] that are not all of one sign. */
function rowsOf(rows: number): TensorData {
    const n = rows * 3 * 8 * 8;
    return tensor(
        'float32',
        [rows, 3, 8, 8],
        Array.from({ length: n }, (_, i) => Math.sin(0.7 * i) + 0.3 * Math.cos(1.3 * i)),
    );
}

/** Swap by hand: run the graph with the layers' inputs as outputs and count distinct S-bit patterns. */
async function swapByHand(choice: VitActivations, samples: number): Promise<number> {
    const { built, layers } = layersUnder(choice);
    const graph = built.graph;
    graph.outputs.length = 0;
    const names = layers.activations.map((a) => a.preActivation.name);
    for (const a of layers.activations) graph.outputs.push(a.preActivation);
    graph.prune();
    const feeds: Record<string, TensorData> = { [built.input.name]: rowsOf(BATCH) };
    for (const [name, value] of initParams(graph, SEED)) feeds[name] = value;
    const out = await runOnce(compile, exportModel(graph), feeds);
    const patterns = new Set<string>();
    for (const name of names) {
        const data = out[name].data as Float32Array;
        const units = data.length / BATCH;
        for (let u = 0; u < units; u++) {
            let bits = '';
            for (let s = 0; s < samples; s++) bits += data[s * units + u] > 0 ? '1' : '0';
            patterns.add(bits);
        }
    }
    return patterns.size;
}

function contextFor(choice: VitActivations, samples: number): ScoreContext {
    return {
        compile,
        data: async (req) => ({
            x: rowsOf(req.batch * req.batches),
            labels: Array.from({ length: req.batch * req.batches }, (_, i) => i % 3),
            description: 'test rows',
            warnings: [],
        }),
        options: {
            proxies: ['swap', 'nwot'],
            data: { kind: 'synthetic' },
            batch: BATCH,
            batches: 2,
            seed: SEED,
            psiSamples: samples,
            gradientMode: 'batches',
            ...(choice === 'gelu' ? {} : { vitActivations: choice }),
        },
        device: 'cpu',
    };
}

describe('ViT activation layers (--vit-activations)', () => {
    it('gelu_countsOnlyTheTwoMlpGelus', () => {
        const { layers } = layersUnder('gelu');
        assert.deepEqual(
            layers.activations.map((a) => a.kind),
            ['GELU', 'GELU'],
        );
    });

    it('attnLogits_addsEachBlocksScaledLogitsBeforeItsGelu_atTheQkvLayersBin', () => {
        const { layers } = layersUnder('gelu+attn-logits');
        assert.deepEqual(
            layers.activations.map((a) => a.kind),
            ['attention logits', 'GELU', 'attention logits', 'GELU'],
        );
        const logits = layers.activations.filter((a) => a.kind === 'attention logits');
        // [B, heads, T, T]: block 0 has 1 head, block 1 has 2; 5 tokens.
        assert.deepEqual(logits[0].preActivation.shape, [BATCH, 1, 5, 5]);
        assert.deepEqual(logits[1].preActivation.shape, [BATCH, 2, 5, 5]);
        // Weight layers: patch conv, then per block qkv, proj, fc1, fc2, then head = 10: bins 0..9.
        assert.equal(layers.weights.length, 10);
        const qkvBins = layers.weights
            .filter((w) => /attn\.qkv/.test(w.weight.name))
            .map((w) => w.bin);
        assert.deepEqual(
            logits.map((a) => a.bin),
            qkvBins,
        );
    });

    it('blockOut_addsEachBlocksResidualOutputAfterItsGelu', () => {
        const { layers } = layersUnder('gelu+block-out');
        assert.deepEqual(
            layers.activations.map((a) => a.kind),
            ['GELU', 'block output', 'GELU', 'block output'],
        );
        for (const a of layers.activations.filter((l) => l.kind === 'block output'))
            assert.deepEqual(a.preActivation.shape, [BATCH, 5, 4]);
    });

    it('anUnknownChoiceIsRefusedWithTheChoicesNamed', () => {
        assert.equal(checkVitActivations('gelu+block-out', '--vit-activations'), 'gelu+block-out');
        assert.throws(
            () => checkVitActivations('softmax', '--vit-activations'),
            /--vit-activations must be one of gelu, gelu\+attn-logits, gelu\+block-out, not 'softmax'/,
        );
    });

    it('aNetworkWhoseBuilderMarksNoVitSitesIsUnchanged', () => {
        assert.deepEqual(vitActivationSites({}, 'gelu+attn-logits'), []);
    });

    for (const choice of ['gelu', 'gelu+attn-logits', 'gelu+block-out'] as const) {
        it(`swap_${choice}_equalsTheDistinctPatternsCountedByHand`, async () => {
            const samples = 6;
            const result = await scoreSpec(tinyVit, contextFor(choice, samples));
            assert.deepEqual(result.errors, []);
            assert.equal(result.scores.swap, await swapByHand(choice, samples));
        });
    }

    it('theOptionChangesSwapAndTheReportedKinds', async () => {
        const gelu = await scoreSpec(tinyVit, contextFor('gelu', 6));
        const logits = await scoreSpec(tinyVit, contextFor('gelu+attn-logits', 6));
        assert.deepEqual(gelu.activationKinds, { GELU: 2 });
        assert.deepEqual(logits.activationKinds, { GELU: 2, 'attention logits': 2 });
        assert.notEqual(gelu.scores.swap, logits.scores.swap);
        assert.notEqual(gelu.scores.nwot, logits.scores.nwot);
    });
});
