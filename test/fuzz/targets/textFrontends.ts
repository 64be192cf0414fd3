// Fuzz targets of the text front ends (architecture files, Python, NB201 strings, benchmark files):
// mutated valid files must give specs and diagnostics that keep every range inside the text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readArchitectureFile } from '../../../src/core/frontends/archFile';
import { readBenchmarkFile } from '../../../src/core/frontends/benchmarkFile';
import { findNb201Strings } from '../../../src/core/frontends/nb201Strings';
import type { PythonFrontend } from '../../../src/core/frontends/pythonSource';
import type { FrontendResult } from '../../../src/core/spec/spec';
import { checkResult, pathologicalTexts } from '../../unit/core/frontends/fuzzSupport';
import { frontend } from '../../unit/core/frontends/python/readPython';
import type { FuzzTarget } from '../harness';
import { mutateText, pick } from '../mutators';

const examples = path.resolve(__dirname, '../../../examples');
const read = new Map<string, string>();
const example = (f: string): string =>
    read.get(f) ?? read.set(f, readFileSync(path.join(examples, f), 'utf8')).get(f)!;

const CELL = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
const POOLS =
    '|avg_pool_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|avg_pool_3x3~1|skip_connect~2|';

const ARCH_SMALL = [
    'family: nb201',
    'candidates:',
    `  - {name: a, cell: "${CELL}", accuracy: {c10: 94.1}}`,
    '  - {name: v, family: autoformer, embed_dim: 8, depth: 2, mlp_ratio: [4, 3.5], num_heads: 1}',
    '  - {name: n, family: layers, input: [3, 4, 4], classes: 2, layers: [relu, {type: residual, layers: [gelu]}, flatten, {type: linear, out: 2}]}',
    '',
].join('\n');

/** A text front end as a target: `bases` are mutated, results checked by checkResult. */
function textTarget(
    name: string,
    bases: () => string[],
    read: (text: string) => FrontendResult,
    setup?: () => Promise<void>,
): FuzzTarget<string> {
    let cached: string[] | undefined;
    const all = () => (cached ??= bases());
    return {
        name,
        setup,
        fixed: () => [...all(), ...pathologicalTexts()],
        draw: (rng) => mutateText(rng, pick(rng, all())),
        check: (text) => checkResult(text, read(text)),
    };
}

export const archFileTarget = textTarget(
    'archFile',
    () => [
        ARCH_SMALL,
        ARCH_SMALL.replace(/\n/g, '\r\n'),
        example('autoformer.arch.yaml'),
        example('nb201-cells.arch.yaml'),
        example('small-cnns.arch.json'),
    ],
    (text) => readArchitectureFile(text, '/p/models.arch.yaml'),
);

export const nb201Target = textTarget(
    'nb201Strings',
    () => [
        example('nb201-notes.md'),
        `x = "${CELL}"\r\ny = '${POOLS}'\n| a~1 | b |\n|nor_conv_3x3~0|+|none~1|\n`,
    ],
    (text) => findNb201Strings(text, '/p/notes.md'),
);

const CSV = `index,arch,cifar10,cifar100\r\n1,${CELL},93.1,70.2\r\n2,"{""embed_dim"":[192,192],""layer_num"":2,""mlp_ratio"":[3.5,4.0],""num_heads"":[3,4]}",74.5,\r\n3,"${POOLS}",n/a,1\r\n`;
const JSONL = `{"arch": "${CELL}", "acc": 93.1, "id": 1}\n{"arch": {"embed_dim": 192, "depth": 1, "mlp_ratio": 4, "num_heads": 3}, "acc": 70}\n`;

export const benchmarkCsvTarget = textTarget(
    'benchmarkCsv',
    () => [CSV],
    (text) => readBenchmarkFile(text, '/p/bench.csv'),
);
export const benchmarkJsonlTarget = textTarget(
    'benchmarkJsonl',
    () => [JSONL],
    (text) => readBenchmarkFile(text, '/p/runs.jsonl'),
);

const PYTHON_PIECES = [
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
    '"',
    "'",
    '\\',
    '\t',
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
let python: PythonFrontend | undefined;

export const pythonTarget: FuzzTarget<string> = {
    name: 'python',
    setup: async () => {
        python ??= await frontend();
    },
    fixed: () => [example('models.py'), ...pathologicalTexts()],
    draw: (rng) => mutateText(rng, example('models.py'), PYTHON_PIECES),
    check: (text) => checkResult(text, python!.read(text, '/p/models.py')),
};
