// Settings: defaults equal package.json's and the CLI's (one defaults object), wrong values fall back
// with a warning, and a data path is resolved only in trusted workspaces.
import './vscodeMock';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { proxyIds } from '../../../src/core/proxies/index';
import { SETTING_NAMES, readSettings, resolveData } from '../../../src/extension/config';
import { SCORE_DEFAULTS } from '../../../src/host/scoreOptions';
import { DEVICE_CHOICES } from '../../../src/protocol/scoreLimits';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const properties: Record<
    string,
    { default: unknown; enum?: string[]; items?: { enum: string[] } }
> = manifest.contributes.configuration.properties;
const source = (values: Record<string, unknown>) => ({
    get: <T>(k: string) => values[k] as T | undefined,
});

test('settingsReadWithTheDefaultsPackageJsonDeclares', () => {
    const s = readSettings(source({}));
    assert.deepEqual(s, {
        device: 'auto',
        batch: 64,
        batches: 2,
        psiSamples: 16,
        proxies: ['lswag', 'params', 'flops', 'zico', 'swap', 'nwot', 'synflow'],
        data: 'synthetic',
        gradientMode: 'batches',
        rescoreOnSave: false,
        seed: 0,
        codeLens: true,
        usePython: true,
    });
    const declared = Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k.replace('lswag.', ''), v.default]),
    );
    assert.deepEqual(
        readSettings(source(declared)),
        s,
        'package.json defaults read as the built-in ones',
    );
    assert.deepEqual(
        Object.keys(declared).sort(),
        [...SETTING_NAMES].sort(),
        'every setting is declared',
    );
    assert.deepEqual(declared.proxies, SCORE_DEFAULTS.proxies);
    assert.deepEqual(properties['lswag.proxies'].items?.enum, proxyIds);
    assert.deepEqual(properties['lswag.device'].enum, DEVICE_CHOICES);
});

test('settingsOfTheWrongTypeFallBackToDefaultsWithAWarning', () => {
    const warnings: string[] = [];
    const s = readSettings(
        source({
            device: 'tpu',
            threads: -2,
            batchSize: 1.5,
            proxies: [],
            data: '  ',
            maxWorkerMemoryMb: 4096,
        }),
        (m) => warnings.push(m),
    );
    assert.equal(s.device, 'auto');
    assert.equal(s.threads, undefined);
    assert.equal(s.batch, 64);
    assert.deepEqual(s.proxies, SCORE_DEFAULTS.proxies);
    assert.equal(s.data, 'synthetic');
    assert.equal(s.maxWorkerMemoryMb, 4096);
    assert.deepEqual(readSettings(source({ proxies: ['zico', 'zico', 'lswag'] })).proxies, [
        'zico',
        'lswag',
    ]);
    assert.deepEqual(warnings, [
        'lswag.proxies must name at least one proxy (known: ' +
            proxyIds.join(', ') +
            ", or 'all'); using the default",
        "lswag.data must be a path or 'synthetic', not '  '; using the default",
        'lswag.batchSize must be a positive integer, not 1.5; using the default',
        "lswag.device must be one of auto, cpu, cuda, webgpu, not 'tpu'; using the default",
        'lswag.threads must be a positive integer, not -2; using the default',
    ]);
    assert.equal(
        readSettings(source({ threads: 0, maxWorkerMemoryMb: 0 })).threads,
        undefined,
        '0 = not set',
    );
});

test('dataPathsResolveOnlyInTrustedWorkspaces', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'lswag-data-'));
    try {
        mkdirSync(path.join(root, 'cifar'));
        writeFileSync(path.join(root, 'cifar', 'data_batch_1.bin'), '');
        mkdirSync(path.join(root, 'images'));
        writeFileSync(path.join(root, 'x.npy'), '');
        const trusted = { isTrusted: true, workspaceRoot: root };
        assert.deepEqual(resolveData('cifar', trusted), {
            data: { kind: 'cifar', path: path.join(root, 'cifar') },
        });
        assert.deepEqual(resolveData('${workspaceFolder}/images', trusted), {
            data: { kind: 'images', path: path.join(root, 'images') },
        });
        assert.deepEqual(resolveData(path.join(root, 'x.npy'), trusted), {
            data: { kind: 'npy', path: path.join(root, 'x.npy') },
        });
        assert.match(
            (resolveData('missing', trusted) as { error: string }).error,
            /does not exist/,
        );
        assert.deepEqual(resolveData('cifar', { isTrusted: false, workspaceRoot: root }), {
            data: { kind: 'synthetic' },
        });
        assert.deepEqual(resolveData('synthetic', trusted), { data: { kind: 'synthetic' } });
    } finally {
        rmSync(root, { recursive: true, force: true });
    }
});
