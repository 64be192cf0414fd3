// The rankings message the host posts: column order, known accuracies on the rows, the agreement
// matrix, one insight per accuracy column, and a LIBRA combination as the `libra` score column.
import assert from 'node:assert/strict';
import test from 'node:test';
import { presetScore } from '../../../src/core/libra/preset';
import { genomeToSpec, sampleGenome } from '../../../src/core/search/spaces';
import { Rng } from '../../../src/core/util/rng';
import {
    type RankingsView,
    rankingsMessage,
    viewSpace,
} from '../../../src/extension/rankingsMessage';
import type { HostToWebviewMessage } from '../../../src/protocol/webview';
import { FIXTURE_FILE, labelledView } from './rankingsFixture';

type Rankings = Extract<HostToWebviewMessage, { type: 'rankings' }>;
const relative = (f: string) => f.replace('/work-space/', '');

test('aLabelledViewCarriesAccuraciesAgreementAndOneInsightPerColumn', () => {
    const view = labelledView();
    const m = rankingsMessage(view, relative) as Rankings;
    assert.deepEqual(
        m.proxies,
        ['lswag', 'zico', 'nwot', 'synflow'],
        'counts have their own columns',
    );
    assert.equal(m.rows[0].label, 'bench/cells.arch.yaml:3');
    assert.equal(
        m.labels?.lswag,
        'L-SWAG',
        'chart titles name the ranking proxy as people know it',
    );
    assert.equal(m.labels?.zico, 'ZiCo');
    assert.deepEqual(m.rows[0].accuracy, view.rows[0].spec!.accuracy);
    assert.equal(m.rows[1].accuracy?.cifar100, undefined);
    assert.deepEqual(m.agreement?.proxies, ['lswag', 'zico', 'nwot', 'synflow', 'params']);
    assert.deepEqual(
        m.accuracy?.map((a) => [a.column, a.n]),
        [
            ['cifar10', 14],
            ['cifar100', 7],
        ],
    );
    const c10 = m.accuracy![0];
    assert.deepEqual(
        c10.correlations.map((c) => c.proxy).sort(),
        ['flops', 'lswag', 'nwot', 'params', 'synflow', 'zico'],
        'LIBRA and correlations use every scored proxy, counts included (as lswag libra does)',
    );
    assert.ok(c10.libra.notes.some((n) => /synflow: 1 of 14 scores missing/.test(n)));
    assert.equal(m.combined, undefined);
});

test('anUnlabelledViewHasNoAccuracyInsights', () => {
    const view = labelledView(5);
    const bare: RankingsView = {
        ...view,
        rows: view.rows.map(({ file, result }) => ({ file, result })),
    };
    const m = rankingsMessage(bare, relative) as Rankings;
    assert.deepEqual(m.accuracy, []);
    assert.ok(m.rows.every((r) => r.accuracy === undefined));
    assert.equal(viewSpace(bare), undefined, 'without specs no space is known');
});

test('aCombinationBecomesTheLibraColumnRankedWithinTheSpace', () => {
    const view = labelledView(6);
    const layers: RankingsView['rows'][number] = {
        file: FIXTURE_FILE,
        result: {
            ...view.rows[0].result,
            name: 'mlp',
            family: 'layers',
            source: `${FIXTURE_FILE}:40`,
        },
        spec: { family: 'layers', name: 'mlp', input: [4], classes: 3, layers: [] } as never,
    };
    const mixed: RankingsView = { ...view, rows: [...view.rows, layers] };
    assert.equal(viewSpace(mixed), 'nb201', 'rows outside every space do not change the space');
    const combo = { picks: ['lswag', 'nwot'], origin: 'preset p' };
    const m = rankingsMessage(mixed, relative, undefined, { combined: combo }) as Rankings;
    assert.equal(m.proxies.at(-1), 'libra');
    assert.deepEqual(m.combined, combo);
    const expected = presetScore(
        combo,
        view.rows.map((r) => r.result.scores),
    );
    assert.deepEqual(
        m.rows.slice(0, 6).map((r) => r.scores.libra),
        expected,
    );
    assert.equal(
        m.rows[6].scores.libra,
        null,
        'the layer-list row is not ranked by an nb201 preset',
    );
    const none = rankingsMessage(view, relative, undefined, {
        combined: { picks: ['grasp'], origin: 'x' },
    }) as Rankings;
    assert.equal(none.combined, undefined, 'a preset whose pick was not scored adds no column');
    assert.ok(!none.proxies.includes('libra'));
});

test('viewsMixingSpacesHaveNoSpace', () => {
    const rng = new Rng(3);
    const view = labelledView(2);
    const vit = genomeToSpec(sampleGenome('autoformer-t', rng));
    const mixed: RankingsView = {
        ...view,
        rows: [
            ...view.rows,
            { file: FIXTURE_FILE, result: { ...view.rows[0].result, name: vit.name }, spec: vit },
        ],
    };
    assert.equal(viewSpace(view), 'nb201');
    assert.equal(viewSpace(mixed), undefined);
});
