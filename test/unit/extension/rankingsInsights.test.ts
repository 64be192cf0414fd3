// What the host computes for the rankings panel: agreement between proxies, correlations with
// accuracy, the LIBRA suggestion payload (roles, edge-case notes, preset space) and combined scores.
import assert from 'node:assert/strict';
import test from 'node:test';
import { spearman } from '../../../src/core/eval/correlation';
import { libraAdvice } from '../../../src/extension/libraAdvice';
import { parsePreset } from '../../../src/core/libra/preset';
import {
    accuracyColumns,
    agreementMatrix,
    combinedScores,
    correlationRows,
    libraSuggestion,
    presetOf,
    libraTableOf,
    proxyValue,
} from '../../../src/extension/rankingsInsights';
import { rankingRows } from '../../../src/extension/rankingsMessage';
import type { RankingRow } from '../../../src/protocol/webview';
import { labelledView } from './rankingsFixture';

const row = (
    name: string,
    scores: Record<string, number | null>,
    accuracy?: Record<string, number>,
    params: number | null = 100,
): RankingRow => ({
    key: `/w\n${name}`,
    name,
    source: `/w/${name}:1`,
    label: `${name}:1`,
    family: 'nb201',
    params,
    flops: params === null ? null : 2 * params,
    scores,
    errors: [],
    ...(accuracy ? { accuracy } : {}),
});

const close = (a: number | null | undefined, b: number, what: string) =>
    assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} != ${b}`);

test('agreementIsSpearmanOverRowsWithBothValues', () => {
    const rows = [
        row('a', { x: 1, y: 40, z: 1 }),
        row('b', { x: 2, y: 30, z: null }),
        row('c', { x: 3, y: 20, z: 3 }),
        row('d', { x: 4, y: 10, z: 2 }),
    ];
    const m = agreementMatrix(rows, ['x', 'y', 'z', 'never'])!;
    assert.deepEqual(m.proxies, ['x', 'y', 'z'], 'a proxy no row has is left out');
    assert.equal(m.rho[0][0], 1);
    close(m.rho[0][1], -1, 'y reverses x');
    // x vs z over a, c, d: x ranks 1,2,3 and z ranks 1,3,2 -> rho = 1 - 6*2/(3*8) = 0.5.
    close(m.rho[0][2], 0.5, 'pairwise complete');
    assert.equal(m.rho[2][0], m.rho[0][2], 'symmetric');
    assert.equal(agreementMatrix(rows.slice(0, 2), ['x', 'y']), undefined, 'fewer than 3 rows');
    assert.equal(agreementMatrix(rows, ['x']), undefined, 'one proxy');
    const few = agreementMatrix(
        [row('a', { x: 1, z: null }), row('b', { x: 2, z: 1 }), row('c', { x: 3, z: 2 })],
        ['x', 'z'],
    )!;
    assert.equal(few.rho[0][1], null, 'only two rows have both');
});

test('agreementOfALargeViewEqualsSpearmanOfEveryPairWithAndWithoutGaps', () => {
    // Why: columns without gaps are ranked once and reused; the result must be the pairwise one.
    const rows = rankingRows(labelledView(60, 3), (f) => f);
    const proxies = ['lswag', 'zico', 'nwot', 'synflow', 'params'];
    const m = agreementMatrix(rows, proxies)!;
    assert.deepEqual(m.proxies, proxies);
    for (const [i, p] of proxies.entries()) {
        for (const [j, q] of proxies.entries()) {
            const both = rows.filter((r) => proxyValue(r, p) !== null && proxyValue(r, q) !== null);
            const expected =
                i === j
                    ? 1
                    : spearman(
                          both.map((r) => proxyValue(r, p)),
                          both.map((r) => proxyValue(r, q)!),
                      );
            assert.equal(m.rho[i][j], expected, `${p} vs ${q}`);
        }
    }
    assert.ok(
        rows.some((r) => proxyValue(r, 'synflow') === null),
        'synflow has a gap, so its pairs take the pairwise path',
    );
});

test('paramsAndFlopsFallBackToTheRowCounts', () => {
    const r = row('a', { lswag: 3 }, undefined, 250);
    assert.equal(proxyValue(r, 'params'), 250);
    assert.equal(proxyValue(r, 'flops'), 500);
    assert.equal(proxyValue(row('b', { lswag: Number.NaN }), 'lswag'), null);
});

test('accuracyColumnsComeMostLabelledFirst', () => {
    const rows = [
        row('a', {}, { c100: 1, c10: 2 }),
        row('b', {}, { c10: 3 }),
        row('c', {}, { c10: Number.NaN, imagenet: 4 }),
        row('d', {}),
    ];
    assert.deepEqual(accuracyColumns(rows), ['c10', 'c100', 'imagenet']);
});

test('correlationsWithAccuracyAreBestFirstAndUndefinedLast', () => {
    const rows = [1, 2, 3, 4, 5].map((k) =>
        row(
            `r${k}`,
            { up: k, down: -k, flat: 7, swap: k === 2 ? 1 : k === 1 ? 2 : k, gone: null },
            { acc: 10 * k },
        ),
    );
    const c = correlationRows(rows, ['down', 'flat', 'up', 'swap', 'gone'], 'acc');
    assert.deepEqual(
        c.map((x) => x.proxy),
        ['up', 'swap', 'down', 'flat', 'gone'],
    );
    close(c[0].spearman, 1, 'up');
    close(c[0].kendall, 1, 'up tau');
    // One swapped pair of 5: rho = 1 - 6*2/(5*24) = 0.9, tau = (9 - 1) / 10 = 0.8.
    close(c[1].spearman, 0.9, 'swap rho');
    close(c[1].kendall, 0.8, 'swap tau');
    close(c[2].spearman, -1, 'down');
    assert.deepEqual([c[3].spearman, c[3].kendall], [null, null], 'a constant proxy has no rho');
    assert.deepEqual([c[4].spearman, c[4].kendall], [null, null], 'a proxy never scored');
});

test('libraSuggestionNamesItsPicksAndExplainsAnEmptyBand', () => {
    // near ranks like acc; far is far below it (outside the 0.1 band), so z1 stands alone.
    const acc = [1, 2, 3, 4, 5, 6, 7, 8];
    const far = [8, 1, 7, 2, 6, 3, 5, 4];
    const rows = acc.map((a, i) => row(`r${i}`, { near: a, far: far[i] }, { acc: a }, 100 + i));
    const s = libraSuggestion(rows, ['near', 'far'], 'acc', 'nb201');
    assert.deepEqual(
        s.picks.map((p) => [p.role, p.proxy]),
        [['z1', 'near']],
    );
    close(s.picks[0].spearman, 1, 'z1 rho');
    assert.match(s.picks[0].why, /highest Spearman rho/);
    assert.ok(
        s.notes.some((n) => /No other proxy has rho in \(0\.900, 1\.000\]/.test(n)),
        s.notes.join('|'),
    );
    close(s.combinedSpearman, 1, 'z1 alone is the best single ranking');
    assert.deepEqual(s.bestSingle, { proxy: 'near', spearman: 1 });
    assert.equal(s.presetSpace, 'nb201');
});

test('libraSuggestionPicksThreeWithRolesAndNoPresetOutsideASpace', () => {
    const acc = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const rows = acc.map((a, i) =>
        row(
            `r${i}`,
            { a: a, b: a + (i % 2 ? 0.6 : -0.6), c: a + (i % 3 ? 0.7 : -0.7), d: a * a },
            { acc: a },
            100 + i,
        ),
    );
    const s = libraSuggestion(rows, ['a', 'b', 'c', 'd'], 'acc', undefined);
    assert.deepEqual(
        s.picks.map((p) => p.role),
        ['z1', 'z2', 'z3'],
    );
    assert.equal(new Set(s.picks.map((p) => p.proxy)).size, 3);
    assert.match(s.picks[1].why, /lowest information gain/);
    assert.match(s.picks[2].why, /#params bias/);
    assert.equal(s.presetSpace, undefined, 'rows outside one search space give no preset');
});

test('tooFewLabelledRowsGiveNoPicksAndSayWhy', () => {
    const rows = [
        row('a', { x: 1 }, { acc: 1 }),
        row('b', { x: 2 }, { acc: 2 }),
        row('c', { x: 3 }),
    ];
    const s = libraSuggestion(rows, ['x'], 'acc', 'nb201');
    assert.deepEqual(s.picks, []);
    assert.match(s.notes[0], /Only 2 architectures with a known acc: LIBRA needs at least 3/);
    assert.equal(s.presetSpace, undefined);
});

test('combinedScoresAreSumsOfLogRankOverN', () => {
    const rows = [row('r0', { a: 1, b: 3 }), row('r1', { a: 2, b: 1 }), row('r2', { a: 3, b: 2 })];
    const s = combinedScores(rows, { picks: ['a', 'b'] })!;
    const ln = Math.log;
    [ln(1 / 3) + ln(3 / 3), ln(2 / 3) + ln(1 / 3), ln(3 / 3) + ln(2 / 3)].forEach((v, i) =>
        close(s[i], v, `row ${i}`),
    );
    const weighted = combinedScores(rows, { picks: ['a', 'b'], weights: [2, 0] })!;
    close(weighted[0], 2 * ln(1 / 3), 'weights apply');
    assert.equal(combinedScores(rows, { picks: ['a', 'missing'] }), undefined, 'a pick no row has');
});

test('thePresetOfAWinningCombinationIsAValidPresetWithBothNumbers', () => {
    const rows = Array.from({ length: 60 }, (_, k) => {
        const [a, b] = [Math.sin(k * 1.7), Math.cos(k * 2.3)];
        return row(`r${k}`, { x: a, y: b, z: Math.sin(k * 5.1) }, { c10: a + b });
    });
    const s = libraSuggestion(rows, ['x', 'y', 'z'], 'c10', 'nb201');
    assert.equal(s.advice?.beats, true, s.advice?.text);
    assert.deepEqual([...s.advice!.picks].sort(), ['x', 'y']);
    const advice = libraAdvice(libraTableOf(rows, ['x', 'y', 'z'], 'c10')!)!;
    const p = presetOf(advice, {
        column: 'c10',
        space: 'nb201',
        dataset: 'cifar10',
        n: 60,
        bench: '/w/a.arch.yaml',
    });
    assert.deepEqual(parsePreset(JSON.parse(JSON.stringify(p))), p);
    assert.deepEqual(p.picks, s.advice!.picks);
    assert.equal(p.method, 'greedy');
    assert.equal(p.createdFrom.out_of_sample?.combined_spearman, s.advice!.combined);
    assert.equal(p.createdFrom.out_of_sample?.best_single.spearman, s.advice!.bestSingle.spearman);
    assert.match(s.advice!.warning!, /Only 60 labelled architectures/);
});

test('noPresetIsMadeWhenTheSingleProxyWinsOutOfSample', () => {
    const rows = [1, 2, 3, 4, 5, 6].map((k) => row(`r${k}`, { x: k, y: -k }, { c10: k }));
    const s = libraSuggestion(rows, ['x', 'y'], 'c10', 'nb201');
    assert.equal(s.advice?.beats, false);
    assert.match(s.advice!.text, /^Use x alone: no combination beat it out of sample/);
    const advice = libraAdvice(libraTableOf(rows, ['x', 'y'], 'c10')!)!;
    assert.equal(advice.combination, undefined);
    assert.throws(
        () =>
            presetOf(advice, {
                column: 'c10',
                space: 'nb201',
                dataset: 'cifar10',
                n: 6,
                bench: 'b',
            }),
        /no combination beat the best single proxy/,
    );
});
