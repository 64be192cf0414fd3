// Discovery and reasons: model classes through workspace base classes, builder functions, exact
// ranges, `# lswag: args=` and the input-shape rule, and an info at the exact construct that keeps
// a model from being built statically (which then becomes a PytorchSpec for tracing).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileSystemWorkspace } from '../../../../../src/core/frontends/pythonSource';
import type { GraphSpec, PytorchSpec } from '../../../../../src/core/spec/spec';
import { FILE, frontend, rangeOf, readPython } from './readPython';

const HEADER = 'import torch\nimport torch.nn as nn\n';

test('aLayerTypeFromAParameterIsAnInfoAtItsStatementAndTheModelIsTraced', async () => {
    const text = [
        HEADER,
        'class Net(nn.Module):',
        '    def __init__(self, act_layer=None, num_classes=10):',
        '        super().__init__()',
        '        self.fc = nn.Linear(8, num_classes)',
        '        self.act = act_layer()',
        '    def forward(self, x):',
        '        return self.act(self.fc(x))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    const spec = specs[0] as PytorchSpec;
    assert.equal(spec.family, 'pytorch');
    assert.deepEqual(spec.target, { kind: 'class', name: 'Net' });
    assert.equal(spec.file, FILE);
    assert.equal(
        spec.staticReason,
        "'self.act = act_layer()': the layer type 'act_layer' is a parameter (None here); set it with '# lswag: args=...'",
    );
    assert.deepEqual(spec.source, rangeOf(text, text.slice(text.indexOf('class Net'))));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 'info');
    assert.deepEqual(diagnostics[0].range, rangeOf(text, 'Net', 0));
    assert.match(
        diagnostics[0].message,
        /^Net is not built statically \(it will be traced with your PyTorch\): 'self.act = act_layer\(\)'/,
    );
});

test('argsCommentBuildsAClassThatNeedsArgumentsAndInputCommentWins', async () => {
    const text = [
        HEADER,
        '# lswag: input=4x16x16 args=width=6, num_classes=3',
        'class Wide(nn.Module):',
        '    def __init__(self, width, num_classes):',
        '        super().__init__()',
        '        self.body = nn.Sequential(nn.Conv2d(4, width, 3), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten())',
        '        self.head = nn.Linear(width, num_classes)',
        '    def forward(self, x):',
        '        return self.head(self.body(x))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    const spec = specs[0] as GraphSpec;
    assert.equal(spec.family, 'graph');
    assert.deepEqual(
        [spec.name, spec.input, spec.inputFrom, spec.classes],
        ['Wide', [4, 16, 16], '`# lswag: input=` comment', 3],
    );
});

test('fallbackInputIsUsedWhenTheCodeDoesNotDecide', async () => {
    const text = [
        HEADER,
        'class Head(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '        self.pool = nn.AdaptiveAvgPool2d(1)',
        '        self.fc = nn.Linear(5, 2)',
        '    def forward(self, x):',
        '        return self.fc(self.pool(x).flatten(1))',
    ].join('\n');
    const fe = await frontend();
    const plain = fe.read(text, FILE).specs[0] as PytorchSpec;
    assert.equal(
        plain.family,
        'pytorch',
        'a Linear first means [5] features, which the pooling cannot take',
    );
    const withFallback = fe.read(text, FILE, { fallbackInput: [5, 7, 7] }).specs[0];
    assert.equal(withFallback.family, 'pytorch'); // The rule's Linear reading wins over the setting.
    assert.deepEqual((withFallback as PytorchSpec).input, [5]);
});

test('baseClassesAndBlocksFromAnotherWorkspaceFileAreFollowed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lswag-ws-'));
    writeFileSync(
        path.join(dir, 'blocks.py'),
        [
            HEADER,
            'class Base(nn.Module):',
            '    pass',
            '',
            'def conv_relu(cin, cout):',
            '    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU())',
            '',
        ].join('\n'),
    );
    const text = [
        HEADER,
        'from .blocks import Base, conv_relu',
        '',
        'class Child(Base):',
        '    def __init__(self, num_classes=10):',
        '        super().__init__()',
        '        self.body = conv_relu(3, 8)',
        '        self.fc = nn.Linear(8, num_classes)',
        '    def forward(self, x):',
        '        return self.fc(self.body(x).mean([2, 3]))',
        '',
        'def child_wide():',
        '    return Child(num_classes=100)',
        '',
        'net = Child(num_classes=5)',
    ].join('\n');
    const fe = await frontend();
    const file = path.join(dir, 'model.py');
    const { specs, diagnostics } = fe.read(text, file, { workspace: fileSystemWorkspace() });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
        specs.map((s) => `${s.name}:${s.family}:${(s as GraphSpec).classes}`),
        ['Child:graph:10', 'child_wide:graph:100', 'net:graph:5'],
    );
    const child = specs[0] as GraphSpec;
    assert.equal(child.moduleParams, 3 * 8 * 9 + 8 + 8 * 10 + 10);
    assert.deepEqual(
        child.nodes.map((n) => n.path ?? n.op),
        ['body.0', 'relu', 'mean', 'fc'],
    );
});
