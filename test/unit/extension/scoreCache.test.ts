// The score cache: keyed by file, text hash and options (an edit or a setting misses), ranks within
// a file or a workspace run, lens titles and number formatting.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
    type FileKey,
    ScoreCache,
    formatScore,
    lensTitle,
    optionsKey,
    rankingProxy,
    scoreTitle,
    textHash,
} from '../../../src/extension/scoreCache';
import type { ScoreOptions, ScoreResult } from '../../../src/protocol/worker';
import { formatCell } from '../../../webview/rankings/table';

const result = (name: string, lswag: number | null): ScoreResult => ({
    name,
    source: name,
    family: 'nb201',
    params: 1,
    flops: 1,
    scores: { lswag },
    errors: lswag === null ? ['nan'] : [],
    device: 'cpu',
    seconds: 0,
});
const key = (file: string, text: string, options = 'o'): FileKey => ({
    file,
    hash: textHash(text),
    options,
});
const cache = () => new ScoreCache(() => 'lswag');

test('aChangedTextOrOptionsMissesTheCache', () => {
    const c = cache();
    c.put(key('/f', 'v1'), result('a', 1), c.beginRun());
    assert.equal(c.get(key('/f', 'v1'), 'a')?.value, 1);
    assert.equal(c.get(key('/f', 'v2'), 'a'), undefined);
    assert.equal(c.get(key('/f', 'v1', 'other'), 'a'), undefined);
    assert.equal(
        c.get(key('/g', 'v1'), 'a'),
        undefined,
        'the same text in another file is another key',
    );
});

test('ranksWithinAFileAreBestFirstWithMissingValuesLast', () => {
    const c = cache();
    const run = c.beginRun();
    const k = key('/f', 't');
    for (const [n, v] of [
        ['a', 2],
        ['b', null],
        ['c', 5],
    ] as const)
        c.put(k, result(n, v), run);
    assert.deepEqual(
        ['a', 'b', 'c'].map((n) => [c.get(k, n)!.rank, c.get(k, n)!.total]),
        [
            [2, 3],
            [3, 3],
            [1, 3],
        ],
    );
    assert.equal(c.results(k).length, 3);
});

test('aWorkspaceRunRanksAcrossFilesUntilAFileIsScoredAgain', () => {
    const c = cache();
    const run = c.beginRun();
    const f = key('/f', 't');
    const g = key('/g', 't');
    c.put(f, result('a', 1), run);
    c.put(g, result('b', 3), run);
    c.put(g, result('c', 2), run);
    c.rankRun(run, [
        { key: f, name: 'a' },
        { key: g, name: 'b' },
        { key: g, name: 'c' },
    ]);
    assert.deepEqual(c.get(f, 'a'), {
        result: result('a', 1),
        proxy: 'lswag',
        value: 1,
        rank: 3,
        total: 3,
        scope: 'workspace',
    });
    assert.equal(scoreTitle(c.get(g, 'b')!), 'L-SWAG 3 - rank 1/3 in workspace');
    c.put(g, result('c', 9), c.beginRun());
    assert.equal(scoreTitle(c.get(g, 'c')!), 'L-SWAG 9 - rank 1/2');
});

test('theOldestFileIsEvictedBeyondTheBound', () => {
    const c = new ScoreCache(() => 'lswag', 2);
    const run = c.beginRun();
    for (const f of ['/1', '/2', '/3']) c.put(key(f, 't'), result('a', 1), run);
    assert.deepEqual(
        ['/1', '/2', '/3'].map((f) => c.has(key(f, 't'))),
        [false, true, true],
    );
});

test('scoresFormatAndRankByTheRightProxy', () => {
    // Why these: the lens must read as the rankings table's cell (3697.23 once read "3700" here).
    assert.equal(formatScore(3697.23), '3697');
    assert.equal(formatScore(123456), '123,456');
    assert.equal(formatScore(123456.7), '1.235e+5');
    assert.equal(formatScore(42.5), '42.5');
    assert.equal(formatScore(0.001234), '0.001234');
    assert.equal(formatScore(0.0001234), '1.234e-4');
    for (const v of [3697.23, 123456, 0.00012345, -1.38629, 12345.6])
        assert.equal(formatScore(v), formatCell(v));
    assert.equal(formatScore(0), '0');
    assert.equal(formatScore(null), '-');
    assert.equal(rankingProxy(['params', 'zico', 'lswag']), 'lswag');
    assert.equal(rankingProxy(['params', 'zico']), 'zico');
    assert.equal(rankingProxy(['flops']), 'flops');
});

test('optionsKeysIgnoreKeyOrder', () => {
    const a: ScoreOptions = {
        proxies: ['lswag'],
        data: { kind: 'synthetic' },
        batch: 8,
        batches: 2,
        seed: 0,
        psiSamples: 4,
        gradientMode: 'batches',
    };
    const b = Object.fromEntries(Object.entries(a).reverse()) as unknown as ScoreOptions;
    assert.equal(optionsKey(a), optionsKey(b));
    assert.notEqual(optionsKey(a), optionsKey({ ...a, batch: 16 }));
});

test('peersAreTheWorkspaceRunElseTheFile', () => {
    const c = cache();
    const f = key('/f', 'x');
    const g = key('/g', 'y');
    const run = c.beginRun();
    const [a, b, d] = [result('a', 3), result('b', 2), result('d', 1)];
    c.put(f, a, run);
    c.put(f, b, run);
    assert.deepEqual(c.peers(f, 'a'), [a, b], 'file scope: the file');
    c.put(g, d, run);
    c.rankRun(run, [
        { key: f, name: 'a' },
        { key: f, name: 'b' },
        { key: g, name: 'd' },
    ]);
    assert.deepEqual(c.peers(g, 'd'), [a, b, d], 'workspace scope: the whole run');
    assert.deepEqual(c.peers(g, 'missing'), []);
});

test('lensTitlesAddTheLibraRankOnlyToAScore', () => {
    const scored = {
        result: result('a', 123456),
        proxy: 'lswag',
        value: 123456,
        rank: 1,
        total: 3,
        scope: 'file',
    } as const;
    assert.equal(
        lensTitle(scored, { rank: 2, total: 3 }),
        'L-SWAG 123,456 - rank 1/3 \u00b7 LIBRA rank 2/3',
    );
    assert.equal(lensTitle(scored), 'L-SWAG 123,456 - rank 1/3');
    const failed = { ...scored, result: result('a', null), value: null };
    assert.equal(lensTitle(failed, { rank: 1, total: 3 }), 'L-SWAG failed: nan');
});
