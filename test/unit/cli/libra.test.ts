// `lswag libra` on a tiny benchmark and results file written here: picks, JSON contract, partial
// results, the missing-results hint and saving a preset.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { keyOf } from '../../../src/cli/commands/eval';
import { runCli } from '../../../src/cli/main';
import { readSource } from '../../../src/core/frontends/sources';
import type { ScoreResult } from '../../../src/protocol/worker';

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const N = 12;

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    return { code: await runCli(argv, io), out, err };
}

/** A benchmark of N NB201 cells (accuracy = row order) and an eval results file for the first `scored`. */
function fixture(scored = N) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-libra-'));
    const cell = (i: number) => {
        const e = [0, 1, 2, 3, 4, 5].map((k) => OPS[(i + k * (k + 1)) % OPS.length]);
        return `|${e[0]}~0|+|${e[1]}~0|${e[2]}~1|+|${e[3]}~0|${e[4]}~1|${e[5]}~2|`;
    };
    const bench = path.join(dir, `${path.basename(dir)}.csv`); // Unique: no default results file exists.
    const rows = Array.from({ length: N }, (_, i) => `${i},${cell(i)},${(50 + i * 3).toFixed(2)}`);
    writeFileSync(bench, `index,arch,cifar10_test_acc\n${rows.join('\n')}\n`);
    const specs = readSource(bench, 'benchmark', {}).specs;
    const proxies = ['synflow', 'nwot', 'zico', 'flat'];
    const synflow = [0, 2, 1, 3, 5, 4, 6, 8, 7, 9, 11, 10];
    const nwot = [1, 0, 2, null, 4, 6, 5, 7, 10, 8, 9, 11];
    const lines = [
        JSON.stringify({
            kind: 'lswag-results',
            options: { proxies, batch: 8, batches: 2, seed: 0 },
        }),
    ];
    specs.slice(0, scored).forEach((spec, i) => {
        const result: ScoreResult = {
            name: spec.name,
            source: spec.name,
            family: 'nb201',
            params: 1000 + ((i * 5) % N),
            flops: null,
            scores: { synflow: synflow[i], nwot: nwot[i], zico: (i * 7) % N, flat: 1 },
            errors: [],
            device: 'cpu',
            seconds: 0.1,
        };
        lines.push(JSON.stringify({ key: keyOf(spec), result }));
    });
    const results = path.join(dir, 'results.jsonl');
    writeFileSync(results, `${lines.join('\n')}\n`);
    return { dir, bench, results };
}

test('libraJsonFollowsTheContractAndSavesAPreset', async () => {
    const { dir, bench, results } = fixture();
    process.env.LSWAG_HOME = dir;
    try {
        const r = await run([
            'libra',
            '--bench',
            bench,
            '--acc',
            'cifar10_test_acc',
            '--results',
            results,
            '--json',
            '--save-preset',
            'tiny',
            '--space',
            'nb201',
        ]);
        assert.equal(r.code, 0, r.err);
        const json = JSON.parse(r.out);
        assert.equal(json.n, N);
        assert.equal(json.best_single.proxy, 'synflow');
        assert.equal(json.picks[0].proxy, 'synflow');
        for (const p of json.picks)
            assert.deepEqual(Object.keys(p).sort(), ['bias', 'ig', 'proxy', 'spearman', 'why']);
        assert.equal(typeof json.combined_spearman, 'number');
        assert.ok(json.notes.some((n: string) => /flat/.test(n)));
        assert.ok(json.notes.some((n: string) => /nwot: 1 of 12 scores missing/.test(n)));
        // The preset saves the out-of-sample recommendation (by default) with both held-out numbers.
        const oos = json.out_of_sample;
        assert.equal(oos.protocol, '5-fold cross-validation (seed 0)');
        assert.equal(oos.best_single.folds.length, 5);
        assert.match(oos.warning, /Only 12 labelled architectures: below 75/);
        const preset = JSON.parse(readFileSync(path.join(dir, 'presets', 'tiny.json'), 'utf8'));
        assert.deepEqual(preset.picks, oos.recommendation.picks);
        assert.equal(preset.method, oos.recommendation.rule);
        assert.equal(preset.space, 'nb201');
        assert.equal(preset.createdFrom.n, N);
        assert.equal(
            preset.createdFrom.out_of_sample.combined_spearman,
            oos.combination.out_of_sample,
        );
        assert.equal(
            preset.createdFrom.out_of_sample.best_single.spearman,
            oos.best_single.out_of_sample,
        );
        assert.equal(preset.createdFrom.out_of_sample.beats_best_single, oos.beats_best_single);
        // --method libra saves the faithful picks instead.
        const faithful = await run([
            'libra',
            '--bench',
            bench,
            '--acc',
            'cifar10_test_acc',
            '--results',
            results,
            '--save-preset',
            'faithful',
            '--space',
            'nb201',
            '--method',
            'libra',
        ]);
        assert.equal(faithful.code, 0, faithful.err);
        const saved = JSON.parse(readFileSync(path.join(dir, 'presets', 'faithful.json'), 'utf8'));
        assert.deepEqual(
            saved.picks,
            json.picks.map((p: { proxy: string }) => p.proxy),
        );
        assert.equal(saved.method, 'libra');
        assert.equal(saved.dataset, 'cifar10');
        // Without --dataset, an AutoFormer preset records ImageNet (its accuracies), not CIFAR-10.
        const vit = await run([
            'libra',
            '--bench',
            bench,
            '--acc',
            'cifar10_test_acc',
            '--results',
            results,
            '--save-preset',
            'vit',
            '--space',
            'autoformer-t',
        ]);
        assert.equal(vit.code, 0, vit.err);
        const vitPreset = JSON.parse(readFileSync(path.join(dir, 'presets', 'vit.json'), 'utf8'));
        assert.equal(vitPreset.dataset, 'imagenet');
        // The same name again (or a shipped one) is refused without --force, and the file is kept.
        const again = await run([
            'libra',
            '--bench',
            bench,
            '--acc',
            'cifar10_test_acc',
            '--results',
            results,
            '--save-preset',
            'faithful',
            '--space',
            'nb201',
            '--method',
            'top3',
        ]);
        assert.equal(again.code, 1);
        assert.match(again.err, /a preset 'faithful' exists .*pass --force/);
        assert.equal(
            JSON.parse(readFileSync(path.join(dir, 'presets', 'faithful.json'), 'utf8')).method,
            'libra',
        );
        const shipped = await run([
            'libra',
            '--bench',
            bench,
            '--acc',
            'cifar10_test_acc',
            '--results',
            results,
            '--save-preset',
            'nb201-cifar10',
            '--space',
            'nb201',
        ]);
        assert.equal(shipped.code, 1);
        assert.match(shipped.err, /media\/presets\/nb201-cifar10\.json/);
    } finally {
        delete process.env.LSWAG_HOME;
    }
});

test('libraTextShowsPicksNextToBestSingleAndAzNas', async () => {
    const { bench, results } = fixture();
    const r = await run([
        'libra',
        '--bench',
        bench,
        '--acc',
        'cifar10_test_acc',
        '--results',
        results,
        '--bins',
        '4',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^z1 {2}synflow /m);
    assert.match(r.out, /best single proxy \(synflow\) +rho 0\.\d{3}/);
    assert.match(r.out, /AZ-NAS sum over all 3 usable proxies +rho/);
    assert.match(r.out, /libra-distinct \(/);
    assert.match(r.out, /in-sample/);
    assert.match(r.out, /Out of sample, 5-fold cross-validation \(seed 0\), n = 12:/);
    assert.match(r.out, /^ {2}best-single \(synflow\) +\d\.\d{3} +\d\.\d{3}$/m);
    assert.match(r.out, /^> greedy \(/m);
    assert.match(r.out, /^Recommendation: Use /m);
    assert.match(r.out, /^Warning: Only 12 labelled architectures/m);
});

test('libraHoldsOutAFractionWhenAsked', async () => {
    const { bench, results } = fixture();
    const base = ['libra', '--bench', bench, '--acc', 'cifar10_test_acc', '--results', results];
    const r = await run([...base, '--holdout', '0.25', '--seed', '3', '--rule', 'top2', '--json']);
    assert.equal(r.code, 0, r.err);
    const oos = JSON.parse(r.out).out_of_sample;
    assert.equal(oos.protocol, '25% held out (seed 3)');
    assert.equal(oos.combination.rule, 'top2');
    assert.equal(oos.combination.folds.length, 1);
});

test('libraUsesOnlyTheScoredRowsAndSaysSo', async () => {
    const { bench, results } = fixture(8);
    const r = await run([
        'libra',
        '--bench',
        bench,
        '--acc',
        'cifar10_test_acc',
        '--results',
        results,
        '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(JSON.parse(r.out).n, 8);
    assert.match(r.err, /using the 8 of 12 labelled architectures scored/);
});

test('libraWithoutResultsAsksForEvalFirst', async () => {
    const { bench } = fixture();
    const r = await run(['libra', '--bench', bench, '--acc', 'cifar10_test_acc']);
    assert.equal(r.code, 1);
    assert.match(r.err, /score the benchmark first: lswag eval --bench .* --acc cifar10_test_acc/);
});

test('libraRejectsBadOptions', async () => {
    const { bench, results } = fixture();
    const base = ['libra', '--bench', bench, '--acc', 'cifar10_test_acc', '--results', results];
    assert.equal((await run([...base, '--acc', 'nope'])).code, 2);
    assert.equal((await run([...base, '--save-preset', 'x'])).code, 2); // No --space.
    assert.equal((await run([...base, '--save-preset', '../x', '--space', 'nb201'])).code, 2);
    assert.equal((await run([...base, '--method', 'vote'])).code, 2);
    assert.equal((await run([...base, '--rule', 'best-single'])).code, 2);
    assert.equal((await run([...base, '--folds', '1'])).code, 2);
    assert.equal((await run([...base, '--folds', '3', '--holdout', '0.2'])).code, 2);
    assert.equal((await run([...base, '--holdout', '1.5'])).code, 2);
});

test('libraJoinsProxiesScoredInSeparateResultsFiles', async () => {
    const { dir, bench, results } = fixture();
    const [header, ...lines] = readFileSync(results, 'utf8').trim().split('\n');
    const options = JSON.parse(header).options;
    // Split the scores: synflow/flat in one file, nwot/zico in another that misses the last row.
    const part = (keep: string[], rows: string[], extra: object = {}) =>
        [
            JSON.stringify({
                kind: 'lswag-results',
                options: { ...options, ...extra, proxies: keep },
            }),
            ...rows.map((l) => {
                const r = JSON.parse(l);
                r.result.scores = Object.fromEntries(keep.map((p) => [p, r.result.scores[p]]));
                return JSON.stringify(r);
            }),
        ].join('\n') + '\n';
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    writeFileSync(a, part(['synflow', 'flat'], lines));
    writeFileSync(b, part(['nwot', 'zico'], lines.slice(0, -1)));
    const whole = JSON.parse(
        (
            await run([
                'libra',
                '--bench',
                bench,
                '--acc',
                'cifar10_test_acc',
                '--results',
                results,
                '--json',
            ])
        ).out,
    );
    const r = await run([
        'libra',
        '--bench',
        bench,
        '--acc',
        'cifar10_test_acc',
        '--results',
        `${a},${b}`,
        '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    const joined = JSON.parse(r.out);
    assert.equal(joined.n, N - 1, 'only rows every file scored');
    assert.equal(joined.best_single.proxy, whole.best_single.proxy);
    assert.deepEqual(
        joined.picks.map((p: { proxy: string }) => p.proxy).sort(),
        whole.picks.map((p: { proxy: string }) => p.proxy).sort(),
    );
    const c = path.join(dir, 'c.jsonl');
    writeFileSync(c, part(['nwot'], lines, { seed: 3 }));
    const mismatch = await run([
        'libra',
        '--bench',
        bench,
        '--acc',
        'cifar10_test_acc',
        '--results',
        `${a},${c}`,
    ]);
    assert.equal(mismatch.code, 2);
    assert.match(
        mismatch.err,
        /c\.jsonl was scored with other data, batch, mini-batches, seed or gradient mode/,
    );
});
