// The fuzz harness itself: a check that throws is a failure, a slow input is a hang, the same seed
// draws the same inputs, and --seconds bounds a run.
import assert from 'node:assert/strict';
import test from 'node:test';
import { inspect } from 'node:util';
import { HANG_MS_IN_SUITE, MAX_MS_PER_INPUT, runTarget } from '../../fuzz/harness';
import { mutateBytes, mutateValue } from '../../fuzz/mutators';
import { type Rng } from '../../../src/core/util/rng';

test('aCheckThatThrowsIsAFailureWithItsInput', async () => {
    const target = {
        name: 'odd',
        draw: (rng: Rng) => rng.int(100),
        check: (n: number) => assert.ok(n % 2 === 0, `odd ${n}`),
    };
    const report = await runTarget(target, { seed: 1, iterations: 50 });
    assert.equal(report.inputs, 50);
    assert.ok(
        report.failures.length > 5 && report.failures.length < 45,
        `${report.failures.length} odd numbers`,
    );
    assert.match(report.failures[0].error, /odd \d+/);
    const first = await runTarget(target, { seed: 1, iterations: 50, stopAtFirstFailure: true });
    assert.equal(first.failures.length, 1);
});

test('anInputOverTheTimeLimitIsAHang', async () => {
    const target = {
        name: 'slow',
        fixed: () => ['slow'],
        draw: () => 'fast',
        check: (s: string) => {
            const until = performance.now() + (s === 'slow' ? 80 : 0);
            while (performance.now() < until);
        },
    };
    const report = await runTarget(target, { seed: 1, iterations: 3, limitMs: 40 });
    assert.equal(report.inputs, 4);
    assert.deepEqual(
        report.failures.map((f) => f.index),
        [0],
    );
    assert.match(report.failures[0].error, /took \d+ ms \(limit 40 ms\)/);
    assert.equal(MAX_MS_PER_INPUT, 1000, 'long runs promise one second per input');
});

test('theSameSeedDrawsTheSameInputsAndASecondsBudgetStops', async () => {
    const draws = async (seed: number) => {
        const seen: string[] = [];
        const base = { a: [1, 2, { b: 'c' }], d: 'e' };
        await runTarget(
            {
                name: 'm',
                draw: (rng) =>
                    inspect(mutateValue(rng, base), { depth: 4 }) +
                    Buffer.from(mutateBytes(rng, Uint8Array.of(1, 2, 3, 4))).toString('hex'),
                check: (s: string) => void seen.push(s),
            },
            { seed, iterations: 40 },
        );
        return seen;
    };
    assert.deepEqual(await draws(7), await draws(7));
    assert.notDeepEqual(await draws(7), await draws(8));
    const t0 = performance.now();
    const report = await runTarget(
        { name: 'busy', draw: () => 0, check: () => undefined },
        { seed: 1, seconds: 0.2 },
    );
    assert.ok(
        performance.now() - t0 < HANG_MS_IN_SUITE && report.inputs > 100,
        `${report.inputs} inputs`,
    );
});
