// The LIBRA table fills the set-level az_nas (results files store it as null): Σ over the AZ-NAS
// components and FLOPs of ln(rank/N) over the scored rows, checked against values worked out by hand.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { keyOf } from '../../../src/cli/commands/eval';
import { loadLibraTable } from '../../../src/cli/libraTable';
import { readSource } from '../../../src/core/frontends/sources';
import type { ScoreResult } from '../../../src/protocol/worker';

test('azNasIsFilledFromItsComponentsRankedOverTheScoredRows', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-libra-set-'));
    const cells = [
        '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|',
        '|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|',
        '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|',
        '|none~0|+|skip_connect~0|none~1|+|none~0|avg_pool_3x3~1|skip_connect~2|',
    ];
    const bench = path.join(dir, 'bench.csv');
    writeFileSync(
        bench,
        `index,arch,cifar10_test_acc\n${cells.map((c, i) => `${i},${c},${90 - i}`).join('\n')}\n`,
    );
    const specs = readSource(bench, 'benchmark', {}).specs;
    // Ranks (ascending, best = 4): expressivity, trainability and FLOPs 4,3,2,1; progressivity 1,2,3,4.
    const lines = [
        JSON.stringify({
            kind: 'lswag-results',
            options: {
                proxies: ['az_expressivity', 'az_progressivity', 'az_trainability', 'az_nas'],
                batch: 8,
                batches: 2,
                seed: 0,
            },
        }),
        ...specs.map((spec, i) => {
            const result: ScoreResult = {
                name: spec.name,
                source: spec.name,
                family: 'nb201',
                params: 100,
                flops: 40 - 10 * i,
                scores: {
                    az_expressivity: 4 - i,
                    az_progressivity: i,
                    az_trainability: -i,
                    az_nas: null,
                },
                errors: [],
                device: 'cpu',
                seconds: 0.1,
            };
            return JSON.stringify({ key: keyOf(spec), result });
        }),
    ];
    const results = path.join(dir, 'results.jsonl');
    writeFileSync(results, `${lines.join('\n')}\n`);
    const { table } = loadLibraTable({ bench, acc: 'cifar10_test_acc', resultsFiles: [results] });
    // Row i: three components at rank 4 - i, progressivity at rank i + 1, N = 4.
    const expected = [0, 1, 2, 3].map((i) => 3 * Math.log((4 - i) / 4) + Math.log((i + 1) / 4));
    const got = table.proxies.az_nas as number[];
    assert.equal(got.length, 4);
    got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `row ${i}: ${v}`));
});
