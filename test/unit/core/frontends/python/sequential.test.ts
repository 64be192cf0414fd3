// nn.Sequential chains through the Python front end: layer specs from positional and keyword
// arguments, nested and OrderedDict forms, input inference, lswag comments, and shape diagnostics.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { AutoformerSpec, LayerListSpec } from '../../../../../src/core/spec/spec';
import { rangeOf, readPython } from './readPython';

const conv = (out: number, kernel: number, o: Record<string, number | boolean> = {}) => ({
    type: 'conv',
    out,
    kernel,
    stride: 1,
    padding: 0,
    dilation: 1,
    groups: 1,
    bias: true,
    ...o,
});

test('sequentialReadsPositionalKeywordAndNestedLayers', async () => {
    const call = [
        'nn.Sequential(',
        '    nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(inplace=True),',
        '    torch.nn.Sequential(nn.MaxPool2d(2), Conv2d(in_channels=16, out_channels=32,',
        '        kernel_size=(3, 3), stride=2, padding=1, groups=2, dilation=1)),',
        '    nn.GELU(), nn.Sigmoid(), nn.Tanh(), nn.AvgPool2d(kernel_size=2, stride=1, padding=1),',
        '    nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Dropout(p=0.1), nn.Identity(),',
        '    nn.LayerNorm(32), nn.Linear(32, 10, bias=False))',
    ].join('\n');
    const text = `import torch\nnet = ${call}\n`;
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(specs, [
        {
            family: 'layers',
            name: 'net',
            source: rangeOf(text, call),
            input: [3, 32, 32],
            classes: 10,
            layers: [
                conv(16, 3, { padding: 1, bias: false }),
                { type: 'batchnorm' },
                { type: 'relu' },
                { type: 'maxpool', kernel: 2, stride: 2, padding: 0 },
                conv(32, 3, { stride: 2, padding: 1, groups: 2 }),
                { type: 'gelu' },
                { type: 'sigmoid' },
                { type: 'tanh' },
                { type: 'avgpool', kernel: 2, stride: 1, padding: 1 },
                { type: 'globalavgpool' },
                { type: 'flatten' },
                { type: 'identity' },
                { type: 'identity' },
                { type: 'layernorm' },
                { type: 'linear', out: 10, bias: false },
            ],
        },
    ]);
});

test('orderedDictAndMlpInputsAreInferred', async () => {
    const text = [
        'mlp = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.BatchNorm1d(256),',
        '    nn.Linear(256, 10))',
        'named = nn.Sequential(OrderedDict([("c", nn.Conv2d(1, 4, 3, padding="same")),',
        '    ("p", nn.AdaptiveAvgPool2d(1)), ("f", nn.Flatten()), ("fc", nn.Linear(4, 2))]))',
        'allconv = nn.Sequential(nn.Conv2d(3, 10, 1), nn.AdaptiveAvgPool2d(1), nn.Flatten())',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    const [mlp, named, allconv] = specs as LayerListSpec[];
    assert.deepEqual([mlp.input, mlp.classes, mlp.layers.length], [[784], 10, 5]);
    assert.deepEqual([named.input, named.classes], [[1, 32, 32], 2]);
    assert.deepEqual(named.layers[0], conv(4, 3, { padding: 1 }));
    assert.deepEqual([allconv.input, allconv.classes], [[3, 32, 32], 10]);
});

test('lswagCommentsOverrideInputAndClasses', async () => {
    const text = [
        '# An ImageNet-sized net.',
        '# lswag: input=3x224x224',
        'big = nn.Sequential(nn.Conv2d(3, 8, 7, stride=4), nn.MaxPool2d(3, 2),',
        '    nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 100))',
        'small = nn.Sequential(  # lswag: input=1x28x28, classes=100',
        '    nn.Conv2d(1, 8, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 100))',
        'vit = VisionTransformer(embed_dim=192, depth=1, num_heads=3)  # lswag: input=3x32x32 classes=10',
        '# lswag: input=3x32 shape=2',
        'odd = nn.Sequential(nn.Linear(4, 2))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    const [big, small, vit, odd] = specs as [
        LayerListSpec,
        LayerListSpec,
        AutoformerSpec,
        LayerListSpec,
    ];
    assert.deepEqual([big.input, big.classes], [[3, 224, 224], 100]);
    assert.deepEqual([small.input, small.classes], [[1, 28, 28], 100]);
    assert.deepEqual([vit.imageSize, vit.inChannels, vit.classes], [32, 3, 10]);
    assert.deepEqual(odd.input, [4]);
    const comment = rangeOf(text, '# lswag: input=3x32 shape=2');
    assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.message, d.range]),
        [
            [
                'warning',
                "lswag comment: input must be CxHxW or a feature count, got '3x32'",
                comment,
            ],
            [
                'warning',
                "lswag comment: unknown key 'shape' (expected input=CxHxW, classes=N or args=...)",
                comment,
            ],
        ],
    );
});

test('channelMismatchIsReportedAtTheOffendingLayer', async () => {
    const text = [
        'a = nn.Sequential(nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(8, 16, 3), nn.Flatten())',
        'b = nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(32))',
        'c = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Flatten(), nn.Linear(100, 10))',
        'd = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Linear(4, 10))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(specs, []);
    assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.message, d.range]),
        [
            [
                'error',
                'Conv2d expects 8 input channels but receives 16 (input shape [16, 30, 30])',
                rangeOf(text, 'nn.Conv2d(8, 16, 3)'),
            ],
            [
                'error',
                'BatchNorm2d expects 32 input channels but receives 16 (input shape [16, 30, 30])',
                rangeOf(text, 'nn.BatchNorm2d(32)'),
            ],
            [
                'error',
                'Linear expects 100 input features but receives 3600 (input shape [3600])',
                rangeOf(text, 'nn.Linear(100, 10)'),
            ],
            [
                'error',
                'Linear expects 4 input features but receives 30 (input shape [4, 30, 30])',
                rangeOf(text, 'nn.Linear(4, 10)'),
            ],
        ],
    );
});

test('nonLiteralLayersAndArgumentsAreReportedAtTheirRange', async () => {
    const text = [
        'a = nn.Sequential(*layers)',
        'b = nn.Sequential(nn.Conv2d(3, width, 3), nn.ReLU())',
        'c = nn.Sequential(block, nn.ReLU())',
        'd = nn.Sequential(nn.Conv2d(3, 8, 3), ResBlock(8), nn.Flatten())',
        'e = nn.Sequential(nn.Conv2d(3, 8, 3, **opts))',
        'f = nn.Sequential(nn.Conv2d(3, 8, 3, ceil_mode=x), nn.MaxPool2d(2, ceil_mode=True))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(specs, []);
    assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.range]),
        [
            ['info', rangeOf(text, '*layers')],
            ['info', rangeOf(text, 'width')],
            ['info', rangeOf(text, 'block')],
            ['info', rangeOf(text, 'ResBlock(8)')],
            ['info', rangeOf(text, '**opts')],
            ['info', rangeOf(text, 'True')],
        ],
    );
    assert.match(diagnostics[3].message, /unsupported layer type 'ResBlock'/);
    assert.match(diagnostics[1].message, /Conv2d out_channels is not statically resolvable/);
});

test('aLayerNamedLikeAnObjectMethodIsUnsupportedAndTheFileStillReads', async () => {
    const text = [
        'bad = nn.Sequential(nn.Linear(4, 2), nn.constructor())',
        'good = nn.Sequential(nn.Linear(4, 2))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['good'],
    );
    assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.range]),
        [['info', rangeOf(text, 'nn.constructor()')]],
    );
    assert.match(diagnostics[0].message, /unsupported layer type 'constructor'/);
});

test('featureExtractorsAndKerasAreNotScored', async () => {
    const text = [
        'features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())',
        'keras_model = Sequential([Dense(10)])',
        'tf_model = keras.Sequential([layers.Dense(10)])',
        'empty = nn.Sequential()',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(specs, []);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 'info');
    assert.match(diagnostics[0].message, /ends in \[8, 30, 30\] per sample, not \[8\] logits/);
});

test('spatialCollapseUnderAnAssumedInputSuggestsTheComment', async () => {
    const text =
        'n = nn.Sequential(nn.Conv2d(3, 8, 7, stride=4), nn.Conv2d(8, 8, 11), nn.Flatten())';
    const { diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics[0].range, rangeOf(text, 'nn.Conv2d(8, 8, 11)'));
    assert.equal(diagnostics[0].severity, 'warning');
    assert.match(
        diagnostics[0].message,
        /input assumed 3x32x32; set it with '# lswag: input=CxHxW'/,
    );
});
