// Settings: defaults equal package.json's and the CLI's, wrong types fall back, and a data path is
// resolved only in trusted workspaces.
import './vscodeMock';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { DEFAULT_PROXIES as CLI_DEFAULT_PROXIES } from '../../../src/cli/commands/score';
import { proxyIds } from '../../../src/core/proxies/index';
import { DEFAULT_PROXIES, readSettings, resolveData } from '../../../src/extension/config';

const manifest = JSON.parse(
    require('node:fs').readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'),
);
const properties: Record<string, { default: unknown; items?: { enum: string[] } }> =
    manifest.contributes.configuration.properties;
const source = (values: Record<string, unknown>) => ({
    get: <T>(k: string) => values[k] as T | undefined,
});

test('settingsReadWithTheDefaultsPackageJsonDeclares', () => {
    const s = readSettings(source({}));
    assert.deepEqual(s, {
        device: 'auto',
        threads: undefined,
        batchSize: 64,
        batches: 2,
        psiSamples: 16,
        proxies: DEFAULT_PROXIES,
        data: 'synthetic',
        rescoreOnSave: false,
        seed: 0,
        codeLens: true,
        maxWorkerMemoryMb: undefined,
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
        Object.keys(s).sort(),
        'every setting is declared',
    );
    assert.deepEqual(DEFAULT_PROXIES, CLI_DEFAULT_PROXIES);
    assert.deepEqual(properties['lswag.proxies'].items?.enum, proxyIds);
});

test('settingsOfTheWrongTypeFallBackToDefaults', () => {
    const s = readSettings(
        source({
            device: 'tpu',
            threads: -2,
            batchSize: 1.5,
            proxies: [],
            data: '  ',
            maxWorkerMemoryMb: 4096,
        }),
    );
    assert.equal(s.device, 'auto');
    assert.equal(s.threads, undefined);
    assert.equal(s.batchSize, 64);
    assert.deepEqual(s.proxies, DEFAULT_PROXIES);
    assert.equal(s.data, 'synthetic');
    assert.equal(s.maxWorkerMemoryMb, 4096);
    assert.deepEqual(readSettings(source({ proxies: ['zico', 'zico', 'lswag'] })).proxies, [
        'zico',
        'lswag',
    ]);
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
