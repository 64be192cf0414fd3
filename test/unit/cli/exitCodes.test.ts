// Exit codes from results: 0 all scored, 1 some failed, 3 none scored (2 is for usage errors).
import assert from 'node:assert/strict';
import test from 'node:test';
import { exitCodeFor } from '../../../src/cli/exitCodes';
import type { ScoreResult } from '../../../src/protocol/worker';

const result = (scores: Record<string, number | null>, errors: string[] = []): ScoreResult => ({
    name: 'n',
    source: 'n',
    family: 'layers',
    params: null,
    flops: null,
    scores,
    errors,
    device: 'cpu',
    seconds: 0,
});

test('exitCodesCountScoredCandidates', () => {
    assert.equal(exitCodeFor([result({ a: 1 }), result({ a: 2 })]), 0);
    assert.equal(exitCodeFor([result({ a: 1 }), result({ a: null }, ['boom'])]), 1);
    assert.equal(
        exitCodeFor([result({ a: 1, b: null }, ['b failed'])]),
        3,
        'a result with an error is not fully scored',
    );
    assert.equal(exitCodeFor([result({ a: null }, ['x'])]), 3);
    assert.equal(exitCodeFor([]), 3);
});
