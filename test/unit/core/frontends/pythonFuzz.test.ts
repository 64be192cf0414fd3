// Seeded fuzzing of the Python front end: mutated copies of a valid file and pathological inputs
// must never throw, keep every range inside the text, and take < 1 s each. LSWAG_FUZZ_ITERATIONS
// scales the random mutations (default 300).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../../src/core/util/rng';
import { checkResult, mutate } from './fuzzSupport';
import { readPython } from './python/readPython';
import { HANG_MS_IN_SUITE as HANG_MS } from '../../../fuzz/harness';

const ITERATIONS = Number(process.env.LSWAG_FUZZ_ITERATIONS ?? 300);
const BASE =
    readFileSync(path.join(__dirname, '../../../../examples/models.py'), 'utf8') +
    [
        'x = VisionTransformer(embed_dim=dim * 2, **kwargs)',
        "c = {'embed_dim': [192] * 3, 'depth': 3, 'mlp_ratio': 4.0, 'num_heads': [3, 3, 3]}",
        'bad = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Conv2d(4, 8, 3), ResBlock(8))',
        'nom = "réseau 😀"; v = VisionTransformer(embed_dim=192, depth=2, num_heads=3)\r\n',
    ].join('\n');

const PIECES = [
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ',',
    '=',
    ':',
    '#',
    '\n',
    '\r',
    '"',
    "'",
    '\\',
    ' ',
    '\t',
    'é',
    '😀',
    '\uD800',
    '\0',
    '*',
    '**',
    'nn.',
    'lambda',
    '# lswag: input=',
    '1e308',
    '0x',
];

/** Inputs no mutation is likely to reach: deep nesting, long lines, huge numbers. */
function pathological(): string[] {
    const deep = (open: string, close: string, inner: string) =>
        open.repeat(5000) + inner + close.repeat(5000);
    return [
        `x = ${deep('(', ')', '1')}`,
        `m = VisionTransformer(embed_dim=${deep('(', ')', '192')}, depth=1, num_heads=3)`,
        `m = VisionTransformer(num_heads=${deep('[', ']', '3')})`,
        `n = ${deep('nn.Sequential(', ')', 'nn.Linear(4, 2)')}`,
        `c = {'embed_dim': 1, 'depth': 1, 'mlp_ratio': ${deep('{', '}', '')}, 'num_heads': 1}`,
        '('.repeat(5000),
        ')'.repeat(5000),
        `x = [${'1, '.repeat(20_000)}]`,
        `m = VisionTransformer(embed_dim=192, depth=20000, num_heads=[${'3, '.repeat(20_000)}])`,
        `m = VisionTransformer(embed_dim=192, depth=50000, num_heads=3)`,
        `# ${'é😀'.repeat(30_000)}\nm = VisionTransformer(embed_dim=1e308, depth=10**400, num_heads=${'9'.repeat(500)})`,
        'c = {"embed_dim": 192, "depth": 10**10, "mlp_ratio": [4.0] * 10**9, "num_heads": -1e308}',
        'n = nn.Sequential(nn.Linear(1e308, 0x7fffffffffffffffff), nn.Conv2d(3, 1_000_000, 10**400))',
        'n = nn.Sequential(nn.Conv2d(3, 8, 99999999999), nn.MaxPool2d(0), nn.AvgPool2d(3, padding=-1))',
        `s = nn.Sequential(${'nn.ReLU(), '.repeat(2_000)}nn.Linear(4, 2))`,
        `s = nn.Sequential(${'nn.ReLU(), '.repeat(999)}nn.Linear(4, 2))`,
        '\uFEFF\uD800\uDC00\uDFFF'.repeat(1000),
    ];
}

test('mutatedAndPathologicalInputsNeverThrowAndStayInRange', async () => {
    const rng = new Rng(20250607);
    const inputs = [BASE, ...pathological()];
    for (let i = 0; i < ITERATIONS; i++) {
        let text = BASE;
        for (let n = 1 + rng.int(3); n > 0; n--) text = mutate(rng, text, PIECES);
        inputs.push(text);
    }
    for (let k = 1; k <= 40; k++) inputs.push(BASE.slice(0, Math.floor((BASE.length * k) / 41)));
    let slowest = { ms: 0, index: -1 };
    let specCount = 0;
    let diagnosticCount = 0;
    const started = performance.now();
    for (const [index, text] of inputs.entries()) {
        const t0 = performance.now();
        const result = await readPython(text);
        const ms = performance.now() - t0;
        if (ms > slowest.ms) slowest = { ms, index };
        assert.ok(ms < HANG_MS, `input ${index} took ${ms.toFixed(0)} ms`); // A hang guard; speed is for benchmarks.
        checkResult(text, result);
        if (index % 10 === 0) {
            assert.deepEqual(await readPython(text), result, `input ${index} repeatable`);
        }
        specCount += result.specs.length;
        diagnosticCount += result.diagnostics.length;
    }
    const total = performance.now() - started;
    console.log(
        `fuzz: ${inputs.length} inputs in ${(total / 1000).toFixed(2)} s, slowest ${slowest.ms.toFixed(1)} ms ` +
            `(input ${slowest.index}), ${specCount} specs, ${diagnosticCount} diagnostics`,
    );
});
