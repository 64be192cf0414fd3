// The panel's form becomes the same run header `lswag search` writes for the same settings (so the
// CLI continues a panel run with --out or --resume, and the panel a CLI run), LIBRA presets included;
// bad forms are refused with sentences that name the panel's fields.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { headerFromArgs } from '../../../src/cli/commands/search';
import type { CliIo } from '../../../src/cli/command';
import type { LibraPreset } from '../../../src/core/libra/preset';
import { proxyIds } from '../../../src/core/proxies/index';
import { headerDifference } from '../../../src/core/search/runFile';
import { calibratedWindows } from '../../../src/host/calibrationStore';
import { savePreset } from '../../../src/host/presetStore';
import {
    FORM_DEFAULTS,
    type FormEnvironment,
    defaultBudgetsInMillions,
    headerFromForm,
    runNameFor,
} from '../../../src/extension/searchForm';
import type { SearchForm } from '../../../src/protocol/searchView';

const home = mkdtempSync(path.join(os.tmpdir(), 'lswag-form-'));
process.env.LSWAG_HOME = home;
const presetDir = path.join(home, 'presets');
const preset: LibraPreset = {
    kind: 'lswag-libra-preset',
    space: 'nb201',
    dataset: 'cifar10',
    acc: 'cifar10_test_acc',
    picks: ['synflow', 'jacov', 'params'],
    method: 'libra',
    weights: [1, 0.5, 1],
    createdFrom: { n: 100, bench: 'bench.csv' },
};
savePreset('c10', preset, presetDir);

const env: FormEnvironment = {
    data: { data: { kind: 'cifar', path: '/data/cifar10' } },
    batch: 4,
    batches: 2,
    psiSamples: 4,
    calibratedWindows: calibratedWindows(),
    presetDir,
    proxies: proxyIds,
};
const warnings: string[] = [];
const io: CliIo = { out: () => undefined, err: (t) => void warnings.push(t) };
const cli = (...args: string[]) =>
    headerFromArgs([...args, '--batch', '4', '--batches', '2', '--psi-samples', '4'], io);
const form = (change: Partial<SearchForm>): SearchForm => ({ ...FORM_DEFAULTS, ...change });

/** Equal for RunFile.open (field by field) and byte for byte as JSON. */
function assertSameHeader(a: unknown, b: unknown): void {
    assert.equal(headerDifference(a as never, b as never), undefined);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
}

test('anEvolutionFormWritesTheCliHeader', () => {
    const { header } = headerFromForm(
        form({ population: 8, generations: 3, seed: 5, paramsMin: 0.5, paramsMax: 1.2 }),
        env,
    );
    assertSameHeader(
        header,
        cli(
            '--space',
            'nb201',
            '--objective',
            'lswag',
            '--population',
            '8',
            '--generations',
            '3',
            '--seed',
            '5',
            '--params-min',
            '500k',
            '--params-max',
            '1.2M',
        ),
    );
    assert.deepEqual(header.settings.algorithm.options, {
        population: 8,
        generations: 3,
        topK: 2,
        mutations: 4,
        crossovers: 4,
        mutationProb: 0.2,
        depthProb: 0.4,
    });
    assert.deepEqual(header.settings.budget, { min: 500_000, max: 1_200_000 });
    assert.deepEqual(header.score.proxies, ['lswag']);
});

test('aRandomLibraFormOnAutoformerWritesTheCliHeaderWithTheDefaultBudget', () => {
    warnings.length = 0;
    const { header, warning } = headerFromForm(
        form({ space: 'autoformer-s', algorithm: 'random', samples: 12, objective: 'libra:c10' }),
        env,
    );
    assertSameHeader(
        header,
        cli('--space', 'autoformer-s', '--objective', 'libra:c10', '--samples', '12'),
    );
    assert.deepEqual(header.settings.objective, {
        kind: 'libra',
        name: 'c10',
        picks: ['synflow', 'jacov', 'params'],
        weights: [1, 0.5, 1],
    });
    assert.deepEqual(
        header.settings.budget,
        { min: 18e6, max: 23e6 },
        'no bounds given: the space default, as the CLI',
    );
    assert.deepEqual(header.score.proxies, ['synflow', 'jacov', 'params']);
    assert.match(warning ?? '', /chosen on nb201; searching autoformer-s/);
    assert.match(warnings.join(''), /chosen on nb201, searching autoformer-s/, 'the CLI warns too');
});

test('theDataSettingIsUsedOnlyWhenAskedAndItsProblemIsTheError', () => {
    assert.deepEqual(headerFromForm(form({ data: 'setting' }), env).header.score.data, {
        kind: 'cifar',
        path: '/data/cifar10',
    });
    assert.deepEqual(headerFromForm(form({}), env).header.score.data, { kind: 'synthetic' });
    const broken = { ...env, data: { error: "lswag.data: 'x' does not exist" } };
    assert.throws(
        () => headerFromForm(form({ data: 'setting' }), broken),
        /lswag.data: 'x' does not exist/,
    );
    assert.doesNotThrow(() => headerFromForm(form({ data: 'synthetic' }), broken));
});

test('badFormsAreRefusedWithThePanelsFieldNames', () => {
    assert.throws(
        () => headerFromForm(form({ space: 'nb301' }), env),
        /^Error: Space must be one of nb201, nb101, darts, autoformer-t/,
    );
    assert.throws(
        () => headerFromForm(form({ objective: 'accuracy' }), env),
        /Objective 'accuracy' is not a proxy/,
    );
    assert.throws(
        () => headerFromForm(form({ objective: 'libra:missing' }), env),
        /no LIBRA preset 'missing'/,
    );
    assert.throws(
        () => headerFromForm(form({ population: 0 }), env),
        /Population must be a positive integer/,
    );
    assert.throws(
        () => headerFromForm(form({ algorithm: 'random', samples: 1.5 }), env),
        /Samples must be a positive integer/,
    );
    assert.throws(
        () => headerFromForm(form({ paramsMin: 3, paramsMax: 2 }), env),
        /Params min is above Params max/,
    );
    assert.throws(
        () => headerFromForm(form({}), { ...env, batch: 0 }),
        /The lswag.batchSize setting must be a positive integer/,
    );
});

test('defaultBudgetsAndRunNames', () => {
    assert.deepEqual(defaultBudgetsInMillions(), {
        nb201: { min: null, max: null },
        nb101: { min: null, max: null },
        darts: { min: null, max: null },
        'autoformer-t': { min: null, max: null },
        'autoformer-s': { min: 18, max: 23 },
        'autoformer-b': { min: null, max: null },
    });
    const { header } = headerFromForm(form({ objective: 'libra:c10' }), env);
    const at = new Date(2025, 2, 1, 14, 22, 33);
    assert.equal(runNameFor(header, at), 'nb201-evolution-libra-c10-20250301-142233');
    const taken = new Set([
        'nb201-evolution-libra-c10-20250301-142233',
        'nb201-evolution-libra-c10-20250301-142233-2',
    ]);
    assert.equal(
        runNameFor(header, at, (n) => taken.has(n)),
        'nb201-evolution-libra-c10-20250301-142233-3',
    );
});
