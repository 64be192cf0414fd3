// Tracing with Debian's real PyTorch: a class, a builder with args, a zoo expression and a
// notebook cell become OnnxSpecs whose imported graphs have torch's own parameter counts.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { modelCost } from '../../../src/core/spaces/index';
import type { OnnxSpec } from '../../../src/core/spec/spec';
import { resolvePytorchSpecs } from '../../../src/host/tracer/index';
import {
    PYTHON,
    makeWorkspace,
    pytorchSpec,
    requireTorch,
    tempCacheDir,
    torchParams,
} from './pythonWorkspace';

const SMALL_NET = `import torch.nn as nn


class SmallNet(nn.Module):
    def __init__(self, width=8, classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU6(),
            nn.Dropout(0.3), nn.Conv2d(width, 2 * width, 3, stride=2), nn.Hardswish(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.head = nn.Linear(2 * width, classes)

    def forward(self, x):
        return self.head(self.features(x))


def make_net(width, classes=10):
    return SmallNet(width=width, classes=classes)
`;

function trace(root: string, specs: Parameters<typeof resolvePytorchSpecs>[0]) {
    return resolvePytorchSpecs(specs, {
        workspaceRoot: root,
        isPythonAllowed: true,
        explicit: PYTHON,
        cacheDir: tempCacheDir(),
    });
}

describe('tracing PyTorch definitions', { timeout: 300_000 }, () => {
    before(requireTorch);

    it('aClassTracesWithTorchsParameterCountAndTheShapeRule', async () => {
        const root = makeWorkspace({ 'nets/small.py': SMALL_NET });
        const file = path.join(root, 'nets/small.py');
        const r = await trace(root, [pytorchSpec(file, { kind: 'class', name: 'SmallNet' })]);
        assert.deepEqual(r.diagnostics, []);
        const [spec] = r.specs as OnnxSpec[];
        assert.equal(spec.family, 'onnx');
        assert.equal(spec.keepWeights, false);
        const expected = torchParams(
            'import sys; sys.path.insert(0, "nets"); from small import SmallNet',
            'SmallNet()',
            root,
        );
        assert.equal(modelCost(spec).params, expected);
        assert.equal(r.traces[0].torchParams, expected);
        assert.deepEqual(r.traces[0].input, [3, 32, 32]);
        // Why on the spec too: it tells which scores compare (src/core/rankings/comparableGroup.ts).
        assert.deepEqual(spec.input, [3, 32, 32]);
        assert.match(
            spec.inputFrom ?? '',
            /rule: first conv has 3 channels and the head 10 classes: 32x32/,
        );
    });

    it('aBuilderFunctionTakesArgsFromTheComment', async () => {
        const root = makeWorkspace({ 'small.py': SMALL_NET });
        const file = path.join(root, 'small.py');
        const spec = pytorchSpec(
            file,
            { kind: 'function', name: 'make_net' },
            {
                args: 'width=24, classes=100',
                input: [3, 40, 40],
                inputFrom: '`# lswag: input=` comment',
            },
        );
        const r = await trace(root, [spec]);
        assert.deepEqual(r.diagnostics, []);
        const expected = torchParams(
            'from small import make_net',
            'make_net(width=24, classes=100)',
            root,
        );
        assert.equal(modelCost(r.specs[0]).params, expected);
        assert.deepEqual(r.traces[0].input, [3, 40, 40]);
        assert.equal(r.traces[0].inputFrom, '`# lswag: input=` comment');
    });

    it('aZooExpressionRunsOnlyTheImports', async () => {
        // The file would train forever if it were executed: only its imports run.
        const root = makeWorkspace({
            'train.py':
                'import torchvision\nmodel = torchvision.models.resnet18(num_classes=10)\nwhile True:\n    pass\n',
        });
        const file = path.join(root, 'train.py');
        const target = {
            kind: 'expression' as const,
            code: 'torchvision.models.resnet18(num_classes=10)',
            imports: 'import torchvision',
        };
        const r = await trace(root, [pytorchSpec(file, target)]);
        assert.deepEqual(r.diagnostics, []);
        assert.equal(modelCost(r.specs[0]).params, 11_181_642);
    });

    it('aNotebookCellRunsTheCellsUpToItWithoutMagics', async () => {
        const cell = (source: string) => ({ cell_type: 'code', metadata: {}, outputs: [], source });
        const notebook = {
            cells: [
                cell(
                    '%matplotlib inline\n!pip install nothing\nimport torch.nn as nn\nWIDTH = 6\n',
                ),
                { cell_type: 'markdown', metadata: {}, source: '# A net' },
                cell(
                    'class Tiny(nn.Module):\n    def __init__(self):\n        super().__init__()\n' +
                        '        self.c = nn.Conv2d(3, WIDTH, 3)\n        self.p = nn.AdaptiveAvgPool2d(1)\n' +
                        '        self.f = nn.Linear(WIDTH, 10)\n    def forward(self, x):\n' +
                        '        return self.f(self.p(self.c(x)).flatten(1))\n',
                ),
                cell('raise SystemExit("cells after the definition must not run")\n'),
            ],
            metadata: {},
            nbformat: 4,
            nbformat_minor: 5,
        };
        const root = makeWorkspace({ 'nb.ipynb': JSON.stringify(notebook) });
        const file = path.join(root, 'nb.ipynb');
        const r = await trace(root, [
            pytorchSpec(file, { kind: 'class', name: 'Tiny' }, { cell: 1 }),
        ]);
        assert.deepEqual(r.diagnostics, []);
        assert.equal(modelCost(r.specs[0]).params, 3 * 6 * 9 + 6 + 6 * 10 + 10);
    });

    it('auxiliaryOutputsAreDroppedAndSaid', async () => {
        const root = makeWorkspace({
            'aux.py':
                'import torch.nn as nn\n\nclass Aux(nn.Module):\n    def __init__(self):\n' +
                '        super().__init__()\n        self.body = nn.Conv2d(3, 4, 3)\n' +
                '        self.head = nn.Linear(4, 10)\n        self.aux = nn.Linear(4, 10)\n' +
                '    def forward(self, x):\n        h = self.body(x).mean((2, 3))\n' +
                '        return self.head(h), self.aux(h)\n',
        });
        const r = await trace(root, [
            pytorchSpec(path.join(root, 'aux.py'), { kind: 'class', name: 'Aux' }),
        ]);
        assert.deepEqual(r.diagnostics, []);
        assert.equal(modelCost(r.specs[0]).params, 3 * 4 * 9 + 4 + 4 * 10 + 10);
        assert.match(r.traces[0].outputNote ?? '', /returns 2 outputs.*element 0/);
    });
});
