// Seeded fuzzing of architecture files: mutations of valid files, every truncation of a small
// one, and pathological YAML (deep nesting, alias bombs, floods) never throw or stray out of range.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';
import { Rng } from '../../../../src/core/util/rng';
import { FUZZ_ITERATIONS, fuzz, mutate, pathologicalTexts, truncations } from './fuzzSupport';

const CELL = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
const SMALL = [
    'family: nb201',
    'dataset: cifar100',
    'candidates:',
    `  - {name: a, cell: "${CELL}", accuracy: {c10: 94.1}}`,
    '  - {name: v, family: autoformer, embed_dim: 8, depth: 2, mlp_ratio: [4, 3.5], num_heads: 1}',
    '  - {name: n, family: layers, input: [3, 4, 4], classes: 2, layers: [relu, {type: residual, layers: [gelu]}, flatten, {type: linear, out: 2}]}',
    '  - {name: o, family: onnx, path: m.onnx}',
    '',
].join('\n');
const EXAMPLES = ['autoformer.arch.yaml', 'nb201-cells.arch.yaml', 'small-cnns.arch.json'].map(
    (f) => readFileSync(path.join(__dirname, '../../../../examples', f), 'utf8'),
);
const read = (text: string) => readArchitectureFile(text, '/p/models.arch.yaml');

function* mutations(): Generator<string> {
    const rng = new Rng(0xa4c);
    const bases = [SMALL, SMALL.replace(/\n/g, '\r\n'), ...EXAMPLES];
    for (let k = 0; k < FUZZ_ITERATIONS; k++) {
        let text = bases[rng.int(bases.length)];
        for (let n = 1 + rng.int(3); n > 0; n--) text = mutate(rng, text);
        yield text;
    }
}

function pathologicalFiles(): string[] {
    const deepFlow = (n: number) =>
        `family: layers\ninput: [4]\nclasses: 4\ncandidates: [{name: n, layers: [${'{type: residual, layers: ['.repeat(n)}relu${']}'.repeat(n)}]}]`;
    const laughs = [
        'a: &a0 [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from(
            { length: 30 },
            (_, i) =>
                `a${i + 1}: &a${i + 1} [*a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}, *a${i}]`,
        ),
    ];
    const bomb = `${laughs.join('\n')}\nfamily: layers\ninput: [4]\nclasses: 4\ncandidates: [{name: n, layers: *a30}]\n`;
    const many = `family: nb201\ncandidates:\n${'  - x\n'.repeat(10_001)}`;
    return [
        ...pathologicalTexts(),
        `family: nb201\ncandidates: ${'['.repeat(10_000)}`,
        `family: nb201\ncandidates:\n${'  '.repeat(1)}${'- '.repeat(10_000)}x\n`,
        Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
        deepFlow(30),
        deepFlow(5_000),
        bomb,
        'a: &a [*a]\ncandidates: *a\n',
        many,
        `candidates: "${'x'.repeat(1_100_000)}"`,
        `family: nb201\ncandidates:\n  - {name: ${'n'.repeat(1_000_000)}, cell: "${CELL}"}\n`,
        `family: autoformer\ncandidates:\n  - {name: v, embed_dim: 1e308, depth: 1e9, mlp_ratio: [${'1e308, '.repeat(10_000)}1], num_heads: -1e308}\n`,
        `family: nb201\ncandidates:\n${'  - {name: x, cell: 1\n'.repeat(3_000)}`,
    ];
}

test('archFileFuzzSurvivesMutationsOfValidFiles', (t) => {
    fuzz(t, 'archFile mutations', mutations(), read);
});

test('archFileFuzzSurvivesEveryTruncationOfASmallFile', (t) => {
    fuzz(
        t,
        'archFile truncations',
        [...truncations(SMALL), ...truncations(SMALL.replace(/\n/g, '\r\n'))],
        read,
    );
});

test('archFileFuzzSurvivesPathologicalInputs', (t) => {
    fuzz(t, 'archFile pathological', pathologicalFiles(), read);
});
