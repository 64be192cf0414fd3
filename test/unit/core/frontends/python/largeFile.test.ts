// Scale: a generated 200 KB file with 150 model classes is discovered and built statically, and
// params/FLOPs of all of them are computed. Prints the measured times; the limits are hang guards
// only (a shared CI machine is noisy; speed is for benchmarks).
import test from 'node:test';
import assert from 'node:assert/strict';
import { modelCost } from '../../../../../src/core/spaces/index';
import { HANG_MS_IN_SUITE as HANG_MS } from '../../../../fuzz/harness';
import { frontend } from './readPython';

/** 150 CNN classes with Sequential stages built in loops, padded with docstrings to ~200 KB. */
function generatedFile(): string {
    const parts = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', ''];
    for (let i = 0; i < 150; i++) {
        const depth = 1 + (i % 3);
        parts.push(
            `class Net${i}(nn.Module):`,
            `    """Generated model ${i}: ${depth} stages. ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(12)}"""`,
            ``,
            `    def __init__(self, num_classes=${i % 2 ? 10 : 100}, width=${8 + (i % 5) * 4}):`,
            `        super().__init__()`,
            `        layers = []`,
            `        cin = 3`,
            `        for s in range(${depth}):`,
            `            cout = width * 2 ** s`,
            `            layers += [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]`,
            `            layers.append(nn.MaxPool2d(2))`,
            `            cin = cout`,
            `        self.features = nn.Sequential(*layers)`,
            `        self.drop = nn.Dropout(0.2)`,
            `        self.fc = nn.Linear(cin, num_classes)`,
            ``,
            `    def forward(self, x):`,
            `        x = F.adaptive_avg_pool2d(self.features(x), 1).flatten(1)`,
            `        return self.fc(self.drop(x))`,
            ``,
        );
    }
    return parts.join('\n');
}

test('a200KbFileWith150ModelsIsReadAndCostedWithoutHanging', async () => {
    const text = generatedFile();
    assert.ok(text.length > 200_000, `${text.length} bytes`);
    const fe = await frontend();
    const cold = performance.now();
    fe.read(text, '/work/generated.py');
    const coldMs = performance.now() - cold;
    const started = performance.now();
    const { specs, diagnostics } = fe.read(text, '/work/generated.py');
    const readMs = performance.now() - started;
    assert.deepEqual(diagnostics, []);
    assert.equal(specs.length, 150);
    assert.ok(specs.every((s) => s.family === 'graph'));
    const costStarted = performance.now();
    const params = specs.map((s) => modelCost(s).params);
    const costMs = performance.now() - costStarted;
    console.log(
        `generated ${(text.length / 1024).toFixed(0)} KB, 150 models: first read ${coldMs.toFixed(0)} ms, warm read ${readMs.toFixed(0)} ms, params+flops of all ${costMs.toFixed(0)} ms`,
    );
    assert.equal(params[0], 3 * 8 * 9 + 2 * 8 + 8 * 100 + 100); // Net0: one stage of width 8, 100 classes.
    assert.ok(readMs < HANG_MS, `read took ${readMs.toFixed(0)} ms`);
    assert.ok(costMs < 3 * HANG_MS, `params/flops took ${costMs.toFixed(0)} ms`);
});
