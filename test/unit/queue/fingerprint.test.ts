import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';
import type { ScoreOptions } from '../../../src/core/spec/scoreOptions';
import {
    canonicalJson,
    dataDifference,
    dataFingerprint,
    optionsFingerprint,
} from '../../../src/queue/fingerprint';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-fingerprint-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const base: ScoreOptions = {
    proxies: ['lswag', 'params'],
    data: { kind: 'synthetic' },
    batch: 8,
    batches: 2,
    seed: 0,
    psiSamples: 8,
    gradientMode: 'batches',
};

function folder(name: string, files: Record<string, string>): string {
    const root = path.join(tmp, name);
    for (const [rel, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        writeFileSync(path.join(root, rel), text);
    }
    return root;
}

test('canonicalJsonIgnoresKeyOrder', () => {
    assert.equal(
        canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }),
        canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }),
    );
});

test('optionsFingerprintIgnoresTheDataPathButNotAnythingElse', () => {
    const here = { ...base, data: { kind: 'cifar', path: '/data/cifar' } } as const;
    const there = { ...base, data: { kind: 'cifar', path: '/mnt/lab/cifar' } } as const;
    assert.equal(optionsFingerprint(here, '1'), optionsFingerprint(there, '1'));
    assert.notEqual(optionsFingerprint(here, '1'), optionsFingerprint(here, '2'));
    assert.notEqual(optionsFingerprint(base, '1'), optionsFingerprint({ ...base, batch: 16 }, '1'));
    assert.notEqual(optionsFingerprint(base, '1'), optionsFingerprint(here, '1'));
});

test('syntheticDataIsItsSeedAndBatchShape', () => {
    const a = dataFingerprint(base);
    assert.equal(a.digest, dataFingerprint({ ...base, proxies: ['nwot'] }).digest);
    const b = dataFingerprint({ ...base, seed: 3 });
    assert.match(
        dataDifference(a, b)!,
        /synthetic data \(seed 0, B=8, N=2\), here synthetic data \(seed 3/,
    );
});

test('sameFilesAtAnotherPathAgreeAndADifferingFileIsNamed', () => {
    const files = { 'a/1.png': 'one', 'a/2.png': 'two', 'b/3.png': 'three', '.hidden': 'x' };
    const mine = dataFingerprint({
        ...base,
        data: { kind: 'images', path: folder('mine', files) },
    });
    const copy = dataFingerprint({
        ...base,
        data: { kind: 'images', path: folder('copy', files) },
    });
    assert.equal(dataDifference(mine, copy), undefined);
    assert.deepEqual(
        mine.files!.map((f) => f.name),
        ['a/1.png', 'a/2.png', 'b/3.png'],
    );
    const other = dataFingerprint({
        ...base,
        data: {
            kind: 'images',
            path: folder('other', { ...files, 'a/2.png': 'TWO', 'c/4.png': 'four' }),
        },
    });
    const d = dataDifference(mine, other)!;
    assert.match(
        d,
        /^the images data differs: a\/2\.png differs \(sha256 [0-9a-f]{12} expected, [0-9a-f]{12} here\); c\/4\.png is only here$/,
    );
    const fewer = dataFingerprint({
        ...base,
        data: { kind: 'images', path: folder('fewer', { 'a/1.png': 'one' }) },
    });
    assert.match(
        dataDifference(mine, fewer)!,
        /a\/2\.png is missing here; b\/3\.png is missing here/,
    );
});
