// User-style PyTorch files (test/fixtures/pytorch, written for these tests): each model is found
// under the name users gave it, built statically, and has the parameter count torch itself gives
// (counted in the test by running the same file with Debian's PyTorch).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { notebookCells } from '../../../../../src/core/frontends/notebook';
import { fileSystemWorkspace } from '../../../../../src/core/frontends/pythonSource';
import { readSources } from '../../../../../src/core/frontends/sources';
import { modelCost } from '../../../../../src/core/spaces/index';
import type {
    ArchitectureSpec,
    AutoformerSpec,
    GraphSpec,
    PytorchSpec,
} from '../../../../../src/core/spec/spec';
import { frontend } from './readPython';

const FIXTURES = path.resolve(__dirname, '../../../../fixtures/pytorch');
const PYTHON = '/usr/bin/python3';
const hasTorch = existsSync(PYTHON);

function torchParams(file: string, names: string[]): Record<string, number> {
    const script = path.join(__dirname, 'torchParams.py');
    return JSON.parse(
        execFileSync(PYTHON, [script, 'file', file, ...names], { encoding: 'utf8' }),
    ) as Record<string, number>;
}

async function read(name: string) {
    const python = await frontend();
    const [result] = readSources([path.join(FIXTURES, name)], { python });
    return result;
}

function byName(specs: readonly ArchitectureSpec[]): Map<string, ArchitectureSpec> {
    return new Map(specs.map((s) => [s.name, s]));
}

async function checkAgainstTorch(
    fixture: string,
    names: string[],
    torchFile = path.join(FIXTURES, fixture),
) {
    const { specs } = await read(fixture);
    const found = byName(specs);
    const expected = torchParams(torchFile, names);
    for (const name of names) {
        const spec = found.get(name);
        assert.equal(
            spec?.family,
            'graph',
            `${fixture}: ${name} should be built statically, got ${spec?.family} ${(spec as PytorchSpec | undefined)?.staticReason ?? ''}`,
        );
        assert.equal(modelCost(spec).params, expected[name], `${fixture}: ${name} params`);
    }
    return found;
}

test('cnnWithSequentialStagesAndDropoutMatchesTorch', { skip: !hasTorch }, async () => {
    const found = await checkAgainstTorch('cnn_stages.py', [
        'StageNet',
        'MnistNet',
        'wide_stage_net',
        'model',
    ]);
    const mnist = found.get('MnistNet') as GraphSpec;
    // The MNIST net only fits 28x28: the rule's second size, and the result says so.
    assert.deepEqual(mnist.input, [1, 28, 28]);
    assert.match(mnist.inputFrom, /first conv has 1 channels and 10 classes: 28x28/);
    assert.equal((found.get('model') as GraphSpec).classes, 100);
    assert.deepEqual((found.get('StageNet') as GraphSpec).input, [3, 32, 32]);
});

test('residualBlocksInModuleListWithForwardLoopMatchTorch', { skip: !hasTorch }, async () => {
    await checkAgainstTorch('residual_blocks.py', ['ResNetLike', 'resnet_like_deep']);
    const { specs, diagnostics } = await read('residual_blocks.py');
    assert.ok(
        !specs.some((s) => s.name === 'ResidualBlock'),
        'a block that needs arguments is not a definition',
    );
    const why = diagnostics.find((d) =>
        d.message.startsWith('ResidualBlock needs constructor arguments (channels)'),
    );
    assert.equal(why?.severity, 'info');
    assert.equal(why?.range.start.line, 6); // At the class name.
});

test('smallTransformerWithParametersAndAttentionMatchesTorch', { skip: !hasTorch }, async () => {
    const found = await checkAgainstTorch('small_transformer.py', ['TinyViT']);
    const vit = found.get('TinyViT') as GraphSpec;
    assert.ok(vit.nodes.some((n) => n.op === 'param' && n.path === 'cls_token'));
    assert.ok(vit.nodes.some((n) => n.op === 'softmax'));
});

test('unetLikeEncoderDecoderMatchesTorch', { skip: !hasTorch }, async () => {
    const found = await checkAgainstTorch('unet_like.py', ['UNetClassifier']);
    const unet = found.get('UNetClassifier') as GraphSpec;
    assert.deepEqual(unet.input, [1, 32, 32]);
    assert.equal(unet.nodes.filter((n) => n.op === 'cat').length, 3);
    assert.equal(unet.nodes.filter((n) => n.op === 'convtranspose').length, 3);
});

test('notebookModelsAreFoundPerCellAndMatchTorch', { skip: !hasTorch }, async () => {
    const nb = path.join(FIXTURES, 'notebook_model.ipynb');
    const cells = notebookCells(readFileSync(nb, 'utf8'));
    assert.ok(Array.isArray(cells));
    const program = path.join(mkdtempSync(path.join(tmpdir(), 'lswag-nb-')), 'notebook.py');
    writeFileSync(program, cells.map((c) => c.text).join('\n'));
    const found = await checkAgainstTorch('notebook_model.ipynb', ['Net', 'net'], program);
    const net = found.get('net') as GraphSpec;
    // `net = Net(num_classes=100, width=48)` is the first line of the third code cell.
    assert.deepEqual(net.source, {
        file: nb,
        start: { line: 0, character: 6 },
        end: { line: 0, character: 36 },
        cell: 2,
    });
    assert.equal(found.get('Net')?.source?.cell, 1);
    const nb201 = [...found.values()].find((s) => s.family === 'nb201');
    assert.equal(nb201?.source?.cell, 2);
    assert.equal(nb201?.source?.start.line, 1);
});

test('zooCallsBecomeTracedSpecsAndTimmVitsAreTimmVits', { skip: !hasTorch }, async () => {
    const file = path.join(FIXTURES, 'zoo_calls.py');
    const { specs } = await read('zoo_calls.py');
    const found = byName(specs);
    const backbone = found.get('backbone') as PytorchSpec;
    assert.equal(backbone.family, 'pytorch');
    assert.deepEqual(backbone.target, {
        kind: 'expression',
        code: 'torchvision.models.resnet18(num_classes=10)',
        imports: 'import torchvision\nfrom torchvision import models as tvm\nimport timm',
    });
    assert.equal(backbone.file, file);
    assert.deepEqual(backbone.input, [3, 224, 224]);
    assert.equal((found.get('small') as PytorchSpec).target.kind, 'expression');
    assert.equal(found.get('convnext')?.family, 'pytorch');
    assert.ok(
        !specs.some((s) => /model_args/.test(s.name)),
        'configs are named after their builder',
    );
    // timm ViTs: head width embed_dim / heads and a class token; params checked against a ViT of the
    // same shape built by torch (torchvision's VisionTransformer has timm's parameter layout).
    const vitCount = (heads: number, dim: number, classes: number) => {
        const code = `import torch, torchvision.models.vision_transformer as v\nm = v.VisionTransformer(224, 16, 12, ${heads}, ${dim}, ${dim * 4}, num_classes=${classes})\nprint(sum(p.numel() for p in m.parameters()))`;
        return Number(execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' }));
    };
    const tiny = found.get('vit_tiny_patch16_224') as AutoformerSpec;
    assert.equal(tiny.family, 'autoformer');
    assert.equal(tiny.headDim, 64);
    assert.equal(tiny.pool, 'cls');
    assert.equal(modelCost(tiny).params, vitCount(3, 192, 1000));
    const small = found.get('vit_small_custom') as AutoformerSpec;
    assert.equal(modelCost(small).params, vitCount(6, 384, 1000));
    const named = found.get('vit') as AutoformerSpec;
    assert.equal(named.classes, 10);
    assert.equal(modelCost(named).params, vitCount(3, 192, 10));
});

test(
    'zooCallsBuildStaticallyWhenTheWorkspaceResolvesTorchvision',
    {
        skip:
            !existsSync('/usr/lib/python3/dist-packages/torchvision') &&
            'python3-torchvision is not installed',
    },
    async () => {
        const fe = await frontend();
        const file = path.join(FIXTURES, 'zoo_calls.py');
        const workspace = fileSystemWorkspace(['/usr/lib/python3/dist-packages']);
        const found = byName(fe.read(readFileSync(file, 'utf8'), file, { workspace }).specs);
        const code =
            'import torchvision\nm = torchvision.models\nprint(sum(p.numel() for p in m.resnet18(num_classes=10).parameters()), sum(p.numel() for p in m.mobilenet_v3_small().parameters()))';
        const [resnet, mobilenet] = execFileSync(PYTHON, ['-c', code], { encoding: 'utf8' })
            .trim()
            .split(' ')
            .map(Number);
        assert.equal(resnet, 11_181_642);
        const backbone = found.get('backbone') as GraphSpec;
        assert.equal(backbone.family, 'graph');
        assert.equal(modelCost(backbone).params, resnet);
        assert.equal(modelCost(found.get('small') as GraphSpec).params, mobilenet);
    },
);
