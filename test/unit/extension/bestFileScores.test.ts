// "Open best" fills the best file's lenses from the run's scores only when they are what scoring
// would give now: same value-deciding options, and the proxy the lenses show was computed.
import './vscodeMock';
import assert from 'node:assert/strict';
import test from 'node:test';
import { seedBestFileScores } from '../../../src/extension/bestFileScores';
import { readArchitectureFile } from '../../../src/core/frontends/archFile';
import { ScoreCache, candidateKey, optionsKey } from '../../../src/extension/scoreCache';
import { keyOf } from '../../../src/extension/scoring';
import type { ScoreOptions, ScoreResult } from '../../../src/protocol/worker';

const runOptions: ScoreOptions = {
    proxies: ['lswag'],
    data: { kind: 'synthetic' },
    batch: 64,
    batches: 2,
    seed: 0,
    psiSamples: 16,
    gradientMode: 'batches',
    calibratedWindows: { nb201: [0, 9] },
};
const settingsOptions: ScoreOptions = { ...runOptions, proxies: ['params', 'lswag', 'synflow'] };

const result = (name: string, lswag: number | null): ScoreResult => ({
    name,
    source: name,
    family: 'nb201',
    params: 1,
    flops: 1,
    scores: { lswag },
    errors: [],
    device: 'cpu',
    seconds: 1,
});

function deps(current: ScoreOptions) {
    const cache = new ScoreCache(() => 'lswag');
    let refreshed = 0;
    return {
        cache,
        refreshed: () => refreshed,
        deps: {
            cache,
            options: async () => ({ options: current, key: optionsKey(current) }),
            fileKey: async (file: string, text: string) => keyOf(file, text, optionsKey(current)),
            refresh: () => void refreshed++,
        },
    };
}

/** The best file as the search writes it: the run's architectures by name. */
const BEST_TEXT = [
    'family: nb201',
    'candidates:',
    '  - name: nb201-search-1',
    '    cell: "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|"',
    '  - name: nb201-search-2',
    '    cell: "|nor_conv_1x1~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|"',
    '',
].join('\n');

const best = (options: ScoreOptions, results: ScoreResult[]) => ({
    file: '/w/.lswag/runs/r.best.arch.yaml',
    text: BEST_TEXT,
    results,
    options,
});

test('theRunsScoresBecomeTheBestFilesLensesUnderTheSettingsOptions', async () => {
    const d = deps(settingsOptions);
    const outcome = await seedBestFileScores(
        best(runOptions, [result('nb201-search-1', 9), result('nb201-search-2', 7)]),
        d.deps,
    );
    assert.deepEqual(outcome, { seeded: 2 });
    const key = (await d.deps.fileKey('/w/.lswag/runs/r.best.arch.yaml', BEST_TEXT))!;
    const second = d.cache.get(key, 'nb201-search-2')!;
    assert.deepEqual([second.value, second.rank, second.total], [7, 2, 2]);
    // Keyed per candidate as the lenses read it: fresh, not stale.
    const spec = readArchitectureFile(BEST_TEXT, '/w/.lswag/runs/r.best.arch.yaml').specs[1]!;
    assert.equal(d.cache.isFresh(candidateKey(key, spec)), true);
    assert.equal(d.refreshed(), 1);
});

test('otherOptionsOrAMissingLensProxyLeaveTheLensesAlone', async () => {
    const d = deps({ ...settingsOptions, batch: 8 });
    const other = await seedBestFileScores(best(runOptions, [result('a', 1)]), d.deps);
    assert.match('skipped' in other ? other.skipped : '', /other options than the settings/);
    const synflowRun = deps(settingsOptions);
    const missing = await seedBestFileScores(
        best({ ...runOptions, proxies: ['synflow'] }, [result('a', null)]),
        synflowRun.deps,
    );
    assert.match('skipped' in missing ? missing.skipped : '', /did not compute lswag/);
    assert.equal(d.refreshed() + synflowRun.refreshed(), 0);
});
