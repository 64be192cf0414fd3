// The trace cache: a second resolve of an unchanged definition starts no tracer; a change to a
// workspace file the definition imports (or to the file itself) traces it again.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { modelCost } from '../../../src/core/spaces/index';
import { resolvePytorchSpecs } from '../../../src/host/tracer/index';
import {
    PYTHON,
    countingSpawn,
    makeWorkspace,
    pytorchSpec,
    requireTorch,
    tempCacheDir,
    tracerStarts,
} from './pythonWorkspace';

const blocks = (width: number) =>
    `import torch.nn as nn\nWIDTH = ${width}\n\ndef stem():\n    return nn.Conv2d(3, WIDTH, 3)\n`;
const NET =
    'import torch.nn as nn\nfrom lib.blocks import stem, WIDTH\n\nclass Net(nn.Module):\n    def __init__(self):\n' +
    '        super().__init__()\n        self.s = stem()\n        self.f = nn.Linear(WIDTH, 10)\n' +
    '    def forward(self, x):\n        return self.f(self.s(x).mean((2, 3)))\n';
const paramsFor = (width: number) => 3 * width * 9 + width + width * 10 + 10;

describe('the trace cache', { timeout: 300_000 }, () => {
    before(requireTorch);

    it('hitsWithoutTracingAndRetracesWhenAnImportedFileChanges', async () => {
        const root = makeWorkspace({
            'lib/blocks.py': blocks(4),
            'lib/__init__.py': '',
            'net.py': NET,
        });
        const cacheDir = tempCacheDir();
        const spec = pytorchSpec(path.join(root, 'net.py'), { kind: 'class', name: 'Net' });
        const resolve = async () => {
            const spawn = countingSpawn();
            const r = await resolvePytorchSpecs([spec], {
                workspaceRoot: root,
                isPythonAllowed: true,
                explicit: PYTHON,
                cacheDir,
                spawn,
            });
            assert.deepEqual(r.diagnostics, []);
            return {
                params: modelCost(r.specs[0]).params,
                starts: tracerStarts(spawn),
                fromCache: r.traces[0].fromCache,
            };
        };

        assert.deepEqual(await resolve(), { params: paramsFor(4), starts: 1, fromCache: false });
        assert.deepEqual(await resolve(), { params: paramsFor(4), starts: 0, fromCache: true });
        writeFileSync(path.join(root, 'lib/blocks.py'), blocks(6));
        assert.deepEqual(await resolve(), { params: paramsFor(6), starts: 1, fromCache: false });
        writeFileSync(
            path.join(root, 'net.py'),
            NET.replace('nn.Linear(WIDTH, 10)', 'nn.Linear(WIDTH, 100)'),
        );
        const changed = await resolve();
        assert.equal(changed.starts, 1);
        assert.equal(changed.params, 3 * 6 * 9 + 6 + 6 * 100 + 100);
        assert.equal(
            readdirSync(cacheDir).filter((d) => d.includes('.tmp-')).length,
            0,
            'no staging folder is left',
        );
        assert.deepEqual(
            readdirSync(root).sort(),
            ['lib', 'net.py'],
            'nothing is written into the workspace',
        );
    });
});
