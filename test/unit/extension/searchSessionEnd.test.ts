// How a panel search ends, with a scripted engine and clock (no worker): a complete run that holds
// fewer architectures than planned ends with a full bar and says why, and the wall seconds per
// architecture (the first result, which pays for the worker's start, left out) are reported.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { proxyIds } from '../../../src/core/proxies/index';
import { calibratedWindows } from '../../../src/host/calibrationStore';
import { spaceParamRange } from '../../../src/host/searchHeader';
import type { SearchEngine } from '../../../src/host/searchLoop';
import { FORM_DEFAULTS, headerFromForm } from '../../../src/extension/searchForm';
import { SearchSession, type SessionSnapshot } from '../../../src/extension/searchSession';
import type { ScoreResult } from '../../../src/protocol/worker';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-session-end-'));
const env = {
    data: { data: { kind: 'synthetic' as const } },
    batch: 4,
    batches: 2,
    psiSamples: 4,
    calibratedWindows: calibratedWindows(),
    presetDir: tmp,
    proxies: proxyIds,
};

/** An engine that scores at once; each result moves the clock by `step` ms (the first by 10 s). */
function scriptedEngine(clock: { now: number }, step: number): SearchEngine {
    let results = 0;
    return {
        score: (specs, _options, handlers) => {
            specs.forEach((spec, i) => {
                clock.now += results++ === 0 ? 10_000 : step;
                const result: ScoreResult = {
                    name: spec.name,
                    source: spec.name,
                    family: spec.family,
                    params: 1,
                    flops: 1,
                    scores: { lswag: i + 1 },
                    errors: [],
                    device: 'cpu',
                    seconds: step / 1000,
                };
                handlers.onResult?.(result, i);
            });
            return Object.assign(Promise.resolve({}), { jobId: 'job' });
        },
        cancel: () => undefined,
    };
}

test('aCompleteRunWithUnfilledSlotsEndsWithAFullBarAndSaysWhy', async () => {
    // Why this budget and seed: few cells have 80% of the most params, so this random search of 3
    // finds 2 of them in its draws and leaves 1 slot empty (deterministic given the seed).
    const most = spaceParamRange('nb201', 'cifar10').max;
    const { header } = headerFromForm(
        {
            ...FORM_DEFAULTS,
            algorithm: 'random',
            samples: 3,
            paramsMin: (0.8 * most) / 1e6,
            seed: 2,
            paramsMax: null,
        },
        env,
    );
    const seen: SessionSnapshot[] = [];
    const clock = { now: 0 };
    const session = new SearchSession({
        engine: async () => scriptedEngine(clock, 2000),
        onChange: (s) => seen.push(s),
        now: () => clock.now,
    });
    assert.equal(await session.start(path.join(tmp, 'narrow.jsonl'), header), 'complete');
    const last = seen.at(-1)!;
    assert.equal(last.state, 'complete');
    assert.deepEqual([last.evaluated, last.expected], [2, 2], 'the count is the total: a full bar');
    assert.ok(
        last.messages.some((m) => /found no new architecture within the params budget/.test(m)),
        last.messages.join(' | '),
    );
    assert.ok(
        last.messages.some((m) => /Complete with 2 of the 3 planned architectures/.test(m)),
        last.messages.join(' | '),
    );
});

test('theWallSecondsPerArchitectureLeaveTheFirstResultOut', async () => {
    const { header } = headerFromForm(
        { ...FORM_DEFAULTS, algorithm: 'random', samples: 5, objective: 'lswag' },
        env,
    );
    const clock = { now: 0 };
    const measured: unknown[] = [];
    const session = new SearchSession({
        engine: async () => scriptedEngine(clock, 3000),
        onChange: () => undefined,
        now: () => clock.now,
        onMeasured: (m) => measured.push(m),
    });
    assert.equal(await session.start(path.join(tmp, 'timed.jsonl'), header), 'complete');
    assert.deepEqual(measured, [{ space: 'nb201', objective: 'lswag', seconds: 3, count: 4 }]);
});
