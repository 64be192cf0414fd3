// The memory estimate sizes the graphs scoring really runs: for each proxy set and gradient mode, its
// rows equal the largest data input that scoreSpec fed to onnxruntime (recorded, not recomputed).
import assert from 'node:assert/strict';
import test from 'node:test';
import { loadBatches } from '../../../src/core/data/batches';
import type { TensorData } from '../../../src/core/ir/tensor';
import type { CompileModel } from '../../../src/core/onnx/runnable';
import { scoreSpec } from '../../../src/core/proxies/score';
import { buildModel } from '../../../src/core/spaces/index';
import type { LayerListSpec } from '../../../src/core/spec/spec';
import type { ScoreOptions } from '../../../src/protocol/worker';
import { estimateScoreMemory } from '../../../src/worker/memoryEstimate';
import { createSession } from '../../../src/worker/ortSession';

const spec: LayerListSpec = {
    family: 'layers',
    name: 'cnn',
    input: [3, 8, 8],
    classes: 4,
    layers: [
        { type: 'conv', out: 4, kernel: 3, padding: 1 },
        { type: 'batchnorm' },
        { type: 'relu' },
        { type: 'globalavgpool' },
        { type: 'linear', out: 4 },
    ],
};
const inputName = buildModel(spec, { batch: 1 }).input.name;
const base: ScoreOptions = {
    proxies: [],
    data: { kind: 'synthetic' },
    batch: 4,
    batches: 3,
    seed: 0,
    psiSamples: 2,
    gradientMode: 'batches',
};

/** Scores with real sessions: the largest number of data rows any run was fed, and the params scoring counted. */
async function scored(options: ScoreOptions): Promise<{ rows: number; params: number | null }> {
    let most = 0;
    const compile: CompileModel = async (model) => {
        const session = await createSession(model, { threads: 1 });
        return {
            inputNames: session.inputNames,
            outputNames: session.outputNames,
            release: () => session.release(),
            run: (feeds: Readonly<Record<string, TensorData>>) => {
                const x = feeds[inputName];
                if (x) most = Math.max(most, x.shape[0]);
                return session.run(feeds);
            },
        };
    };
    const result = await scoreSpec(spec, {
        compile,
        data: (req) => loadBatches(options.data, req),
        options,
        device: 'cpu',
    });
    assert.deepEqual(result.errors, [], `${options.proxies.join(',')} scored`);
    return { rows: most, params: result.params };
}

test('theEstimateSizesTheGraphsScoringRuns', async () => {
    const cases: [string, Partial<ScoreOptions>, number][] = [
        ['across mini-batches: N·B rows', { proxies: ['lswag', 'zico'] }, 12],
        ['batch 1 only: B rows', { proxies: ['nwot', 'swap', 'snip'] }, 4],
        ['per sample: B rows in B groups', { proxies: ['zico'], gradientMode: 'perSample' }, 4],
        ["grasp's own pass: B rows", { proxies: ['grasp', 'jacov'] }, 4],
        ["synflow's all-ones sample", { proxies: ['synflow'] }, 1],
        ['no graph runs', { proxies: ['params', 'flops'] }, 0],
    ];
    for (const [what, change, expected] of cases) {
        const options = { ...base, ...change };
        const estimate = estimateScoreMemory(spec, options);
        const run = await scored(options);
        assert.equal(run.rows, expected, `${what}: scoring`);
        assert.equal(estimate.rows, expected, `${what}: estimate`);
        assert.equal(estimate.params, run.params, `${what}: params`);
        assert.equal(
            estimate.activationBytes === 0,
            expected === 0,
            `${what}: activations only where a graph runs`,
        );
    }
    // Why it matters: a batch-1-only set needs about 1/N of the activations of one across mini-batches.
    const across = estimateScoreMemory(spec, { ...base, proxies: ['lswag'] }).activationBytes;
    const single = estimateScoreMemory(spec, { ...base, proxies: ['nwot'] }).activationBytes;
    assert.ok(Math.abs(across / single - 3) < 0.2, `${across} vs ${single}`);
});
