// The bounds on reading YAML architecture files: nesting refused at the same collection however it
// is written and however deep the rest goes, a token budget that refuses floods of syntax but reads
// files of hundreds of candidates, and duplicate keys found without the composer's quadratic check.
import assert from 'node:assert/strict';
import test from 'node:test';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';
import { MAX_YAML_NESTING, MAX_YAML_TOKENS } from '../../../../src/core/frontends/yamlTree';
import { describeDiagnostics } from './sourceText';

const FILE = '/p/models.arch.yaml';
const CELL =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const read = (text: string) => {
    const r = readArchitectureFile(text, FILE);
    return { ...r, described: describeDiagnostics(text, r.diagnostics) };
};
const TOO_DEEP = `nesting deeper than ${MAX_YAML_NESTING} levels; the file was not read`;

test('flowNestingIsRefusedAtTheSameCollectionWhateverFollows', () => {
    // The top mapping is level 1, so `candidates:` holds at most 63 nested lists.
    const at = (opens: number, closes: number) =>
        read(`family: nb201\ncandidates: ${'['.repeat(opens)}${']'.repeat(closes)}\n`);
    assert.ok(
        !at(MAX_YAML_NESTING - 1, MAX_YAML_NESTING - 1).described.some((d) =>
            d.includes('nesting'),
        ),
        'the limit itself reads',
    );
    const expected = [`error 1:${12 + MAX_YAML_NESTING - 1} "[" ${TOO_DEEP}`];
    assert.deepEqual(at(MAX_YAML_NESTING, MAX_YAML_NESTING).described, expected);
    assert.deepEqual(at(MAX_YAML_NESTING, 0).described, expected, 'unclosed');
    assert.deepEqual(
        at(100_000, 0).described,
        expected,
        'a hundred thousand deep stops at the same place',
    );
});

test('blockNestingIsRefusedWithoutReadingTheRest', () => {
    const dashes = (n: number) => read(`family: nb201\ncandidates:\n  ${'- '.repeat(n)}x\n`);
    assert.ok(!dashes(MAX_YAML_NESTING - 1).described.some((d) => d.includes('nesting')));
    const refused = dashes(MAX_YAML_NESTING).described;
    assert.equal(refused.length, 1);
    assert.match(refused[0], new RegExp(`^error 2:\\d+ "-.*" ${TOO_DEEP}$`));
    assert.deepEqual(dashes(50_000).described, refused, 'however deep the rest goes');
});

test('aFloodOfSyntaxOverTheTokenBudgetIsRefusedNamingTheBudget', () => {
    for (const text of [
        ': :\n'.repeat(MAX_YAML_TOKENS / 2),
        '"'.repeat(3 * MAX_YAML_TOKENS),
        `family: nb201\ncandidates:\n${'  - x\n'.repeat(MAX_YAML_TOKENS / 4)}`,
    ]) {
        const { specs, diagnostics } = read(text);
        assert.deepEqual(specs, []);
        assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.slice(0, 3)));
        assert.match(
            diagnostics[0].message,
            new RegExp(
                `^more than ${MAX_YAML_TOKENS} YAML tokens; the file was not read \\(split it, or list many cells in a benchmark CSV\\)$`,
            ),
        );
        assert.equal(diagnostics[0].severity, 'error');
    }
});

test('filesOfHundredsOfCandidatesInEveryFamilyStillRead', () => {
    const nb201 = `family: nb201\ncandidates:\n${Array.from({ length: 600 }, (_, i) => `  # candidate ${i}\n  - name: c${i}\n    cell: "${CELL}"\n`).join('')}`;
    const vit = (i: number) =>
        `  - name: v${i}\n    embed_dim: 192\n    depth: 12\n    mlp_ratio: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]\n    num_heads: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]\n`;
    const autoformer = `family: autoformer\ncandidates:\n${Array.from({ length: 200 }, (_, i) => vit(i)).join('')}`;
    const cnn = (i: number) =>
        `  - name: n${i}\n    layers: [{type: conv, out: 8, kernel: 3, padding: 1}, batchnorm, relu, {type: maxpool, kernel: 2}, globalavgpool, flatten, {type: linear, out: 10}]\n`;
    const layers = `family: layers\ninput: [3, 32, 32]\nclasses: 10\ncandidates:\n${Array.from({ length: 200 }, (_, i) => cnn(i)).join('')}`;
    for (const [text, count] of [
        [nb201, 600],
        [autoformer, 200],
        [layers, 200],
    ] as const) {
        const { specs, diagnostics } = read(text);
        assert.deepEqual(
            diagnostics.filter((d) => d.severity === 'error'),
            [],
        );
        assert.equal(specs.length, count);
    }
});

test('aDuplicateKeyIsAnErrorAtItAndItsCandidateIsNotRead', () => {
    const text = `family: nb201\ncandidates:\n  - {name: a, cell: "${CELL}", name: b}\n  - {name: c, cell: "${CELL}"}\n`;
    const { specs, described } = read(text);
    assert.deepEqual(described, [
        `error 2:${text.split('\n')[2].lastIndexOf('name')} "name" duplicate key 'name' (keys of a mapping must be unique)`,
    ]);
    assert.deepEqual(
        specs.map((s) => s.name),
        ['c'],
    );
});

test('aMapOfThousandsOfDistinctKeysReads', () => {
    // The composer's own check was quadratic here; the set check is not (no timing asserted).
    const keys = Array.from({ length: 2500 }, (_, i) => `k${i}: 1`).join(', ');
    const { diagnostics } = read(`family: nb201\nextra: {${keys}}\ncandidates: []\n`);
    assert.ok(
        diagnostics.some((d) => /unknown top-level field 'extra'/.test(d.message)),
        JSON.stringify(diagnostics.slice(0, 2)),
    );
    assert.ok(!diagnostics.some((d) => /duplicate key/.test(d.message)));
});
