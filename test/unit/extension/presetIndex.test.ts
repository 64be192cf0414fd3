// The preset index: newest preset per space, malformed files skipped with a log line; and the LIBRA
// rank of a result among its peers of the same family.
import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import type { LibraPreset } from '../../../src/core/libra/preset';
import { PresetIndex, libraRank } from '../../../src/extension/presetIndex';
import type { ScoreResult } from '../../../src/protocol/worker';

const preset = (space: LibraPreset['space'], picks: string[], weights?: number[]): LibraPreset => ({
    kind: 'lswag-libra-preset',
    space,
    dataset: 'cifar10',
    acc: 'cifar10',
    picks,
    method: 'libra',
    ...(weights ? { weights } : {}),
    createdFrom: { n: 10, bench: '/w/b.csv' },
});

test('theNewestPresetOfASpaceAppliesAndBadFilesAreSkipped', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-'));
    const write = (name: string, p: unknown, secondsAgo: number) => {
        const file = path.join(dir, `${name}.json`);
        writeFileSync(file, JSON.stringify(p));
        const t = Date.now() / 1000 - secondsAgo;
        utimesSync(file, t, t);
    };
    write('old', preset('nb201', ['lswag']), 100);
    write('new', preset('nb201', ['lswag', 'nwot']), 10);
    write('vit', preset('autoformer-t', ['zico']), 50);
    write('broken', { kind: 'lswag-libra-preset', space: 'nb201' }, 1);
    writeFileSync(path.join(dir, 'notes.txt'), 'not a preset');
    const logged: string[] = [];
    const index = new PresetIndex(dir, (m) => logged.push(m));
    assert.equal(index.forSpace('nb201'), undefined, 'nothing before loading');
    await index.ensureLoaded();
    assert.equal(index.forSpace('nb201')?.name, 'new');
    assert.deepEqual(index.forSpace('autoformer-t')?.preset.picks, ['zico']);
    assert.equal(index.forSpace('autoformer-b'), undefined);
    assert.equal(index.forSpace(undefined), undefined);
    assert.equal(index.all.length, 3);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /broken\.json skipped: not a LIBRA preset: bad or missing 'dataset'/);

    write('newest', preset('nb201', ['synflow']), 0);
    assert.equal(index.forSpace('nb201')?.name, 'new', 'no I/O until a refresh');
    await index.refresh();
    assert.equal(index.forSpace('nb201')?.name, 'newest');
    const missing = new PresetIndex(path.join(dir, 'absent'));
    await missing.ensureLoaded();
    assert.deepEqual(missing.all, []);
});

test('shippedPresetsAreNeverAChoiceAndUserOnesHideThemByName', async () => {
    const user = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-user-'));
    const shipped = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-shipped-'));
    writeFileSync(
        path.join(shipped, 'nb201-cifar100.json'),
        JSON.stringify(preset('nb201', ['zico'])),
    );
    writeFileSync(
        path.join(shipped, 'nb201-cifar10.json'),
        JSON.stringify(preset('nb201', ['lswag', 'nwot', 'synflow'])),
    );
    writeFileSync(path.join(shipped, 'af.json'), JSON.stringify(preset('autoformer-t', ['swap'])));
    const index = new PresetIndex(user, () => undefined, shipped);
    await index.ensureLoaded();
    // #21: lenses and the panel show a LIBRA rank only after the user chose a combination.
    assert.equal(index.forSpace('nb201'), undefined, 'a shipped preset is not a choice');
    assert.equal(index.forSpace('autoformer-t'), undefined);
    assert.equal(index.resolve('nb201-cifar10')?.origin, 'shipped', 'still a search objective');
    writeFileSync(path.join(user, 'mine.json'), JSON.stringify(preset('nb201', ['params'])));
    writeFileSync(path.join(user, 'af.json'), JSON.stringify(preset('autoformer-t', ['zico'])));
    await index.refresh();
    assert.equal(index.forSpace('nb201')?.name, 'mine', 'a user preset is a choice');
    assert.deepEqual(
        index.resolve('af')?.preset.picks,
        ['zico'],
        'the user file hides the shipped one of its name',
    );
    assert.deepEqual(
        index.named('af').map((p) => p.origin),
        ['global', 'shipped'],
    );
    assert.equal(index.all.length, 4);
});

test('workspacePresetsComeFirstAndSavesGoThereByDefault', async () => {
    const user = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-user-'));
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'lswag-presets-ws-'));
    writeFileSync(path.join(user, 'g.json'), JSON.stringify(preset('nb201', ['params'])));
    writeFileSync(path.join(workspace, 'w.json'), JSON.stringify(preset('nb201', ['nwot'])));
    const index = new PresetIndex(user, () => undefined, undefined, workspace);
    await index.ensureLoaded();
    assert.equal(index.forSpace('nb201')?.name, 'w');
    assert.equal(index.forSpace('nb201')?.origin, 'workspace');
    assert.equal(index.dirFor('workspace'), workspace);
    assert.equal(index.dirFor('global'), user);
    assert.equal(new PresetIndex(user).dirFor('workspace'), user, 'no folder open: global');
});

const result = (
    name: string,
    family: ScoreResult['family'],
    lswag: number | null,
    zico: number,
): ScoreResult => ({
    name,
    source: `/w/${name}:1`,
    family,
    params: 100,
    flops: 200,
    scores: { lswag, zico },
    errors: [],
    device: 'cpu',
    seconds: 0,
});

test('libraRankIsTheCombinationsRankAmongPeersOfTheFamily', () => {
    const a = result('a', 'nb201', 3, 1);
    const b = result('b', 'nb201', 2, 3);
    const c = result('c', 'nb201', 1, 2);
    const other = result('x', 'layers', 100, 100);
    const peers = [a, b, c, other];
    // lswag ranks (ascending, best = 3): a 3, b 2, c 1; zico: a 1, b 3, c 2.
    // Σ ln(rank/3): a ln(1)+ln(1/3) = -1.10, b ln(2/3)+ln(1) = -0.41, c ln(1/3)+ln(2/3) = -1.50.
    const p = { picks: ['lswag', 'zico'] };
    assert.deepEqual(libraRank(p, peers, a), { rank: 2, total: 3 });
    assert.deepEqual(libraRank(p, peers, b), { rank: 1, total: 3 });
    assert.deepEqual(libraRank(p, peers, c), { rank: 3, total: 3 });
    assert.deepEqual(libraRank({ picks: ['lswag'], weights: [-1] }, peers, a), {
        rank: 3,
        total: 3,
    });
    assert.equal(
        libraRank(p, peers, result('a', 'nb201', 3, 1)),
        undefined,
        'not one of the peers',
    );
    const failed = result('f', 'nb201', null, 1);
    assert.equal(libraRank(p, [...peers, failed], failed), undefined, 'a pick without a value');
    assert.deepEqual(
        libraRank({ picks: ['params'] }, peers, a),
        { rank: 1, total: 3 },
        'params from the count',
    );
});
