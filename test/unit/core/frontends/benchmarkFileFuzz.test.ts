// Seeded fuzzing of benchmark files (CSV and JSON lines): mutations, every truncation, and
// pathological quoting, nesting and sizes never throw, stray out of range or take a second.
import test from 'node:test';
import { readBenchmarkFile } from '../../../../src/core/frontends/benchmarkFile';
import { Rng } from '../../../../src/core/util/rng';
import { FUZZ_ITERATIONS, fuzz, mutate, pathologicalTexts, truncations } from './fuzzSupport';

const A = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
const CONFIG =
    '{""embed_dim"":[192,192],""layer_num"":2,""mlp_ratio"":[3.5,4.0],""num_heads"":[3,4]}';
const CSV = `index,arch,cifar10,cifar100\r\n1,${A},93.1,70.2\r\n2,"${CONFIG}",74.5,\r\n3,"${A}",n/a,1\r\n`;
const JSONL = `{"arch": "${A}", "acc": 93.1, "id": 1}\n{"arch": {"embed_dim": 192, "depth": 1, "mlp_ratio": 4, "num_heads": 3}, "acc": 70}\n`;

function* mutations(base: string, seed: number): Generator<string> {
    const rng = new Rng(seed);
    for (let k = 0; k < FUZZ_ITERATIONS; k++) {
        let text = base;
        for (let n = 1 + rng.int(3); n > 0; n--) text = mutate(rng, text);
        yield text;
    }
}

function pathological(): string[] {
    return [
        ...pathologicalTexts(),
        `id,arch\n1,"${'['.repeat(10_000)}"\n`,
        `id,arch\n1,"{${'""a"":['.repeat(10_000)}"\n`,
        `id,arch\n1,"${'""'.repeat(100_000)}\n`,
        `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n${'1,'.repeat(100_000)}\n`,
        `index,arch,acc\n${Array.from({ length: 10_000 }, (_, i) => `${i},${A},${i % 100}`).join('\n')}\n`,
        `arch\n${`"${A}"\n`.repeat(10_000)}`,
        `arch,acc\n${A},${'9'.repeat(1_000_000)}\n`,
        `index,arch\n1,${A}${'x'.repeat(1_000_000)}\n`,
    ];
}

function pathologicalJsonLines(): string[] {
    return [
        ...pathologicalTexts(),
        `{"arch": ${'['.repeat(10_000)}}\n`,
        `{"arch": ${'{"a":'.repeat(10_000)}1}\n`,
        `{"arch": "${A}"}\n`.repeat(12_000),
        `{"arch": "${'\\\\'.repeat(500_000)}"}\n`,
        `{"arch": "${A}", "acc": 1e999}\n{"arch": "${A}", "acc": -0}\n`,
    ];
}

const csv = (text: string) => readBenchmarkFile(text, '/p/bench.csv');
const jsonLines = (text: string) =>
    readBenchmarkFile(text, '/p/runs.jsonl', { dataset: 'cifar100' });

test('benchmarkFileFuzzSurvivesMutationsOfCsvAndJsonLines', (t) => {
    fuzz(t, 'benchmark csv mutations', mutations(CSV, 0xc5), csv);
    fuzz(t, 'benchmark jsonl mutations', mutations(JSONL, 0x15), jsonLines);
});

test('benchmarkFileFuzzSurvivesEveryTruncation', (t) => {
    fuzz(t, 'benchmark csv truncations', truncations(CSV), csv);
    fuzz(t, 'benchmark jsonl truncations', truncations(JSONL), jsonLines);
});

test('benchmarkFileFuzzSurvivesPathologicalInputs', (t) => {
    fuzz(t, 'benchmark csv pathological', pathological(), csv);
    fuzz(t, 'benchmark jsonl pathological', pathologicalJsonLines(), jsonLines);
});
