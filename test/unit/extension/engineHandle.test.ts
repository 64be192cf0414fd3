// The engine handle: nothing is created until asked; an engine setting change replaces the engine
// at the next job; dispose stops it.
import './vscodeMock';
import assert from 'node:assert/strict';
import test from 'node:test';
import { readSettings } from '../../../src/extension/config';
import { EngineHandle } from '../../../src/extension/engineHandle';
import { fakeEngine } from './fakeEngine';

test('theEngineIsCreatedOnFirstUseAndReplacedAfterASettingChange', async () => {
    const fake = fakeEngine({});
    const states: unknown[] = [];
    const handle = new EngineHandle({
        workerPath: '/x/worker.js',
        settings: () => readSettings({ get: () => undefined }),
        log: () => undefined,
        onState: (s) => states.push(s),
        create: fake.factory,
    });
    assert.equal(handle.isCreated, false);
    assert.equal(fake.created, 0);
    const first = await handle.get();
    assert.equal(await handle.get(), first, 'one engine while settings stay');
    handle.markStale();
    const second = await handle.get();
    assert.notEqual(second, first);
    assert.deepEqual([fake.created, fake.stopped], [2, 1]);
    await handle.dispose();
    assert.deepEqual([handle.isCreated, fake.stopped], [false, 2]);
    assert.equal(states.at(-1), undefined, 'the status shows no engine after dispose');
});
