// Architecture files: what specs come out (fields, defaults, precedence) and where they point.
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';
import type {
    AutoformerSpec,
    LayerListSpec,
    Nb201Spec,
    OnnxSpec,
} from '../../../../src/core/spec/spec';
import { describeDiagnostics, textAt } from './sourceText';

const FILE = '/work/project/models/nets.arch.yaml';
const CELL =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const NONE_CELL = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';

function read(text: string) {
    const result = readArchitectureFile(text, FILE);
    return { ...result, described: describeDiagnostics(text, result.diagnostics) };
}

const NB201_FILE = [
    'family: nb201',
    'dataset: cifar100',
    'candidates:',
    '  - name: best',
    `    cell: "${CELL}"`,
    '    accuracy: {cifar10: 93.76, cifar100: 70.7}',
    '  - name: empty',
    `    cell: '${NONE_CELL}'`,
    '    dataset: imagenet16-120',
    '    channels: 8',
    '',
].join('\n');

test('everyCandidateBecomesASpecWhoseSourceIsItsMapping', () => {
    const { specs, diagnostics } = read(NB201_FILE);
    assert.deepEqual(diagnostics, []);
    assert.equal(specs.length, 2);
    assert.deepEqual(specs[0].source, {
        file: FILE,
        start: { line: 3, character: 4 },
        end: { line: 5, character: 46 },
    });
    assert.deepEqual(specs[1].source, {
        file: FILE,
        start: { line: 6, character: 4 },
        end: { line: 9, character: 15 },
    });
    assert.ok(textAt(NB201_FILE, specs[0].source!).startsWith('name: best'));
});

test('nb201DatasetSetsClassesAndImageSizeAndCandidateLevelWins', () => {
    const [best, empty] = read(NB201_FILE).specs as Nb201Spec[];
    assert.deepEqual(best, {
        family: 'nb201',
        cell: CELL,
        classes: 100,
        imageSize: 32,
        channels: 16,
        cellsPerStage: 5,
        name: 'best',
        source: best.source,
        accuracy: { cifar10: 93.76, cifar100: 70.7 },
    });
    assert.equal(empty.classes, 120);
    assert.equal(empty.imageSize, 16);
    assert.equal(empty.channels, 8);
    assert.equal(empty.accuracy, undefined);
});

test('explicitClassesBeatTheDatasetOfTheSameLevelButNotACandidateDataset', () => {
    const text = `family: nb201\ndataset: cifar10\nclasses: 7\ncandidates:\n  - {name: a, cell: "${CELL}"}\n  - {name: b, cell: "${CELL}", dataset: cifar100}\n`;
    const [a, b] = read(text).specs as Nb201Spec[];
    assert.equal(a.classes, 7);
    assert.equal(b.classes, 100);
});

test('flowMappingCandidateSourceIsItsBraces', () => {
    const text = `family: nb201\ncandidates: [{name: a, cell: "${CELL}"}]\n`;
    const [spec] = read(text).specs;
    assert.equal(textAt(text, spec.source!), `{name: a, cell: "${CELL}"}`);
});

test('autoformerSingleValuesRepeatPerLayerAndDefaultsFillTheRest', () => {
    const text = [
        'family: autoformer',
        'space: autoformer-t',
        'classes: 100',
        'candidates:',
        '  - {name: v, embed_dim: 192, depth: 3, mlp_ratio: 4, num_heads: [3, 4, 3]}',
        '  - {name: w, embed_dim: 216, depth: 2, mlp_ratio: [3.5, 4], num_heads: 4, head_dim: 32, pool: cls, image_size: 32, patch_size: 4}',
    ].join('\n');
    const { specs, diagnostics } = read(text);
    assert.deepEqual(diagnostics, []);
    const [v, w] = specs as AutoformerSpec[];
    assert.deepEqual(
        { ...v, source: undefined },
        {
            family: 'autoformer',
            embedDim: 192,
            depth: 3,
            mlpRatio: [4, 4, 4],
            numHeads: [3, 4, 3],
            headDim: 64,
            patchSize: 16,
            imageSize: 224,
            inChannels: 3,
            classes: 100,
            pool: 'mean',
            name: 'v',
            source: undefined,
        },
    );
    assert.deepEqual(
        [w.mlpRatio, w.numHeads, w.headDim, w.pool, w.imageSize, w.patchSize],
        [[3.5, 4], [4, 4], 32, 'cls', 32, 4],
    );
});

test('layerListsReadShorthandNamesResidualBlocksAndFileDefaults', () => {
    const text = [
        'family: layers',
        'input: [3, 8, 8]',
        'classes: 10',
        'candidates:',
        '  - name: net',
        '    layers:',
        '      - {type: conv, out: 4, kernel: 3, padding: 1, bias: false}',
        '      - relu',
        '      - type: residual',
        '        layers: [batchnorm, {type: conv, out: 4, kernel: 1}]',
        '        shortcut: [identity]',
        '      - {type: avgpool, kernel: 2}',
        '      - flatten',
        '      - {type: linear, out: 10}',
        '  - {name: mlp, input: [16], classes: 2, layers: [{type: linear, out: 2}]}',
    ].join('\n');
    const { specs, diagnostics } = read(text);
    assert.deepEqual(diagnostics, []);
    const [net, mlp] = specs as LayerListSpec[];
    assert.deepEqual(net.input, [3, 8, 8]);
    assert.equal(net.classes, 10);
    assert.deepEqual(net.layers, [
        { type: 'conv', out: 4, kernel: 3, padding: 1, bias: false },
        { type: 'relu' },
        {
            type: 'residual',
            layers: [{ type: 'batchnorm' }, { type: 'conv', out: 4, kernel: 1 }],
            shortcut: [{ type: 'identity' }],
        },
        { type: 'avgpool', kernel: 2 },
        { type: 'flatten' },
        { type: 'linear', out: 10 },
    ]);
    assert.deepEqual([mlp.input, mlp.classes], [[16], 2]);
});

test('onnxPathsResolveAgainstTheFilesFolderAndKeepWeightsDefaultsTrue', () => {
    const text =
        'candidates:\n  - {name: m, family: onnx, path: ../onnx/m.onnx}\n  - {name: n, family: onnx, path: n.onnx, keep_weights: false}\n';
    const [m, n] = read(text).specs as OnnxSpec[];
    assert.equal(m.path, path.resolve(path.dirname(FILE), '../onnx/m.onnx'));
    assert.equal(m.keepWeights, true);
    assert.equal(n.path, path.resolve(path.dirname(FILE), 'n.onnx'));
    assert.equal(n.keepWeights, false);
});

test('candidateFamilyOverridesTheFileFamilyAndGetsNoFileDefaults', () => {
    const text = `family: nb201\nclasses: 100\ncandidates:\n  - {name: a, cell: "${CELL}"}\n  - {name: v, family: autoformer, embed_dim: 64, depth: 1, mlp_ratio: 2, num_heads: 1}\n`;
    const { specs, diagnostics } = read(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
        specs.map((s) => [s.family, (s as Nb201Spec | AutoformerSpec).classes]),
        [
            ['nb201', 100],
            ['autoformer', 1000],
        ],
    );
});

test('jsonFilesWithTabsAndASchemaKeyReadLikeYaml', () => {
    const text = `{\n\t"$schema": "../schemas/architecture.schema.json",\n\t"family": "nb201",\n\t"architectures": [\n\t\t{"name": "a", "cell": "${CELL}"}\n\t]\n}\n`;
    const { specs, diagnostics } = read(text);
    assert.deepEqual(diagnostics, []);
    assert.equal(specs.length, 1);
    assert.equal(textAt(text, specs[0].source!), `{"name": "a", "cell": "${CELL}"}`);
    assert.deepEqual(specs[0].source!.start, { line: 4, character: 2 });
});

test('crlfLineEndingsGiveTheSameRangesAsLf', () => {
    const lf = read(NB201_FILE);
    const crlf = read(NB201_FILE.replace(/\n/g, '\r\n'));
    assert.deepEqual(crlf.specs, lf.specs);
    const bad = NB201_FILE.replace('nor_conv_1x1~1', 'nor_conv_9x9~1');
    assert.deepEqual(read(bad.replace(/\n/g, '\r\n')).described, read(bad).described);
});

test('anchorsAndAliasesShareValuesBetweenCandidates', () => {
    const text = [
        'family: autoformer',
        'candidates:',
        '  - {name: a, embed_dim: 192, depth: 2, mlp_ratio: &ratios [3.5, 4.0], num_heads: 3}',
        '  - {name: b, embed_dim: 240, depth: 2, mlp_ratio: *ratios, num_heads: 4}',
    ].join('\n');
    const { specs, diagnostics } = read(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual((specs[1] as AutoformerSpec).mlpRatio, [3.5, 4]);
});

test('duplicateNamesGetASuffixAndAWarningAtTheRepeatedName', () => {
    const text = `family: nb201\ncandidates:\n  - {name: a, cell: "${CELL}"}\n  - {name: a, cell: "${CELL}"}\n  - {name: a#2, cell: "${CELL}"}\n`;
    const { specs, described } = read(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['a', 'a#3', 'a#2'],
    );
    assert.deepEqual(described, [
        `warning 3:11 "a" duplicate name 'a' (first on line 3); this one is listed as 'a#3'`,
    ]);
});

test('aBrokenCandidateNeverHidesTheOthers', () => {
    const text = [
        'family: nb201',
        'candidates:',
        `  - {name: ok1, cell: "${CELL}"}`,
        '  - {name: bad, cell: "|nor_conv_3x3~0|"}',
        '  - {name: bad2, family: autoformer, embed_dim: -1}',
        '  - 42',
        `  - {name: ok2, cell: "${NONE_CELL}"}`,
    ].join('\n');
    const { specs, diagnostics } = read(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['ok1', 'ok2'],
    );
    assert.ok(diagnostics.length >= 3);
});

test('aYamlSyntaxErrorSkipsOnlyTheCandidatesItTouches', () => {
    const text = `family: nb201\ncandidates:\n  - {name: ok, cell: "${CELL}"}\n  - {name: broken, cell: "${CELL}"\n`;
    const { specs, described } = read(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['ok'],
    );
    assert.ok(
        described.every((d) => d.startsWith('error 3:') || d.startsWith('error 4:')),
        described.join('\n'),
    );
    assert.ok(described.some((d) => d.includes('YAML:')));
});

test('diagnosticsComeBackInReadingOrder', () => {
    const text =
        'family: nb201\ncandidates:\n  - {name: a, cell: 1}\n  - {name: b, cell: 2}\n  - {name: a, cell: 3}\n';
    const lines = read(text).diagnostics.map((d) => d.range.start.line);
    assert.deepEqual(
        lines,
        [...lines].sort((x, y) => x - y),
    );
    assert.equal(lines.length, 3);
});
