// Every option validated with a clear message (issue 20): --threads 0 is auto, seeds are 32-bit
// integers, --dataset is honoured or refused, `eval --limit` takes positive counts only, impossible
// budgets are usage errors, malformed argv is refused; data warnings print without --verbose.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { engineLog } from '../../../src/cli/engineLog';
import { runCli, usageExitCode } from '../../../src/cli/main';
import { parseOptions } from '../../../src/cli/options';
import { engineSettings } from '../../../src/host/scoreOptions';
import { spaceParamRange } from '../../../src/host/searchHeader';

/** A small net with a ReLU (nwot needs one): 224 + 36 = 260 parameters. */
const NET = {
    name: 'n',
    input: [3, 8, 8],
    classes: 4,
    layers: [
        { type: 'conv', out: 8, kernel: 3, padding: 1 },
        'relu',
        'globalavgpool',
        { type: 'linear', out: 4 },
    ],
};
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-options-'));

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    return { code: await runCli(argv, io), out, err };
}

const search = [
    'search',
    '--space',
    'nb201',
    '--objective',
    'synflow',
    '--out',
    path.join(tmp, 'never.jsonl'),
];

test('badValuesAreUsageErrorsNamingTheOptionWithoutAStackTrace', async () => {
    const cases: [string[], RegExp][] = [
        [
            ['eval', '--bench', 'b.csv', '--acc', 'a', '--limit', '-1'],
            /--limit must be a positive integer, not -1/,
        ],
        [
            ['eval', '--bench', 'b.csv', '--acc', 'a', '--limit', '0'],
            /--limit must be a positive integer, not 0/,
        ],
        [
            ['eval', '--bench', 'b.csv', '--acc', 'a', '--dataset', 'mnist'],
            /--dataset must be one of cifar10, cifar100, .*imagenet16-120, not 'mnist'/,
        ],
        [['score', 'x.arch.yaml', '--dataset', 'mnist'], /--dataset must be one of cifar10/],
        [
            ['score', 'x.arch.yaml', '--seed', '4294967296'],
            /--seed must be at most 4294967295, not 4294967296/,
        ],
        [['score', 'x.arch.yaml', '--seed', '1e300'], /--seed must be at most 4294967295/],
        [
            ['score', 'x.arch.yaml', '--seed', '-1'],
            /--seed must be an integer of at least 0, not -1/,
        ],
        [
            ['score', 'x.arch.yaml', '--threads', '-1'],
            /--threads must be a positive integer, not -1/,
        ],
        [['score', 'x.arch.yaml', '--threads', '100000'], /--threads must be at most 1024/],
        [
            ['score', 'x.arch.yaml', '--batch', '0x10'],
            /option '--batch' needs a number, got '0x10'/,
        ],
        [['score', 'x.arch.yaml', '--json=false'], /option '--json' takes no value, got 'false'/],
        [['eval', '--bench', '--acc', 'a'], /option '--bench' needs a value/],
        [
            [...search, '--params-min', '900M'],
            /no nb201 architecture fits 900\.0M-inf params: the space spans 0\.\d+M-\d\.\d+M params/,
        ],
        [[...search, '--params-max', '1k'], /no nb201 architecture fits 0-0\.0M params/],
        [
            [...search, '--dataset', 'cifar100', '--space', 'autoformer-s'],
            /--dataset applies to nb201 only/,
        ],
        [
            [...search, '--samples', '20000'],
            /--samples must be at most 15625, the number of nb201 cells/,
        ],
        [[...search, '--population', '1e9'], /--population must be at most 100000/],
        [[...search, '--top', '0'], /--top must be a positive integer, not 0/],
        [
            ['calibrate', '--space', 'nb201', '--samples', '1e300'],
            /--samples must be at most 100000/,
        ],
    ];
    for (const [argv, message] of cases) {
        const { code, out, err } = await run(argv);
        assert.equal(code, usageExitCode, `${argv.join(' ')}: ${err}`);
        assert.equal(out, '');
        assert.match(err, message, argv.join(' '));
        assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    }
    assert.ok(!existsSync(path.join(tmp, 'never.jsonl')), 'a refused search writes no run file');
});

test('threadsZeroIsAutoAndScores', async () => {
    const o = parseOptions(['--threads', '0'], {}, ['threads']);
    assert.equal(o.values.threads, 0);
    assert.deepEqual(
        engineSettings(o.values),
        { device: 'auto' },
        'auto: the worker picks min(4, CPUs)',
    );
    const arch = path.join(tmp, 'one.arch.json');
    writeFileSync(arch, JSON.stringify({ family: 'layers', candidates: [NET] }));
    const r = await run([
        'score',
        arch,
        '--threads',
        '0',
        '--device',
        'cpu',
        '--proxies',
        'params,nwot',
        '--batch',
        '2',
        '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal((JSON.parse(r.out) as { results: { params: number }[] }).results[0].params, 260);
});

test('theSpaceRangesBoundEveryGenome', () => {
    const nb = spaceParamRange('nb201', 'cifar10');
    assert.ok(nb.min > 0 && nb.max > nb.min && nb.max < 2e6, JSON.stringify(nb));
    assert.ok(spaceParamRange('nb201', 'cifar100').max > nb.max, 'a larger head');
    const s = spaceParamRange('autoformer-s', 'cifar10');
    assert.ok(
        s.min < 18e6 && s.max > 23e6,
        `AutoFormer-S's default budget 18-23M lies inside ${JSON.stringify(s)}`,
    );
});

test('dataWarningsPrintWithoutVerboseOnceEachOtherWarningsOnlyWithIt', async () => {
    let err = '';
    const io: CliIo = { out: () => {}, err: (t) => (err += t) };
    const log = engineLog(io);
    log('warn', 'data: x.npy: no labels file given; all labels are 0.');
    log('warn', 'data: x.npy: no labels file given; all labels are 0.');
    log('warn', 'session cache evicted');
    log('info', 'data: 8 rows');
    log('error', 'boom');
    assert.equal(
        err,
        'engine warn: data: x.npy: no labels file given; all labels are 0.\nengine error: boom\n',
    );
    let verbose = '';
    engineLog({ out: () => {}, err: (t) => (verbose += t) }, true)('warn', 'session cache evicted');
    assert.equal(verbose, 'engine warn: session cache evicted\n');

    // The real warning, through the real worker: a .npy without labels.
    const npy = path.join(tmp, 'x.npy');
    execFileSync('/usr/bin/python3', [
        '-c',
        `import numpy as np; np.save(${JSON.stringify(npy)}, np.random.rand(8, 3, 8, 8).astype('float32'))`,
    ]);
    const arch = path.join(tmp, 'two.arch.json');
    writeFileSync(arch, JSON.stringify({ family: 'layers', candidates: [NET] }));
    const r = await run([
        'score',
        arch,
        '--data',
        npy,
        '--device',
        'cpu',
        '--threads',
        '1',
        '--proxies',
        'nwot',
        '--batch',
        '2',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /engine warn: data: .*x\.npy: no labels file given; all labels are 0/);
});
