// The "did you mean" rule shared by every front end and the quick fixes that read its hint back.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
    didYouMean,
    editDistance,
    nearestName,
    suggestionIn,
} from '../../../../src/core/util/didYouMean';

test('editDistanceCountsInsertionsDeletionsAndSubstitutions', () => {
    assert.equal(editDistance('famly', 'family'), 1);
    assert.equal(editDistance('nb210', 'nb201'), 2);
    assert.equal(editDistance('', 'relu'), 4);
    assert.equal(editDistance('x'.repeat(41), 'x'), Infinity);
});

test('nearestNamePicksTheClosestTypoAndNothingFarOrKnown', () => {
    const ops = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
    assert.equal(nearestName('nor_conv_3x2', ops), 'nor_conv_3x3');
    assert.equal(nearestName('skip_conect', ops), 'skip_connect');
    assert.equal(nearestName('max_pool_5x5', ops), undefined);
    assert.equal(nearestName('none', ops), undefined, 'a known name needs no suggestion');
    // Closest wins over first within reach: 'linar' is 1 from linear, 2 from others.
    assert.equal(nearestName('linar', ['layernorm', 'linear']), 'linear');
    // Short words allow one edit only, so 'bn' is not 'relu' and 'gel' is 'gelu'.
    assert.equal(nearestName('bn', ['relu', 'tanh']), undefined);
    assert.equal(nearestName('gel', ['relu', 'gelu']), 'gelu');
    assert.equal(nearestName('ReLU', ['relu']), 'relu', 'case differences are near');
});

test('didYouMeanTextRoundTripsThroughSuggestionIn', () => {
    const hint = didYouMean('candiates', ['family', 'candidates']);
    assert.equal(hint, " (did you mean 'candidates'?)");
    assert.equal(suggestionIn(`unknown field 'candiates'${hint}; it is ignored`), 'candidates');
    assert.equal(didYouMean('zzz', ['family']), '');
    assert.equal(suggestionIn('no hint here'), undefined);
});
