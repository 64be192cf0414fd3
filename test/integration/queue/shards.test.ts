// `--shard i/n` and `lswag merge` (issue 24): shards of an eval (and of a score) cover every
// architecture exactly once, their merge equals the unsharded run, and merge refuses shards scored
// with other options or other data, naming the difference.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';
import { parseShard, takeShard } from '../../../src/cli/shardHeader';
import {
    type Running,
    lswag,
    missingPrerequisite,
    readResults,
    writeBench,
    writeNpy,
} from './queueHarness';

const skip = missingPrerequisite()?.startsWith('no dist') ? missingPrerequisite() : undefined;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-shards-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const finished = async (r: Running) => ({
    code: await r.exited,
    output: r.output,
    stdout: r.stdout,
});
const FAST = ['--batch', '4', '--batches', '2', '--proxies', 'params,nwot', '--threads', '1'];

test('shardsAreRoundRobinSlicesThatCoverEverythingOnce', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const slices = [0, 1, 2].map((index) => takeShard(items, { index, count: 3 }));
    assert.deepEqual(slices, [
        [0, 3, 6, 9],
        [1, 4, 7],
        [2, 5, 8],
    ]);
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    for (const bad of ['3/3', '1/0', '-1/2', '1', 'a/b', '1/2/3'])
        assert.throws(() => parseShard(bad), /--shard must be i\/n/, bad);
});

test('mergedEvalShardsEqualTheWholeEval', { skip, timeout: 240_000 }, async () => {
    const bench = path.join(tmp, 'bench.arch.yaml');
    writeBench(bench, 7);
    const evalArgs = ['eval', '--bench', bench, '--acc', 'acc', ...FAST];
    const runs = await Promise.all(
        [
            [...evalArgs, '--shard', '0/2', '--out', 's0.jsonl'],
            [...evalArgs, '--shard', '1/2', '--out', 's1.jsonl'],
            [...evalArgs, '--out', 'whole.jsonl', '--json'],
        ].map((args) => finished(lswag(args, tmp))),
    );
    for (const r of runs) assert.equal(r.code, 0, r.output);
    const s0 = readResults(readFileSync(path.join(tmp, 's0.jsonl'), 'utf8'));
    const s1 = readResults(readFileSync(path.join(tmp, 's1.jsonl'), 'utf8'));
    assert.deepEqual([s0.scores.size, s1.scores.size], [4, 3]);

    const merge = await finished(
        lswag(['merge', '--out', 'all.jsonl', 's0.jsonl', 's1.jsonl'], tmp),
    );
    assert.equal(merge.code, 0, merge.output);
    assert.match(merge.output, /merged 7 results from 2 files into all\.jsonl/);
    const all = readResults(readFileSync(path.join(tmp, 'all.jsonl'), 'utf8'));
    const whole = readResults(readFileSync(path.join(tmp, 'whole.jsonl'), 'utf8'));
    assert.deepEqual(new Map([...all.scores].sort()), new Map([...whole.scores].sort()));
    // The merged file is an ordinary results file: eval reports from it without scoring again.
    const report = await finished(lswag([...evalArgs, '--out', 'all.jsonl', '--json'], tmp));
    assert.equal(report.code, 0, report.output);
    assert.match(report.output, /resuming: 7 of 7 already scored/);
    const json = (text: string) =>
        JSON.parse(text.slice(text.indexOf('{'))) as { correlations: unknown };
    assert.deepEqual(json(report.stdout).correlations, json(runs[2].stdout).correlations);

    // A missing shard is reported; merging into an existing file is refused.
    const partial = await finished(lswag(['merge', '--out', 'part.jsonl', 's1.jsonl'], tmp));
    assert.match(partial.output, /warning: shards 0\/2 are not among the files/);
    const again = await finished(lswag(['merge', '--out', 'all.jsonl', 's0.jsonl'], tmp));
    assert.equal(again.code, 2);
    assert.match(again.output, /all\.jsonl exists/);
});

test('mergeRefusesShardsWithOtherOptionsOrOtherData', { skip, timeout: 240_000 }, async () => {
    const bench = path.join(tmp, 'bench2.arch.yaml');
    writeBench(bench, 2);
    writeNpy(path.join(tmp, 'a', 'data.npy'), 8, 1);
    writeNpy(path.join(tmp, 'b', 'data.npy'), 8, 2);
    const evalArgs = [
        'eval',
        '--bench',
        bench,
        '--acc',
        'acc',
        '--proxies',
        'params',
        '--batch',
        '4',
        '--threads',
        '1',
    ];
    const runs = await Promise.all(
        [
            ['--shard', '0/2', '--out', 'r0.jsonl'],
            ['--shard', '1/2', '--out', 'r1-seed.jsonl', '--seed', '5'],
            ['--shard', '0/2', '--out', 'd0.jsonl', '--data', path.join('a', 'data.npy')],
            ['--shard', '1/2', '--out', 'd1.jsonl', '--data', path.join('b', 'data.npy')],
            ['--out', 'plain.jsonl'],
        ].map((extra) => finished(lswag([...evalArgs, ...extra], tmp))),
    );
    for (const r of runs) assert.equal(r.code, 0, r.output);
    const seed = await finished(
        lswag(['merge', '--out', 'x.jsonl', 'r0.jsonl', 'r1-seed.jsonl'], tmp),
    );
    assert.equal(seed.code, 2);
    assert.match(
        seed.output,
        /cannot merge r1-seed\.jsonl: its options differ from r0\.jsonl's \(seed\)/,
    );
    const data = await finished(lswag(['merge', '--out', 'y.jsonl', 'd0.jsonl', 'd1.jsonl'], tmp));
    assert.equal(data.code, 2);
    assert.match(
        data.output,
        /cannot merge d1\.jsonl: the npy data differs: data\.npy differs \(sha256/,
    );
    const plain = await finished(
        lswag(['merge', '--out', 'z.jsonl', 'r0.jsonl', 'plain.jsonl'], tmp),
    );
    assert.match(plain.output, /plain\.jsonl has no fingerprints to check/);
});

test('scoreShardsRecordTheirSliceAndMerge', { skip, timeout: 240_000 }, async () => {
    const bench = path.join(tmp, 'score.arch.yaml');
    writeBench(bench, 5);
    const runs = await Promise.all(
        ['0/2', '1/2'].map((shard, i) =>
            finished(
                lswag(
                    [
                        'score',
                        bench,
                        ...FAST,
                        '--shard',
                        shard,
                        '--out',
                        `score${i}.jsonl`,
                        '--json',
                    ],
                    tmp,
                ),
            ),
        ),
    );
    for (const r of runs) assert.equal(r.code, 0, r.output);
    const names = runs.map((r) =>
        (JSON.parse(r.stdout) as { results: { name: string }[] }).results.map((x) => x.name),
    );
    assert.deepEqual(names, [
        ['c0', 'c2', 'c4'],
        ['c1', 'c3'],
    ]);
    const merge = await finished(
        lswag(['merge', '--out', 'scores.jsonl', 'score0.jsonl', 'score1.jsonl'], tmp),
    );
    assert.equal(merge.code, 0, merge.output);
    const all = readResults(readFileSync(path.join(tmp, 'scores.jsonl'), 'utf8'));
    assert.deepEqual([...all.counts.keys()].map((k) => k.split('#')[1]).sort(), [
        'c0',
        'c1',
        'c2',
        'c3',
        'c4',
    ]);
});
