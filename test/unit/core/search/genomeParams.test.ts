// The closed-form parameter counts equal what the built graph holds (modelCost) for seeded random
// genomes of every space and every NB201 dataset, and the budget checker uses them.
import assert from 'node:assert/strict';
import test from 'node:test';
import { BudgetChecker } from '../../../../src/core/search/constraints';
import {
    autoformerParams,
    genomeParams,
    nb201Params,
} from '../../../../src/core/search/genomeParams';
import { SPACE_IDS } from '../../../../src/core/spec/spaceId';
import {
    type Genome,
    genomeToSpec,
    mutateGenome,
    sampleGenome,
} from '../../../../src/core/search/spaces';
import { modelCost } from '../../../../src/core/spaces/index';
import { NB201_DATASETS } from '../../../../src/core/spec/defaults';
import { Rng } from '../../../../src/core/util/rng';

const graphParams = (g: Genome, dataset: string) => modelCost(genomeToSpec(g, dataset)).params;

test('nb201ClosedFormEqualsTheBuiltGraphForEveryDataset', () => {
    const rng = new Rng(20250);
    for (const dataset of Object.keys(NB201_DATASETS)) {
        const seen = new Set<number>();
        for (let i = 0; i < 40; i++) {
            const g = sampleGenome('nb201', rng);
            const p = genomeParams(g, dataset);
            assert.equal(p, graphParams(g, dataset), `${dataset} ${JSON.stringify(g)}`);
            seen.add(p);
        }
        assert.ok(seen.size > 5, 'the sample covers cells of many sizes, not one');
    }
});

test('nb201ExtremesEqualTheBuiltGraph', () => {
    // All-none (no cell weights at all) and all-3x3 (the largest) bound every cell.
    for (const op of [0, 1, 2, 3, 4]) {
        const g: Genome = { space: 'nb201', ops: [op, op, op, op, op, op] };
        for (const dataset of ['cifar10', 'cifar100', 'imagenet16-120'])
            assert.equal(genomeParams(g, dataset), graphParams(g, dataset), `${op} ${dataset}`);
    }
});

test('autoformerClosedFormEqualsTheBuiltGraphForEverySpace', () => {
    const rng = new Rng(77);
    for (const space of SPACE_IDS.filter((s) => s !== 'nb201')) {
        for (let i = 0; i < 6; i++) {
            // Why mutate too: mixed per-layer genes and depths, as evolution proposes them.
            const g =
                i % 2 === 0
                    ? sampleGenome(space, rng)
                    : mutateGenome(sampleGenome(space, rng), rng, 0.5, 0.5);
            assert.equal(
                genomeParams(g),
                graphParams(g, 'cifar10'),
                `${space} ${JSON.stringify(g)}`,
            );
        }
    }
});

test('closedFormsFollowSpecFieldsBeyondTheSearchDefaults', () => {
    // Other widths, cell counts, patch sizes and heads: the formulas read the spec, not constants.
    const nb = {
        family: 'nb201',
        name: 'x',
        cell: '|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|',
        classes: 7,
        imageSize: 16,
        channels: 8,
        cellsPerStage: 2,
    } as const;
    assert.equal(nb201Params(nb), modelCost(nb).params);
    const vit = {
        family: 'autoformer',
        name: 'v',
        embedDim: 96,
        depth: 3,
        mlpRatio: [2.5, 3, 4.2],
        numHeads: [2, 3, 4],
        headDim: 32,
        patchSize: 8,
        imageSize: 36,
        inChannels: 1,
        classes: 12,
        pool: 'cls',
    } as const;
    assert.equal(autoformerParams(vit), modelCost(vit).params);
});

test('theBudgetCheckerCountsWithTheClosedForm', () => {
    const g: Genome = { space: 'nb201', ops: [3, 3, 3, 1, 2, 3] };
    const checker = new BudgetChecker({ max: 1_073_466 }, 'cifar100');
    assert.equal(checker.params(g), genomeParams(g, 'cifar100'));
    assert.equal(checker.params(g), graphParams(g, 'cifar100'));
    assert.notEqual(checker.params(g), genomeParams(g, 'cifar10'), 'the dataset head counts');
});
