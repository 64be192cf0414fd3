// A traced definition scores end to end in the real engine worker: value-less weight inputs,
// ReLU6 (Clip), Hardswish and Hardsigmoid (a squeeze-excite gate) differentiate and pass
// synflow's data-free pass, and the worker reports torch's parameter count.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEngine } from '../../../src/cli/engine';
import type { EngineClient } from '../../../src/engine/engineClient';
import { resolvePytorchSpecs } from '../../../src/host/tracer/index';
import {
    PYTHON,
    makeWorkspace,
    pytorchSpec,
    requireTorch,
    tempCacheDir,
    torchParams,
} from './pythonWorkspace';

const MOBILE_NET = `import torch.nn as nn


class Gate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Conv2d(c, c, 1)
        self.act = nn.Hardsigmoid()

    def forward(self, x):
        return x * self.act(self.fc(self.pool(x)))


class Mobile(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU6(),
            nn.Conv2d(8, 8, 3, padding=1, groups=8), nn.BatchNorm2d(8), nn.Hardswish(), Gate(8),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2))
        self.head = nn.Linear(8, classes)

    def forward(self, x):
        return self.head(self.body(x))
`;

describe('a traced model in the engine', { timeout: 300_000 }, () => {
    let engine: EngineClient;
    before(() => {
        requireTorch();
        engine = createEngine({ device: 'cpu', threads: 1 });
    });
    after(() => engine?.stop());

    it('scoresWithFiniteProxiesAndTorchsParameterCount', async () => {
        const root = makeWorkspace({ 'mobile.py': MOBILE_NET });
        const r = await resolvePytorchSpecs(
            [pytorchSpec(path.join(root, 'mobile.py'), { kind: 'class', name: 'Mobile' })],
            {
                workspaceRoot: root,
                isPythonAllowed: true,
                explicit: PYTHON,
                cacheDir: tempCacheDir(),
            },
        );
        assert.deepEqual(r.diagnostics, []);
        const outcome = await engine.score(r.specs, {
            // Why no nwot here: which ops count as activation layers is another change (activations.ts).
            proxies: ['params', 'synflow', 'lswag'],
            data: { kind: 'synthetic' },
            batch: 4,
            batches: 2,
            seed: 0,
            psiSamples: 2,
            gradientMode: 'batches',
        });
        const [result] = outcome.results;
        assert.deepEqual(result.errors, []);
        assert.equal(result.params, torchParams('from mobile import Mobile', 'Mobile()', root));
        for (const proxy of ['synflow', 'lswag']) {
            assert.ok(Number.isFinite(result.scores[proxy]), `${proxy} = ${result.scores[proxy]}`);
        }
    });
});
