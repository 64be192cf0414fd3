// meco, meco_opt, az_*, zen and epe_nas of a small CNN (conv-BN-ReLU twice, GAP, Linear) against
// PyTorch computing the same definitions (scripts/fixtures/featureProxiesTorch.py, Debian's
// /usr/bin/python3 with torch): same weights per pass, same inputs, same random choices.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type TensorData, sliceRows, tensor, toNumbers } from '../../../../src/core/ir/tensor';
import { rademacher, KAIMING_FAN_IN } from '../../../../src/core/proxies/azPass';
import { sampledRows } from '../../../../src/core/proxies/meco';
import { type PassWeights, passGraph, passParams } from '../../../../src/core/proxies/passGraph';
import { type ScoreContext, scoreSpec } from '../../../../src/core/proxies/score';
import { zenInputs } from '../../../../src/core/proxies/zenPass';
import type { LayerListSpec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import type { ScoreOptions } from '../../../../src/protocol/worker';
import { createSession } from '../../../../src/worker/ortSession';

const C = 10; // channels: more than MeCo_opt's 8 rows, fewer than the 36 positions
const K = 5; // classes
const B = 8;
const SEED = 3;
const HW = 6;

const spec: LayerListSpec = {
    family: 'layers',
    name: 'small-cnn',
    input: [3, HW, HW],
    classes: K,
    layers: [
        { type: 'conv', out: C, kernel: 3, padding: 1 },
        { type: 'batchnorm' },
        { type: 'relu' },
        { type: 'conv', out: C, kernel: 3, padding: 1 },
        { type: 'batchnorm' },
        { type: 'relu' },
        { type: 'globalavgpool' },
        { type: 'linear', out: K },
    ],
};

const PROXIES = [
    'meco',
    'meco_opt',
    'az_expressivity',
    'az_progressivity',
    'az_trainability',
    'zen',
    'epe_nas',
];

const flat = (t: TensorData) => ({ shape: [...t.shape], values: toNumbers(t) });

function weightsFor(weights: PassWeights, tag: string) {
    const g = passGraph(spec, 1);
    const values = passParams(g, SEED, weights, tag);
    return Object.fromEntries([...values].map(([k, v]) => [k, flat(v)]));
}

describe('feature proxies against PyTorch', () => {
    it('smallCnn_mecoAzZenEpe_matchPyTorchsComputationOfTheSameDefinitions', async () => {
        const rng = new Rng(11);
        const rows = 2 * B;
        const x = tensor(
            'float32',
            [rows, 3, HW, HW],
            Array.from({ length: rows * 3 * HW * HW }, () => rng.normal()),
        );
        const labels = Array.from({ length: rows }, (_, i) => (i * 3) % K);
        const options: ScoreOptions = {
            proxies: PROXIES,
            data: { kind: 'synthetic' },
            batch: B,
            batches: 2,
            seed: SEED,
            psiSamples: 4,
            gradientMode: 'batches',
        };
        const ctx: ScoreContext = {
            compile: (m) => createSession(m, { threads: 1 }),
            data: async () => ({ x, labels, description: 'test', warnings: [] }),
            options,
            device: 'cpu',
        };
        const ours = await scoreSpec(spec, ctx);
        assert.deepEqual(ours.errors, []);

        const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-feature-proxies-'));
        const zen = zenInputs([3, HW, HW], B, SEED);
        const input = {
            channels: C,
            classes: K,
            weights: {
                default: weightsFor('default', 'default'),
                az: weightsFor(KAIMING_FAN_IN, 'az'),
                zen: weightsFor({ std: () => 1 }, 'zen'),
            },
            meco_sample: flat(sliceRows(x, 0, 1)),
            meco_opt_rows: [0, 1, 2, 3].map((k) => sampledRows(C, k)),
            batch: flat(sliceRows(x, 0, B)),
            labels: labels.slice(0, B),
            rademacher: flat(rademacher([B, C, HW, HW], 1, SEED)),
            zen_x: flat(sliceRows(zen, 0, B)),
            zen_mixed: flat(sliceRows(zen, B, B)),
        };
        writeFileSync(path.join(dir, 'in.json'), JSON.stringify(input));
        const script = path.join(__dirname, '../../../../scripts/fixtures/featureProxiesTorch.py');
        // Why /usr/bin/python3: a pyenv python3 earlier on PATH has no torch.
        execFileSync(
            '/usr/bin/python3',
            [script, path.join(dir, 'in.json'), path.join(dir, 'out.json')],
            {
                stdio: 'pipe',
            },
        );
        const torch = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as Record<
            string,
            number
        >;
        for (const id of PROXIES) {
            const ourValue = ours.scores[id]!;
            const scale = Math.max(Math.abs(torch[id]), 1e-2);
            assert.ok(
                Math.abs(ourValue - torch[id]) / scale < 2e-3,
                `${id}: ours ${ourValue} vs PyTorch ${torch[id]}`,
            );
        }
    });
});
