// The ETA: null until two results arrived, then the time left at the rate of the most recent window,
// so a slow start (the worker starting) stops weighing once enough results came in.
import assert from 'node:assert/strict';
import test from 'node:test';
import { EtaEstimator } from '../../../src/extension/searchEta';

test('noEstimateBeforeTwoResults', () => {
    const eta = new EtaEstimator();
    assert.equal(eta.secondsLeft(100), null);
    eta.record(0, 10);
    assert.equal(eta.secondsLeft(100), null);
    eta.record(0, 10);
    assert.equal(eta.secondsLeft(100), null, 'a repeated count is not a result');
});

test('timeLeftIsTheRemainderAtTheRecentRate', () => {
    const eta = new EtaEstimator(4);
    eta.record(0, 10); // resumed with 10 already in the file
    eta.record(30_000, 11); // the first result takes 30 s (worker start)
    assert.equal(eta.secondsLeft(21), 300, '10 left at 1 per 30 s');
    for (let i = 1; i <= 4; i++) eta.record(30_000 + i * 2_000, 11 + i);
    // The window keeps the last 5 samples: 4 results in 8 s, so 2 s each.
    assert.equal(eta.secondsLeft(21), 12);
    assert.equal(eta.secondsLeft(10), 0, 'never negative');
});
