import assert from 'node:assert/strict';
import test from 'node:test';
import { planQueueSetting } from '../../../src/queue/queueSetting';

test('emptySettingScoresLocally', () => {
    assert.deepEqual(planQueueSetting('  ', undefined), {});
});

test('urlWithoutPasswordIsUsedAsItIs', () => {
    assert.deepEqual(planQueueSetting('redis://lab:6379/1', undefined), {
        url: 'redis://lab:6379/1',
    });
});

test('urlWithPasswordGoesToSecretsAndTheSettingIsRedacted', () => {
    const url = 'rediss://:pw-77@lab:6380';
    assert.deepEqual(planQueueSetting(url, undefined), {
        url,
        storeSecret: url,
        rewriteSetting: 'rediss://:***@lab:6380',
    });
    // Next time the setting holds the redacted form, completed from the secret.
    assert.deepEqual(planQueueSetting('rediss://:***@lab:6380', url), { url });
});

test('redactedSettingWithoutItsSecretIsAProblemNotAGuess', () => {
    const plan = planQueueSetting('rediss://:***@lab:6380', 'rediss://:pw@other:6380');
    assert.equal(plan.url, undefined);
    assert.match(plan.problem!, /password is not in this machine's secret storage/);
    assert.match(planQueueSetting('http://x', undefined).problem!, /redis:\/\/ or rediss:\/\//);
});
