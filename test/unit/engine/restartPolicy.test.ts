// The restart budget: at most N restarts within a sliding window, older ones forgotten.
import assert from 'node:assert/strict';
import test from 'node:test';
import { RestartPolicy } from '../../../src/engine/restartPolicy';

test('allowsFourRestartsInThreeMinutesThenRefuses', () => {
    let now = 0;
    const policy = new RestartPolicy({ now: () => now });
    for (let i = 0; i < 4; i++) {
        assert.equal(policy.tryRestart(), true);
        now += 10_000;
    }
    assert.equal(policy.tryRestart(), false);
    assert.equal(policy.describe(), '4 restarts in 3 minutes');
});

test('windowSlidesSoOldRestartsStopCounting', () => {
    let now = 0;
    const policy = new RestartPolicy({ maxRestarts: 2, windowMs: 1000, now: () => now });
    assert.equal(policy.tryRestart(), true); // t = 0
    now = 600;
    assert.equal(policy.tryRestart(), true);
    now = 999;
    assert.equal(policy.tryRestart(), false);
    now = 1000; // the restart at t = 0 left the window
    assert.equal(policy.tryRestart(), true);
    assert.equal(policy.tryRestart(), false);
});

test('resetForgetsPastRestartsAndZeroMeansNone', () => {
    const policy = new RestartPolicy({ maxRestarts: 1, windowMs: 60_000 });
    assert.equal(policy.tryRestart(), true);
    assert.equal(policy.tryRestart(), false);
    policy.reset();
    assert.equal(policy.tryRestart(), true);
    assert.equal(new RestartPolicy({ maxRestarts: 0 }).tryRestart(), false);
    assert.equal(
        new RestartPolicy({ maxRestarts: 1, windowMs: 90_000 }).describe(),
        '1 restart in 90 s',
    );
});
