// The NAS-Bench-101 and DARTS/NB301 builders against published parameter counts, the cells' validation
// errors, and every proxy finite on small versions of both spaces and of the pruning supernet.
import assert from 'node:assert/strict';
import test from 'node:test';
import { tensor } from '../../../../src/core/ir/tensor';
import { proxyIds } from '../../../../src/core/proxies/index';
import { scoreSpec } from '../../../../src/core/proxies/score';
import { buildModel, modelCost, SpecBuildError } from '../../../../src/core/spaces/index';
import { genotypeFromCompact } from '../../../../src/core/spec/dartsGenotype';
import { NB101_DEFAULTS, DARTS_DEFAULTS } from '../../../../src/core/spec/defaults';
import { parseGenotype } from '../../../../src/core/spec/genotypeText';
import { nb101CellFromNaslib, pruneNb101Cell } from '../../../../src/core/spec/nb101Cell';
import type { ArchitectureSpec, DartsSpec, Nb101Spec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import { createSession } from '../../../../src/worker/ortSession';

const nb101 = (
    cell: Pick<Nb101Spec, 'matrix' | 'ops'>,
    over: Partial<Nb101Spec> = {},
): Nb101Spec => ({
    family: 'nb101',
    name: 'cell',
    ...cell,
    ...NB101_DEFAULTS,
    ...over,
});

/** The example cell of google-research/nasbench's README; its `trainable_parameters` is 2,694,282. */
const README_CELL = {
    matrix: [
        [0, 1, 1, 1, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
    ],
    ops: [
        'input',
        'conv1x1-bn-relu',
        'conv3x3-bn-relu',
        'conv3x3-bn-relu',
        'conv3x3-bn-relu',
        'maxpool3x3',
        'output',
    ],
};

test('nb101ParamsEqualTheBenchmarksReadmeCellAndSuiteZerosCounts', () => {
    assert.equal(modelCost(nb101(README_CELL)).params, 2_694_282);
    // NAS-Bench-Suite-Zero's `params` (millions, exact to the unit) for three cells of its NB101 file.
    const suiteZero: [number[], number][] = [
        [
            [
                0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1,
                0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 3, 2, 4, 4, 1,
            ],
            1_143_306,
        ],
        [
            [
                0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0,
                0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 4, 2, 3, 1,
            ],
            12_088_970,
        ],
        [
            [
                0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0,
                0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 4, 2, 3, 4, 1,
            ],
            12_088_970,
        ],
    ];
    for (const [key, params] of suiteZero)
        assert.equal(modelCost(nb101(nb101CellFromNaslib(key))).params, params, key.join(''));
});

const DARTS_V2 = parseGenotype(
    "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
);
const darts = (over: Partial<DartsSpec> = {}): DartsSpec => ({
    family: 'darts',
    name: 'g',
    genotype: DARTS_V2,
    ...DARTS_DEFAULTS,
    ...over,
});

test('dartsV2AtC36With20CellsHasTheDartsPapersParameterCount', () => {
    // DARTS (Liu et al. 2019), CIFAR-10 model: 3.3M (its training log: "param size = 3.349342MB"), no auxiliary head.
    assert.equal(modelCost(darts({ channels: 36, layers: 20 })).params, 3_349_342);
});

test('dartsCellsMatchSuiteZerosCountsOnceTheCellOpsNormsAreNotAffine', () => {
    // NASLib builds the cell ops' batch norms with affine=False; Suite-Zero's `params` (C=32, 8 cells) is
    // therefore ours minus those norms' scale and shift. Two cells of its NB301 file (compact encoding).
    const cells: [[number, number][][], number][] = [
        [
            [
                [
                    [0, 6],
                    [1, 1],
                    [1, 2],
                    [2, 5],
                    [1, 0],
                    [2, 4],
                    [4, 5],
                    [3, 4],
                ],
                [
                    [1, 1],
                    [0, 3],
                    [0, 1],
                    [2, 0],
                    [0, 5],
                    [2, 2],
                    [4, 2],
                    [3, 4],
                ],
            ],
            874_730,
        ],
        [
            [
                [
                    [1, 1],
                    [0, 3],
                    [0, 5],
                    [2, 4],
                    [2, 3],
                    [3, 2],
                    [1, 1],
                    [2, 3],
                ],
                [
                    [1, 1],
                    [0, 0],
                    [2, 1],
                    [0, 0],
                    [2, 3],
                    [1, 5],
                    [2, 1],
                    [0, 4],
                ],
            ],
            947_306,
        ],
    ];
    for (const [compact, params] of cells) {
        const built = buildModel(darts({ genotype: genotypeFromCompact(compact) }), { batch: 1 });
        const count = built.graph.params
            .filter((p) => !(/\.ops\.\d+\./.test(p.value.name) && p.value.name.includes('.bn.')))
            .reduce((n, p) => n + p.value.shape.reduce((a, d) => a * d, 1), 0);
        assert.equal(count, params);
    }
});

test('nb101CellsAreValidatedWithClearMessagesAndPrunedAsTheBenchmarkDoes', () => {
    const bad = (cell: { matrix: number[][]; ops: string[] }, pattern: RegExp) =>
        assert.throws(() => pruneNb101Cell(cell), pattern);
    const m = README_CELL.matrix.map((r) => [...r]);
    bad(
        { matrix: m.map((r, i) => (i === 2 ? [1, ...r.slice(1)] : r)), ops: README_CELL.ops },
        /upper-triangular/,
    );
    bad(
        { matrix: m, ops: README_CELL.ops.map((o, i) => (i === 3 ? 'conv5x5' : o)) },
        /ops\[3\] 'conv5x5'/,
    );
    bad({ matrix: m, ops: README_CELL.ops.slice(1) }, /7 vertices need 7 ops/);
    const disconnected = m.map((r, i) => (i === 0 ? [0, 0, 0, 0, 0, 0, 0] : r));
    bad({ matrix: disconnected, ops: README_CELL.ops }, /output is not reachable/);
    const dense = m.map((r, i) => r.map((_, j) => (j > i ? 1 : 0)));
    bad({ matrix: dense, ops: README_CELL.ops }, /at most 9 edges, found 21/);
    // Vertex 3 -> 4 only, 4 feeds the output: drop 4's output edge and both dangle, so they are pruned.
    const dangling = m.map((r, i) => (i === 4 ? [0, 0, 0, 0, 0, 0, 0] : r));
    const pruned = pruneNb101Cell({ matrix: dangling, ops: README_CELL.ops });
    assert.equal(pruned.matrix.length, 5);
    assert.deepEqual(pruned.ops, [
        'input',
        'conv1x1-bn-relu',
        'conv3x3-bn-relu',
        'maxpool3x3',
        'output',
    ]);
    // The builder reports an invalid cell as a SpecBuildError (a message, not a crash).
    assert.throws(
        () => buildModel(nb101({ matrix: disconnected, ops: README_CELL.ops }), { batch: 1 }),
        SpecBuildError,
    );
    assert.throws(() => buildModel(darts({ channels: 7 }), { batch: 1 }), /channels must be even/);
});

/** Every proxy but reg_swap (it needs a space's mu and sigma) on one spec, synthetic rows. */
/** Every proxy with a value for one architecture (reg_swap needs μ and σ; az_nas is set-level). */
const PER_ARCHITECTURE = proxyIds.filter((id) => id !== 'reg_swap' && id !== 'az_nas');

async function allProxies(spec: ArchitectureSpec, imageSize: number) {
    const B = 4;
    const rng = new Rng(1);
    const shape = [2 * B, 3, imageSize, imageSize];
    const n = shape.reduce((a, d) => a * d, 1);
    return scoreSpec(spec, {
        compile: (bytes) => createSession(bytes, { threads: 1 }),
        data: async () => ({
            x: tensor(
                'float32',
                shape,
                Array.from({ length: n }, () => rng.normal()),
            ),
            labels: Array.from({ length: 2 * B }, (_, i) => i % 10),
            description: 'test rows',
            warnings: [],
        }),
        options: {
            proxies: PER_ARCHITECTURE,
            data: { kind: 'synthetic' },
            batch: B,
            batches: 2,
            seed: 0,
            psiSamples: B,
            gradientMode: 'batches',
        },
        device: 'cpu',
    });
}

test('everyProxyIsFiniteOnSmallNb101DartsAndSupernetNetworks', async () => {
    const small = { classes: 10, imageSize: 8 };
    const specs: ArchitectureSpec[] = [
        nb101(README_CELL, { ...small, stemChannels: 4, stacks: 2, cellsPerStack: 1 }),
        darts({ ...small, channels: 4, layers: 3 }),
        {
            family: 'darts-supernet',
            name: 'supernet',
            normal: Array.from({ length: 14 }, () => [2, 3]),
            reduce: Array.from({ length: 14 }, () => [0, 5]),
            ...small,
            channels: 4,
            layers: 3,
        },
    ];
    for (const spec of specs) {
        const r = await allProxies(spec, 8);
        assert.deepEqual(r.errors, [], spec.family);
        for (const p of PER_ARCHITECTURE)
            assert.ok(Number.isFinite(r.scores[p]), `${spec.family} ${p} = ${r.scores[p]}`);
    }
});
