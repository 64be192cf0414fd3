// Ranks within comparable groups: best first inside each group, missing values last, a lone member
// said to be alone rather than "rank 1/1".
import assert from 'node:assert/strict';
import test from 'node:test';
import { rankPhrase, ranks, ranksWithinGroups } from '../../../../src/core/rankings/groupRanks';

test('ranksAreBestFirstWithMissingValuesLastAndTiesInInputOrder', () => {
    assert.deepEqual(ranks([2, null, 5, 2]), [2, 4, 1, 3]);
    assert.deepEqual(ranks([]), []);
});

test('eachItemIsRankedOnlyAmongItsGroup', () => {
    const items = [
        { group: 'cifar', value: 3 },
        { group: 'imagenet', value: 1000 },
        { group: 'cifar', value: 7 },
        { group: 'cifar', value: null },
        { group: 'imagenet', value: 2000 },
        { group: 'alone', value: 1 },
    ];
    assert.deepEqual(ranksWithinGroups(items), [
        { rank: 2, total: 3 },
        { rank: 2, total: 2 },
        { rank: 1, total: 3 },
        { rank: 3, total: 3 },
        { rank: 1, total: 2 },
        { rank: 1, total: 1 },
    ]);
});

test('thePhraseNamesTheGroupAndALoneMember', () => {
    assert.equal(
        rankPhrase({ rank: 2, total: 7 }, 'NB201 3x32x32 / 10 classes'),
        'rank 2/7 in NB201 3x32x32 / 10 classes',
    );
    assert.equal(
        rankPhrase({ rank: 1, total: 1 }, 'ViT 3x224x224 / 1000 classes'),
        'only one in its group (ViT 3x224x224 / 1000 classes)',
    );
});
