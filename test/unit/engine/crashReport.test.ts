// What the host says about a candidate that took the worker down twice: the likely cause for each
// way a worker dies, a smaller batch scaled by what was needed, and the unscored result's shape.
import { failedResult } from '../../../src/core/spec/scoreResult';
import assert from 'node:assert/strict';
import test from 'node:test';
import { likelyCause, repeatedCrashMessage, smallerBatch } from '../../../src/engine/crashReport';
import type { WorkerExit } from '../../../src/engine/workerProcess';
import type { ScoreOptions } from '../../../src/protocol/worker';

const options: ScoreOptions = {
    proxies: ['lswag', 'params'],
    data: { kind: 'synthetic' },
    batch: 64,
    batches: 2,
    seed: 0,
    psiSamples: 2,
    gradientMode: 'batches',
};
const exit = (over: Partial<WorkerExit>): WorkerExit => ({
    code: null,
    signal: null,
    summary: 'the engine worker exited (signal SIGKILL)',
    isDeliberate: false,
    ...over,
});

test('theCauseFollowsHowTheWorkerDied', () => {
    assert.equal(likelyCause(exit({ residentMiB: 900 })), 'it ran out of memory');
    assert.match(likelyCause(exit({ signal: 'SIGKILL' })), /out-of-memory killer/);
    assert.equal(likelyCause(exit({ signal: 'SIGSEGV' })), 'onnxruntime crashed on this model');
    assert.equal(likelyCause(exit({ code: 1, detail: 'boom' })), 'it failed: boom');
    assert.equal(likelyCause(exit({ code: 1 })), 'it crashed');
});

test('theSmallerBatchScalesByLimitOverNeedAndIsAtLeastHalved', () => {
    assert.equal(smallerBatch(64, 31_000, 18_000), 32, '64 x 18/31 = 37 -> power of two 32');
    assert.equal(smallerBatch(64, 120_000, 18_000), 8, '64 x 0.15 = 9.6 -> 8');
    assert.equal(
        smallerBatch(64, 1000, 18_000),
        32,
        'an estimate that fitted still halves the batch',
    );
    assert.equal(smallerBatch(64, undefined, 18_000), 32);
    assert.equal(smallerBatch(3, 10_000, 100), 1);
    assert.equal(smallerBatch(1, 10_000, 100), undefined, 'nothing below batch 1');
});

test('theMessageNamesCandidateCauseEstimateAndBatch', () => {
    const message = repeatedCrashMessage(exit({ signal: 'SIGKILL' }), {
        doing: "scoring 'AutoFormer-B' (54.0 M params, ~31000 MiB at batch 64 x 2)",
        options,
        estimateMiB: 31_100,
        maxWorkerMemoryMb: 18_000,
    });
    assert.equal(
        message,
        "the engine worker died twice while scoring 'AutoFormer-B' (54.0 M params, ~31000 MiB at batch 64 x 2): it was killed from outside, most likely by the kernel's out-of-memory killer " +
            '(the engine worker exited (signal SIGKILL); estimated ~31100 MiB with the worker, limit 18000 MiB); try --batch 32 (lswag.batchSize)',
    );
    const perSample = repeatedCrashMessage(exit({ signal: 'SIGSEGV' }), {
        doing: "scoring 'x'",
        options: { ...options, gradientMode: 'perSample' },
        maxWorkerMemoryMb: 100,
    });
    assert.doesNotMatch(perSample, /--batch/, 'no batch advice where the batch is not what grows');
});

test('anUnscoredResultCarriesTheReasonAndNullScores', () => {
    const r = failedResult(
        {
            family: 'layers',
            name: 'n',
            input: [3, 8, 8],
            classes: 2,
            layers: [],
            source: {
                file: 'a.json',
                start: { line: 4, character: 0 },
                end: { line: 4, character: 1 },
            },
        },
        options.proxies,
        'why',
        'cpu',
    );
    assert.deepEqual(r.scores, { lswag: null, params: null });
    assert.deepEqual(r.errors, ['why']);
    assert.equal(r.source, 'a.json:5');
});
