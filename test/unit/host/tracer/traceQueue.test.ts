// One tracer at a time per workspace root; different roots run side by side; a failure does
// not block the queue.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { queueTrace } from '../../../../src/host/tracer/traceQueue';

describe('queueTrace', () => {
    it('runsTasksOfOneRootOneAtATimeInOrder', async () => {
        const events: string[] = [];
        const task =
            (name: string, ms: number, fail = false) =>
            async () => {
                events.push(`start ${name}`);
                await sleep(ms);
                events.push(`end ${name}`);
                if (fail) throw new Error(name);
                return name;
            };
        const a = queueTrace('/a', task('a1', 30, true));
        const b = queueTrace('/a', task('a2', 5));
        const c = queueTrace('/b', task('b1', 5));
        await assert.rejects(a, /a1/);
        assert.equal(await b, 'a2');
        assert.equal(await c, 'b1');
        assert.ok(events.indexOf('end a1') < events.indexOf('start a2'), events.join(', '));
        assert.ok(
            events.indexOf('start b1') < events.indexOf('end a1'),
            'another root waits for nothing',
        );
    });
});
