// The Python front end on ViT calls and AutoFormer configs: exact specs and ranges, non-literal
// diagnostics, syntax errors elsewhere, UTF-16 columns, names, and bounded memory over many parses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import type { AutoformerSpec } from '../../../../src/core/spec/spec';
import { FILE, rangeOf, readPython } from './python/readPython';

const AUTOFORMER_T = `AUTOFORMER_T = {'embed_dim': 192, 'layer_num': 13,
    'mlp_ratio': [3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5],
    'num_heads': [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3]}
`;
const T_MLP = [3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5];
const T_HEADS = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3];

const vits = (specs: unknown[]) => specs as AutoformerSpec[];

test('timmVitCallExpandsScalarsAndDerivesHeadWidth', async () => {
    const call = 'VisionTransformer(embed_dim=192, depth=12, num_heads=3, mlp_ratio=4.0)';
    const text = `from timm.models.vision_transformer import VisionTransformer\nmodel = ${call}\n`;
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(specs, [
        {
            family: 'autoformer',
            name: 'model',
            source: rangeOf(text, call),
            embedDim: 192,
            depth: 12,
            mlpRatio: new Array(12).fill(4),
            numHeads: new Array(12).fill(3),
            headDim: 64,
            patchSize: 16,
            imageSize: 224,
            inChannels: 3,
            classes: 1000,
            pool: 'cls',
        },
    ]);
    assert.deepEqual(specs[0].source?.start, { line: 1, character: 8 });
});

test('qualifiedVitCalleesReadImageClassesAndPool', async () => {
    const text = [
        'a = vit.VisionTransformer(img_size=(32, 32), patch_size=4, num_classes=10, in_chans=1,',
        "    embed_dim=256, depth=6, num_heads=8, global_pool='avg')",
        'b = timm.models.vision_transformer.VisionTransformer(64, 8, 3, 100, embed_dim=96, depth=2,',
        "    num_heads=[2, 2], mlp_ratio=[2, 3.5], global_pool='token')",
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    const [a, b] = vits(specs);
    assert.deepEqual(
        [a.imageSize, a.patchSize, a.classes, a.inChannels, a.headDim, a.pool, a.depth],
        [32, 4, 10, 1, 32, 'mean', 6],
    );
    assert.deepEqual(
        [b.imageSize, b.patchSize, b.inChannels, b.classes, b.headDim, b.pool],
        [64, 8, 3, 100, 48, 'cls'],
    );
    assert.deepEqual(
        [b.numHeads, b.mlpRatio],
        [
            [2, 2],
            [2, 3.5],
        ],
    );
});

test('autoformerClassesUseHeadWidth64AndMeanPool', async () => {
    const text = [
        'supernet = Vision_TransformerSuper(embed_dim=240, depth=14, num_heads=4, mlp_ratio=4.0)',
        'cls_pooled = Vision_TransformerSuper(embed_dim=240, depth=14, num_heads=4, gp=False)',
        'other = MyAutoFormer(embed_dim=216, depth=12, num_heads=[3] * 6 + [4] * 6)',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    const [supernet, clsPooled, other] = vits(specs);
    assert.deepEqual([supernet.headDim, supernet.pool, supernet.numHeads.length], [64, 'mean', 14]);
    assert.equal(clsPooled.pool, 'cls');
    assert.deepEqual(other.numHeads, [3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4]);
    assert.equal(other.headDim, 64);
});

test('autoformerTConfigDictGivesThePublishedModel', async () => {
    const { specs, diagnostics } = await readPython(AUTOFORMER_T);
    assert.deepEqual(diagnostics, []);
    const dict = AUTOFORMER_T.slice(AUTOFORMER_T.indexOf('{'), AUTOFORMER_T.lastIndexOf('}') + 1);
    assert.deepEqual(specs, [
        {
            family: 'autoformer',
            name: 'AUTOFORMER_T',
            source: rangeOf(AUTOFORMER_T, dict),
            embedDim: 192,
            depth: 13,
            mlpRatio: T_MLP,
            numHeads: T_HEADS,
            headDim: 64,
            patchSize: 16,
            imageSize: 224,
            inChannels: 3,
            classes: 1000,
            pool: 'mean',
        },
    ]);
});

test('configVariantsPerLayerEmbedDictCallAndNames', async () => {
    const text = [
        "CONFIGS = {'tiny': {'embed_dim': [192] * 13, 'depth': 13, 'mlp_ratio': 3.5, 'num_heads': 3},",
        "           'small': dict(embed_dim=384, layer_num=2, mlp_ratio=[4.0, 3.0], num_heads=[6, 5])}",
        "candidates = [{'embed_dim': 240, 'layer_num': 1, 'mlp_ratio': [4.0], 'num_heads': [4]}]",
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    const [tiny, small, listed] = vits(specs);
    assert.deepEqual([tiny.name, tiny.embedDim, tiny.mlpRatio.length], ['tiny', 192, 13]);
    assert.deepEqual([small.name, small.embedDim, small.numHeads], ['small', 384, [6, 5]]);
    assert.equal(listed.name, 'models.py:3');
});

test('listLengthsMustMatchDepth', async () => {
    const text = "c = {'embed_dim': 192, 'layer_num': 3, 'mlp_ratio': [4.0, 4.0], 'num_heads': 3}";
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(specs, []);
    assert.deepEqual(diagnostics, [
        {
            severity: 'error',
            message: 'mlp_ratio has 2 entries but depth is 3',
            range: rangeOf(text, '[4.0, 4.0]'),
        },
    ]);
});

test('nonLiteralArgumentsAreReportedAtTheirExactRange', async () => {
    const text = [
        'a = VisionTransformer(embed_dim=dim * 2, depth=12, num_heads=3)',
        'b = VisionTransformer(embed_dim=192, depth=12, **kwargs)',
        'c = VisionTransformer(embed_dim=192, num_heads=[3 for _ in range(12)])',
        "d = {'embed_dim': 192, 'layer_num': n_layers, 'mlp_ratio': [4.0], 'num_heads': [3]}",
        'e = VisionTransformer(embed_dim=192, depth=12, num_heads=3, norm_layer=partial(f, eps=1e-6))',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['e'],
    );
    assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.range]),
        [
            ['info', rangeOf(text, 'dim * 2')],
            ['info', rangeOf(text, '**kwargs')],
            ['info', rangeOf(text, '[3 for _ in range(12)]')],
            ['info', rangeOf(text, 'n_layers')],
        ],
    );
    assert.match(
        diagnostics[0].message,
        /embed_dim is not statically resolvable: 'dim' is a variable/,
    );
});

test('oversizedAndUnsupportedValuesAreReportedNotCrashes', async () => {
    const text = [
        'a = VisionTransformer(embed_dim=10**400)',
        'b = VisionTransformer(mlp_ratio=1e309)',
        "c = VisionTransformer(embed_dim=192, num_heads=3, global_pool='map')",
        'd = VisionTransformer(embed_dim=192, num_heads=5)',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(specs, []);
    assert.deepEqual(
        diagnostics.map((d) => [d.severity, d.range]),
        [
            ['error', rangeOf(text, '10**400')],
            ['error', rangeOf(text, '1e309')],
            ['info', rangeOf(text, "'map'")],
            ['error', rangeOf(text, '5')],
        ],
    );
});

test('syntaxErrorsElsewhereDoNotHideDefinitions', async () => {
    const text = [
        'def broken(:',
        '    return [1, 2',
        AUTOFORMER_T,
        'class Half(nn.Module:',
        '    x = = 3',
        'vit = VisionTransformer(embed_dim=192, depth=12, num_heads=3)',
        'cut = VisionTransformer(embed_dim=192, depth=',
    ].join('\n');
    const { specs } = await readPython(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['AUTOFORMER_T', 'vit'],
    );
    assert.deepEqual(specs[0].source, rangeOf(text, AUTOFORMER_T.slice(15, -1)));
});

test('aDefinitionWithASyntaxErrorInsideIsReportedNotRead', async () => {
    const call = 'VisionTransformer(embed_dim=192 depth=12)';
    const text = `ok = VisionTransformer(embed_dim=96, depth=1, num_heads=3)\nbad = ${call}\n`;
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['ok'],
    );
    assert.deepEqual(diagnostics, [
        {
            severity: 'info',
            message: 'this definition has a syntax error and was not read',
            range: rangeOf(text, call),
        },
    ]);
});

test('columnsAreUtf16CodeUnitsAfterNonAsciiText', async () => {
    const prefix = 'nom = "réseau 😀 ünïcödé"; m = ';
    const call = 'VisionTransformer(embed_dim=192, depth=2, num_heads=3)';
    const text = `# Modèle — 模型\n${prefix}${call}; z = VisionTransformer(embed_dim=wide)\r\nq = 1\n`;
    const { specs, diagnostics } = await readPython(text);
    // Why: 😀 is two UTF-16 code units, so the call starts at 31 (UTF-8 bytes would say 39).
    assert.equal(prefix.length, 31);
    assert.deepEqual(specs[0].source, {
        file: FILE,
        start: { line: 1, character: 31 },
        end: { line: 1, character: 31 + call.length },
    });
    assert.deepEqual(
        diagnostics.map((d) => d.range),
        [rangeOf(text, 'wide')],
    );
    assert.equal(diagnostics[0].range.start.character, 31 + call.length + 34);
});

test('lineBreaksCountAsVsCodeCountsThem', async () => {
    const text = 'a = 1\r\nb = 2\rc = VisionTransformer(embed_dim=192, depth=1, num_heads=3)\n';
    const { specs } = await readPython(text);
    assert.deepEqual(specs[0].source?.start, { line: 2, character: 4 });
});

test('repeatedNamesGetTheirLineAndLookalikesAreIgnored', async () => {
    const text = [
        'model = VisionTransformer(embed_dim=192, depth=1, num_heads=3)',
        'model = VisionTransformer(embed_dim=384, depth=1, num_heads=6)',
        'block = VisionTransformerBlock(dim=192, heads=3)',
        "weights = load_autoformer_checkpoint('supernet.pth')",
        'def make_vit():',
        '    return VisionTransformer(embed_dim=96, depth=1, num_heads=3)',
    ].join('\n');
    const { specs, diagnostics } = await readPython(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['model', 'model#2', 'make_vit'],
    );
});

test('readNeverThrowsOnOddInput', async () => {
    for (const text of ['', '\0\0\0', '\uFFFF\uD800', 'VisionTransformer(', '{'.repeat(3000)]) {
        const result = await readPython(text);
        assert.ok(Array.isArray(result.specs) && Array.isArray(result.diagnostics));
    }
});

test('examplesModelsFileYieldsEveryDefinition', async () => {
    const file = path.join(__dirname, '../../../../examples/models.py');
    const { specs, diagnostics } = await readPython(readFileSync(file, 'utf8'));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
        specs.map((s) => `${s.name}:${s.family}`),
        [
            'AUTOFORMER_T:autoformer',
            'AUTOFORMER_S:autoformer',
            'AUTOFORMER_B:autoformer',
            'vit_tiny:autoformer',
            'cifar_vgg:layers',
            'SmallNet:graph',
        ],
    );
    const t = vits(specs)[0];
    assert.deepEqual([t.embedDim, t.depth, t.mlpRatio, t.numHeads], [192, 13, T_MLP, T_HEADS]);
});

test('manyParsesDoNotGrowMemoryUnboundedly', async () => {
    const text = `${AUTOFORMER_T}\nx = [${'1, '.repeat(20)}]\n`.repeat(40); // 200 lines, 10 KB
    for (let i = 0; i < 20; i++) assert.equal((await readPython(text)).specs.length, 40);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    for (let i = 0; i < 100; i++) await readPython(text);
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    const ms = (performance.now() - started) / 100;
    console.log(
        `100 reads of ${text.length} chars: ${ms.toFixed(1)} ms each, RSS +${grown.toFixed(1)} MiB`,
    );
    // Why: without tree.delete() these 100 parses keep about 80 MiB of trees in WASM memory.
    assert.ok(grown < 40, `RSS grew by ${grown.toFixed(1)} MiB`);
});
