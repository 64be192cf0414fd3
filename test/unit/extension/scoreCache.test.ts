// The score cache: one score per candidate and options, kept (stale) when the candidate changes and
// untouched when a sibling changes; ranks within comparable groups; lens titles and number formatting.
import assert from 'node:assert/strict';
import test from 'node:test';
import { group } from '../../../src/core/rankings/comparableGroup';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import {
    type FileKey,
    type RankedScore,
    ScoreCache,
    candidateKey,
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
const fileKey = (file: string, text: string, options = 'o'): FileKey => ({
    file,
    hash: textHash(text),
    options,
});
const cell = (name: string, ops = 'none', line = 0): ArchitectureSpec => ({
    family: 'nb201',
    name,
    cell: `|${ops}~0|+|none~0|none~1|+|none~0|none~1|none~2|`,
    classes: 10,
    imageSize: 32,
    channels: 16,
    cellsPerStage: 5,
    source: { file: '/f', start: { line, character: 0 }, end: { line, character: 9 } },
});
const CIFAR = group('nb201', [3, 32, 32], 10);
const IMAGENET = group('vit', [3, 224, 224], 1000);
const cache = () => new ScoreCache(() => 'lswag');

test('aSiblingsEditLeavesTheScoreFreshAndTheCandidatesOwnEditMakesItStale', () => {
    const c = cache();
    const a = cell('a');
    c.put(candidateKey(fileKey('/f', 'v1'), a), result('a', 1), CIFAR);
    // The file's text changed elsewhere (a sibling's typo, a comment): the same spec, moved a line.
    const moved = candidateKey(fileKey('/f', 'v2'), cell('a', 'none', 3));
    assert.equal(c.get(moved)?.isStale, false);
    assert.equal(c.isFresh(moved), true);
    const edited = candidateKey(fileKey('/f', 'v3'), cell('a', 'skip_connect'));
    assert.equal(c.get(edited)?.value, 1, 'the last score is kept');
    assert.equal(c.get(edited)?.isStale, true);
    assert.equal(c.isFresh(edited), false);
    assert.equal(c.get(candidateKey(fileKey('/f', 'v1', 'other'), a)), undefined, 'other options');
    assert.equal(c.get(candidateKey(fileKey('/g', 'v1'), a)), undefined, 'another file');
});

test('pytorchDefinitionsDependOnTheWholeFileText', () => {
    const spec: ArchitectureSpec = {
        family: 'pytorch',
        name: 'Net',
        file: '/m.py',
        target: { kind: 'class', name: 'Net' },
        staticReason: 'dynamic',
    };
    const k1 = candidateKey(fileKey('/m.py', 'x = 1'), spec);
    assert.notEqual(k1.fingerprint, candidateKey(fileKey('/m.py', 'x = 2'), spec).fingerprint);
    // The traced ONNX spec of that definition is scored under the same fingerprint as the lens's.
    const traced: ArchitectureSpec = {
        family: 'onnx',
        name: 'Net',
        path: '/cache/n.onnx',
        keepWeights: false,
        inputFrom: 'comment',
    };
    assert.equal(candidateKey(fileKey('/m.py', 'x = 1'), traced).fingerprint, k1.fingerprint);
});

test('aChangedModelFileMakesOnnxScoresStale', () => {
    const onnx: ArchitectureSpec = {
        family: 'onnx',
        name: 'm',
        path: '/w/m.onnx',
        keepWeights: true,
    };
    const before = candidateKey({ file: '/f', hash: textHash('t'), options: 'o' }, onnx);
    const after = candidateKey({ file: '/f', hash: `${textHash('t')}#1`, options: 'o' }, onnx);
    assert.notEqual(before.fingerprint, after.fingerprint);
});

test('ranksAreWithinTheComparableGroupAcrossFiles', () => {
    const c = cache();
    c.put(candidateKey(fileKey('/f', 't'), cell('a')), result('a', 2), CIFAR);
    c.put(candidateKey(fileKey('/f', 't'), cell('b')), result('b', null), CIFAR);
    c.put(candidateKey(fileKey('/g', 't'), cell('c')), result('c', 5), CIFAR);
    c.put(candidateKey(fileKey('/g', 't'), cell('vit')), result('vit', 1e6), IMAGENET);
    const rankOf = (file: string, name: string) => {
        const s = c.get(candidateKey(fileKey(file, 't'), cell(name)))!;
        return [s.rank, s.total];
    };
    assert.deepEqual(rankOf('/f', 'a'), [2, 3]);
    assert.deepEqual(rankOf('/f', 'b'), [3, 3], 'a missing value ranks last');
    assert.deepEqual(rankOf('/g', 'c'), [1, 3]);
    assert.deepEqual(rankOf('/g', 'vit'), [1, 1], 'the ViT is not ranked against CIFAR cells');
    assert.deepEqual(
        c.peers(candidateKey(fileKey('/g', 't'), cell('c'))).map((r) => r.name),
        ['a', 'b', 'c'],
    );
    assert.deepEqual(
        c.results('/g', 'o').map((r) => r.name),
        ['c', 'vit'],
    );
});

test('rescoringReplacesTheCandidatesScoreAndFiresAChange', () => {
    const c = cache();
    let changes = 0;
    const sub = c.onDidChange(() => changes++);
    const k = candidateKey(fileKey('/f', 't'), cell('a'));
    c.put(k, result('a', 1), CIFAR);
    c.put(k, result('a', 9), CIFAR);
    assert.equal(c.all('o').length, 1);
    assert.equal(c.get(k)?.value, 9);
    assert.equal(changes, 2);
    sub.dispose();
    c.put(k, result('a', 3), CIFAR);
    assert.equal(changes, 2, 'unsubscribed');
    assert.equal(c.version, 3);
});

test('renamedCandidatesAndThoseAWorkspaceRunNoLongerFindsAreForgotten', () => {
    const c = cache();
    for (const n of ['a', 'b'])
        c.put(candidateKey(fileKey('/f', 't'), cell(n)), result(n, 1), CIFAR);
    c.put(candidateKey(fileKey('/g', 't'), cell('x')), result('x', 1), CIFAR);
    c.retainNames('/f', ['a']);
    assert.deepEqual(
        c.all('o').map((s) => s.name),
        ['a', 'x'],
    );
    c.retainOnly('o', [{ file: '/g', name: 'x' }]);
    assert.deepEqual(
        c.all('o').map((s) => s.name),
        ['x'],
    );
});

test('theOldestCandidateIsEvictedBeyondTheBound', () => {
    const c = new ScoreCache(() => 'lswag', 2);
    for (const n of ['a', 'b', 'c'])
        c.put(candidateKey(fileKey('/f', 't'), cell(n)), result(n, 1), CIFAR);
    assert.deepEqual(
        c.all('o').map((s) => s.name),
        ['b', 'c'],
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

test('lensTitlesNameTheGroupSayALoneMemberAndMarkStaleScores', () => {
    const scored: RankedScore = {
        result: result('a', 123456),
        proxy: 'lswag',
        value: 123456,
        rank: 1,
        total: 3,
        group: CIFAR,
        isStale: false,
    };
    assert.equal(
        scoreTitle(scored),
        'L-SWAG 123,456 \u00b7 rank 1/3 in NB201 3x32x32 / 10 classes',
    );
    assert.equal(
        lensTitle(scored, { rank: 2, total: 3 }),
        'L-SWAG 123,456 \u00b7 rank 1/3 in NB201 3x32x32 / 10 classes \u00b7 LIBRA rank 2/3',
    );
    assert.equal(
        scoreTitle({ ...scored, total: 1, isStale: true }),
        'L-SWAG 123,456 (stale: changed since scored) \u00b7 only one in its group (NB201 3x32x32 / 10 classes)',
    );
    const failed = { ...scored, result: result('a', null), value: null };
    assert.equal(lensTitle(failed, { rank: 1, total: 3 }), 'L-SWAG failed: nan');
});

test('callersWithoutTheSpecLookUpByFileKeyAndName', () => {
    const c = cache();
    const k = fileKey('/f', 't');
    c.put(candidateKey(k, cell('a')), result('a', 4), CIFAR);
    c.put(candidateKey(k, cell('b')), result('b', 6), CIFAR);
    assert.deepEqual(
        [c.get(k, 'a')?.value, c.get(k, 'a')?.rank, c.get(k, 'a')?.isStale],
        [4, 2, false],
    );
    assert.equal(c.get(k, 'missing'), undefined);
    assert.deepEqual(
        c.peers(k, 'a').map((r) => r.name),
        ['a', 'b'],
    );
    assert.deepEqual(
        c.results(k).map((r) => r.name),
        ['a', 'b'],
    );
    assert.equal(c.has(k), true);
    assert.equal(c.has(fileKey('/f', 't', 'other options')), false);
});
