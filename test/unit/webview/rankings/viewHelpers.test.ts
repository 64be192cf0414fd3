// The rankings page's pure helpers: theme colour arithmetic, the heatmap's cell colour, chart tick
// labels and points, and the LIBRA summary sentence.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { LibraSuggestion, RankingRow } from '../../../../src/protocol/webview';
import { fmt, libraSummary } from '../../../../webview/rankings/accuracyView';
import { logTickLabel, scatterPoints, tickLabel } from '../../../../webview/rankings/charts';
import { agreementBackground, withAlpha } from '../../../../webview/rankings/theme';

test('coloursTakeAnAlphaWhateverFormTheThemeGives', () => {
    assert.equal(withAlpha('#3794ff', 0.5), 'rgba(55, 148, 255, 0.5)');
    assert.equal(withAlpha('#abc', 1), 'rgba(170, 187, 204, 1)');
    assert.equal(withAlpha('#3794ffcc', 0.25), 'rgba(55, 148, 255, 0.25)');
    assert.equal(withAlpha('rgba(97, 97, 97, 0.5)', 0.2), 'rgba(97, 97, 97, 0.2)');
    assert.equal(withAlpha(' rgb(1,2,3) ', 2), 'rgba(1, 2, 3, 1)', 'alpha is clamped');
    assert.equal(withAlpha('hsl(1 2% 3%)', 0.5), 'hsl(1 2% 3%)', 'unknown forms pass through');
});

test('heatmapCellsMixTheThemesBlueOrRedByTheStrengthOfRho', () => {
    assert.equal(
        agreementBackground(1),
        'color-mix(in srgb, var(--vscode-charts-blue, #3794ff) 65%, transparent)',
    );
    assert.equal(
        agreementBackground(-0.5),
        'color-mix(in srgb, var(--vscode-charts-red, #f14c4c) 33%, transparent)',
    );
    assert.equal(
        agreementBackground(0),
        'color-mix(in srgb, var(--vscode-charts-blue, #3794ff) 0%, transparent)',
    );
    assert.equal(agreementBackground(null), '');
    assert.equal(agreementBackground(Number.NaN), '');
});

test('tickLabelsAreShortAndLogAxesLabelOnly125', () => {
    assert.equal(tickLabel(960000000), '960M');
    assert.equal(tickLabel(1250), '1.25K');
    assert.equal(tickLabel(0.25), '0.25');
    assert.equal(tickLabel(0.001), '1e-3');
    assert.equal(tickLabel(-8.5), '-8.5');
    assert.deepEqual([1e5, 2e5, 3e5, 5e5, 1.8e5, 1e6].map(logTickLabel), [
        '100K',
        '200K',
        '',
        '500K',
        '',
        '1M',
    ]);
    assert.equal(logTickLabel(0), '');
});

const row = (name: string, params: number | null, lswag: number | null): RankingRow => ({
    key: name,
    name,
    source: name,
    label: name,
    family: 'nb201',
    params,
    flops: null,
    scores: { lswag },
    errors: [],
});

test('scatterPointsKeepOnlyRowsWithBothValues', () => {
    const rows = [
        row('a', 10, 1),
        row('b', null, 2),
        row('c', 0, 3),
        row('d', 5, Number.NaN),
        row('e', 7, 4),
    ];
    const linear = scatterPoints(
        rows,
        (r) => r.params,
        (r) => r.scores.lswag,
    );
    assert.deepEqual(
        linear.map((p) => p.name),
        ['a', 'c', 'e'],
    );
    const log = scatterPoints(
        rows,
        (r) => r.params,
        (r) => r.scores.lswag,
        true,
    );
    assert.deepEqual(
        log.map((p) => [p.name, p.x, p.y]),
        [
            ['a', 10, 1],
            ['e', 7, 4],
        ],
        'a log axis drops 0',
    );
});

const suggestion = (combined: number | null, best: number): LibraSuggestion => ({
    picks: [
        { role: 'z1', proxy: 'lswag', spearman: best, ig: null, bias: 0.5, why: '' },
        { role: 'z2', proxy: 'nwot', spearman: 0.8, ig: 0.1, bias: 0.6, why: '' },
    ],
    combinedSpearman: combined,
    bestSingle: { proxy: 'lswag', spearman: best },
    accuracyBias: 0.5,
    band: 0.1,
    bins: 24,
    notes: [],
});

test('theLibraSummaryComparesTheCombinationWithTheBestSingleProxy', () => {
    assert.equal(
        libraSummary(suggestion(0.846, 0.852), 500),
        'Combined ranking Σ log(rank/N) of lswag + nwot: Spearman ρ = 0.846 on 500 architectures, below the best single proxy (lswag, ρ = 0.852).',
    );
    assert.match(libraSummary(suggestion(0.9, 0.852), 10), /above the best single proxy/);
    assert.match(
        libraSummary(suggestion(0.852, 0.852), 10),
        /equal to the best single proxy \(lswag\)\.$/,
    );
    assert.match(libraSummary(suggestion(null, 0.852), 10), /ρ = – on 10 architectures\.$/);
    assert.equal(
        libraSummary({ ...suggestion(null, 1), picks: [] }, 2),
        'LIBRA chose no proxies (see below).',
    );
    assert.equal(fmt(undefined), '\u2013');
});
