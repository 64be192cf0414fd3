// Seconds per architecture for the search panel's estimate: measured means kept per space and
// objective in a Memento (recent runs weigh in), run-file timings, and the estimate that picks them.
import assert from 'node:assert/strict';
import test from 'node:test';
import { summarizeRun } from '../../../src/extension/searchHistory';
import {
    MEASURE_WEIGHT_CAP,
    SearchTimings,
    runTimings,
} from '../../../src/extension/searchTimings';
import type { RunSummary } from '../../../src/protocol/searchView';
import {
    DEFAULT_SECONDS_PER_ARCHITECTURE,
    budgetEstimate,
    estimateText,
    plannedArchitectures,
    roughDuration,
    timingFor,
} from '../../../src/protocol/searchViewEstimate';
import { evolutionSettings, headerOf } from '../core/search/fixtures';

/** An in-memory Memento. */
function memento() {
    const values = new Map<string, unknown>();
    return {
        get: <T>(key: string) => values.get(key) as T | undefined,
        update: async (key: string, value: unknown) => void values.set(key, value),
    };
}

test('measuredTimesAreMeansPerSpaceAndObjectiveWithRecentRunsWeighingIn', async () => {
    const store = new SearchTimings(memento());
    await store.record('nb201', 'lswag', 2, 10);
    await store.record('nb201', 'lswag', 1, 30);
    await store.record('nb201', 'synflow', 0.2, 5);
    await store.record('nb201', 'lswag', Number.NaN, 5); // ignored
    await store.record('nb201', 'lswag', 3, 0); // ignored
    const lswag = store.timings().find((t) => t.objective === 'lswag')!;
    assert.equal(lswag.count, 40);
    assert.ok(Math.abs(lswag.seconds - (2 * 10 + 1 * 30) / 40) < 1e-12);
    assert.equal(lswag.basis, 'measured');
    assert.equal(store.timings().length, 2);

    const capped = new SearchTimings(memento());
    await capped.record('nb201', 'lswag', 1, 10_000);
    await capped.record('nb201', 'lswag', 3, MEASURE_WEIGHT_CAP);
    assert.equal(capped.timings()[0].seconds, 2, 'a new run weighs as much as the capped past');
});

const summary = (
    space: string,
    objective: string,
    seconds: number | undefined,
    evaluated: number,
) =>
    ({
        id: `${space}-${objective}-${evaluated}`,
        label: '',
        state: 'complete',
        space,
        objective,
        algorithm: 'random 10',
        evaluated,
        expected: evaluated,
        best: null,
        modified: 0,
        ...(seconds === undefined ? {} : { secondsPerArchitecture: seconds }),
    }) satisfies RunSummary;

test('runFileTimingsAreWeightedByWhatEachRunScored', () => {
    const t = runTimings([
        summary('nb201', 'lswag', 1, 30),
        summary('nb201', 'lswag', 3, 10),
        summary('nb201', 'lswag', undefined, 50),
        summary('autoformer-t', 'lswag', 9, 4),
    ]);
    const nb = t.find((x) => x.space === 'nb201')!;
    assert.deepEqual([nb.seconds, nb.count, nb.basis], [1.5, 40, 'runs']);
    assert.equal(t.find((x) => x.space === 'autoformer-t')!.seconds, 9);
});

test('aRunSummaryAveragesTheWorkerSecondsOfItsRecords', () => {
    const settings = evolutionSettings(2, 1);
    const records = [0.5, 1.5, 0].map((seconds, i) => ({
        kind: 'eval' as const,
        key: `k${i}`,
        genome: { space: 'nb201' as const, ops: [] } as never,
        generation: 0,
        result: {
            name: `k${i}`,
            source: '',
            family: 'nb201' as const,
            params: 1,
            flops: 1,
            scores: {},
            errors: [],
            device: 'cpu' as const,
            seconds,
        },
    }));
    const s = summarizeRun(
        'r',
        'r',
        { header: headerOf(settings), records, generations: new Map() },
        0,
    );
    assert.equal(s.secondsPerArchitecture, 1, 'a 0 s record (no timing) is left out');
});

test('theEstimatePrefersMeasuredThenRunsThenTheDefault', () => {
    const form = {
        space: 'nb201',
        objective: 'lswag',
        algorithm: 'random' as const,
        population: 50,
        generations: 20,
        samples: 200,
        width: 8,
        cells: 5,
    };
    assert.equal(plannedArchitectures(form), 200);
    assert.equal(plannedArchitectures({ ...form, algorithm: 'evolution' }), 1000);
    const def = budgetEstimate(form, [])!;
    assert.equal(def.timing.basis, 'default');
    assert.equal(def.seconds, 200 * DEFAULT_SECONDS_PER_ARCHITECTURE.nb201);
    assert.match(
        estimateText(def),
        /^~\d+ min on this machine: 200 architectures × .* s \(a default for nb201 until a run here is measured\)\.$/,
    );

    const runs = {
        space: 'nb201',
        objective: 'lswag',
        seconds: 2,
        basis: 'runs' as const,
        count: 40,
    };
    const other = {
        space: 'nb201',
        objective: 'synflow',
        seconds: 0.1,
        basis: 'measured' as const,
        count: 9,
    };
    const mine = {
        space: 'nb201',
        objective: 'lswag',
        seconds: 0.9,
        basis: 'measured' as const,
        count: 120,
    };
    assert.equal(timingFor([runs], 'nb201', 'lswag'), runs);
    assert.equal(
        timingFor([runs, other], 'nb201', 'lswag'),
        other,
        'measured here beats run files',
    );
    assert.equal(timingFor([runs, other, mine], 'nb201', 'lswag'), mine, 'same objective first');
    assert.equal(timingFor([mine], 'autoformer-t', 'lswag')?.basis, 'default', 'per space');
    assert.equal(timingFor([], 'unknown-space', 'lswag'), undefined);
    const e = budgetEstimate(form, [mine])!;
    assert.equal(e.seconds, 180);
    assert.equal(
        estimateText(e),
        '~3 min on this machine: 200 architectures × 0.90 s (measured here over 120 architectures (lswag)).',
    );
});

test('roughDurationsReadAsAPersonWouldSayThem', () => {
    assert.equal(roughDuration(20), 'under a minute');
    assert.equal(roughDuration(90), '~2 min');
    assert.equal(roughDuration(3600 + 5 * 60), '~1 h 05 min');
});
