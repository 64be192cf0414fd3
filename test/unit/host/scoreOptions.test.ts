// The one options builder: defaults from one object, checks that name the option the way its caller
// spells it, psiSamples at most the batch, and a table whose settings are the manifest's.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { resolveDataSource } from '../../../src/host/dataSource';
import { UserInputError } from '../../../src/host/errors';
import {
    type OptionDef,
    SCORE_DEFAULTS,
    SCORE_OPTIONS,
    buildScoreOptions,
    calibrationScoreOptions,
    engineSettings,
    optionsFromSettings,
    settingName,
} from '../../../src/host/scoreOptions';
import { OPTION_MINIMUMS } from '../../../src/protocol/scoreLimits';
import { validateHostMessage } from '../../../src/protocol/workerValidate';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const properties: Record<string, { default: unknown; minimum?: number }> =
    manifest.contributes.configuration.properties;
const rows = Object.entries(SCORE_OPTIONS) as [keyof typeof SCORE_OPTIONS, OptionDef][];

test('emptyInputGivesTheDefaultsAndTheWorkerAcceptsThem', () => {
    const options = buildScoreOptions({});
    assert.deepEqual(options, {
        proxies: SCORE_DEFAULTS.proxies,
        data: { kind: 'synthetic' },
        batch: 64,
        batches: 2,
        seed: 0,
        psiSamples: 16,
        gradientMode: 'batches',
    });
    const message = { type: 'score', jobId: 'j', specs: [], options };
    assert.equal(validateHostMessage(message).ok, true);
});

test('psiSamplesIsClampedToTheBatch', () => {
    assert.equal(buildScoreOptions({ batch: 8 }).psiSamples, 8);
    assert.equal(buildScoreOptions({ batch: 8, psiSamples: 3 }).psiSamples, 3);
});

test('badValuesAreRefusedNamingTheOptionAsTheCallerSpellsIt', () => {
    assert.throws(
        () => buildScoreOptions({ psiSamples: 0 }),
        (e: Error) =>
            e instanceof UserInputError &&
            e.message === '--psi-samples must be a positive integer, not 0',
    );
    assert.throws(
        () => buildScoreOptions({ batch: 0 }, settingName),
        /lswag\.batchSize must be a positive integer, not 0/,
    );
    assert.throws(
        () => buildScoreOptions({ seed: 1.5 }, (flag) => `The ${flag} field`),
        /The seed field must be an integer of at least 0, not 1\.5/,
    );
    assert.throws(
        () => buildScoreOptions({ proxies: ['lswag', 'magic'] }),
        /unknown proxy 'magic'/,
    );
});

test('everyMinimumIsTheWorkersMinimum', () => {
    // A value the host builder accepts at the edge is one the worker's check accepts too.
    const edge = buildScoreOptions({
        batch: OPTION_MINIMUMS.batch,
        batches: OPTION_MINIMUMS.batches,
        seed: OPTION_MINIMUMS.seed,
        psiSamples: OPTION_MINIMUMS.psiSamples,
    });
    assert.equal(
        validateHostMessage({ type: 'score', jobId: 'j', specs: [], options: edge }).ok,
        true,
    );
    const below = { ...edge, psiSamples: OPTION_MINIMUMS.psiSamples - 1 };
    assert.equal(
        validateHostMessage({ type: 'score', jobId: 'j', specs: [], options: below }).ok,
        false,
    );
});

test('everySettingRowIsDeclaredWithTheSameDefaultAndMinimum', () => {
    for (const [key, def] of rows) {
        assert.ok(def.help.length > 10, `${key} has help`);
        if (def.setting === undefined) continue;
        const declared = properties[`lswag.${def.setting}`];
        assert.ok(declared, `lswag.${def.setting} is in package.json`);
        const fallback = (SCORE_DEFAULTS as Record<string, unknown>)[key] ?? def.unsetSetting;
        assert.deepEqual(declared.default, fallback, `lswag.${def.setting} default`);
        const min = (OPTION_MINIMUMS as Record<string, number>)[key];
        if (declared.minimum !== undefined && def.unsetSetting === undefined)
            assert.equal(declared.minimum, min, `lswag.${def.setting} minimum`);
    }
});

test('settingsMapThroughTheSameChecksAsFlags', () => {
    const values = optionsFromSettings({
        get: <T>(k: string) => ({ batchSize: 8, psiSamples: 4, device: 'cpu', threads: 0 })[k] as T,
    });
    assert.deepEqual(values, { batch: 8, psiSamples: 4, device: 'cpu' });
    assert.deepEqual(engineSettings(values), { device: 'cpu' });
    assert.deepEqual(engineSettings({ threads: 2, maxWorkerMemoryMb: 900 }), {
        device: 'auto',
        threads: 2,
        maxWorkerMemoryMb: 900,
    });
});

test('calibrationScoresLswagProfilesWithASpaceSizedBatch', () => {
    const nb201 = calibrationScoreOptions('nb201', {});
    assert.deepEqual(
        [nb201.proxies, nb201.batch, nb201.psiSamples, nb201.collectProfile],
        [['lswag'], 64, 1, true],
    );
    assert.equal(calibrationScoreOptions('autoformer-t', {}).batch, 16);
    assert.equal(calibrationScoreOptions('autoformer-t', { batch: 4 }).batch, 4);
    assert.throws(
        () => calibrationScoreOptions('nb201', { batches: 0 }),
        /--batches must be a positive integer/,
    );
});

test('dataSourcesResolveFromTheBaseFolderAndRefuseWhatCannotBeRead', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lswag-data-'));
    mkdirSync(path.join(root, 'imgs'));
    writeFileSync(path.join(root, 'x.npy'), '');
    const how = { baseDir: root, label: '--data', labelsLabel: '--labels' };
    assert.deepEqual(resolveDataSource({ data: 'synthetic' }, how), { kind: 'synthetic' });
    assert.deepEqual(resolveDataSource({ data: 'imgs' }, how), {
        kind: 'images',
        path: path.join(root, 'imgs'),
    });
    assert.deepEqual(resolveDataSource({ data: 'x.npy', labels: 'y.npy' }, how), {
        kind: 'npy',
        path: path.join(root, 'x.npy'),
        labels: path.join(root, 'y.npy'),
    });
    assert.throws(
        () => resolveDataSource({ data: 'imgs', labels: 'y.npy' }, how),
        /--labels only goes with --data FILE\.npy/,
    );
    assert.throws(
        () => resolveDataSource({ data: 'missing' }, how),
        /--data: 'missing' does not exist/,
    );
    assert.throws(
        () => resolveDataSource({ data: 'rel' }, { label: 'lswag.data', baseDir: undefined }),
        /lswag\.data: 'rel' is relative and no folder is open/,
    );
});
