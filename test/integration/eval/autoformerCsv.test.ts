// `lswag eval` on a benchmark CSV in the AutoFormer dev files' format (an `arch` column of JSON
// configs, an accuracy column) with a flat folder of ImageNet-style images, and its resumption:
// a second run with a larger --limit scores only the new rows, under the same results header.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import test, { after } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { put, solidJpeg, tempDir } from '../../unit/core/data/fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);

/** A small ViT (32x32 input, patch 16) in the dev files' JSON shape; `depth` sets its size. */
function config(depth: number, embed: number): string {
    const arch = {
        embed_dim: embed,
        depth,
        mlp_ratio: Array.from({ length: depth }, (_, l) => (l % 2 ? 2 : 1.5)),
        num_heads: Array.from({ length: depth }, (_, l) => 1 + (l % 2)),
        image_size: 32,
        patch_size: 16,
        classes: 10,
    };
    // The dev files quote the JSON and double its quotes, as CSV writers do.
    return `"${JSON.stringify(arch).replaceAll('"', '""')}"`;
}

const ROWS = [
    [1, 16, 70.5],
    [2, 16, 71.25],
    [2, 24, 72.0],
] as const;

function writeBench(): string {
    const lines = ROWS.map(([depth, embed, acc]) => `${config(depth, embed)},${acc}`);
    return put(path.join(dir, 'autoformer-dev.csv'), `arch,imagenet_acc\n${lines.join('\n')}\n`);
}

/** Eight 40x40 JPEGs named wnid_name, as in an ImageNet sample folder (two classes). */
function writeImages(): string {
    const folder = path.join(dir, 'images');
    for (let i = 0; i < 8; i++) {
        const wnid = i % 2 ? 'n01440764_tench' : 'n01484850_shark';
        put(path.join(folder, `${wnid}${i}.JPEG`), solidJpeg(40, 40, [30 * i, 200 - 20 * i, 90]));
    }
    return folder;
}

async function evaluate(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (s) => (out += s), err: (s) => (err += s) };
    const code = await runCli(argv, io);
    return { code, out, err };
}

const resultKeys = (file: string): string[] =>
    readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"key"'))
        .map((l) => (JSON.parse(l) as { key: string }).key);

test(
    'evalReadsAutoformerCsvWithImagesAndResumesWithoutRescoring',
    { timeout: 240_000 },
    async () => {
        const bench = writeBench();
        const images = writeImages();
        const results = path.join(dir, 'results.jsonl');
        const common = [
            'eval',
            '--bench',
            bench,
            '--acc',
            'imagenet_acc',
            '--proxies',
            'lswag,params',
            '--data',
            images,
            '--batch',
            '4',
            '--psi-samples',
            '4',
            '--device',
            'cpu',
            '--threads',
            '1',
            '--out',
            results,
            '--json',
        ];
        const first = await evaluate([...common, '--limit', '2']);
        assert.equal(first.code, 0, first.err);
        assert.equal(JSON.parse(first.out).n, 2);
        assert.deepEqual(resultKeys(results), ['autoformer-row1@2', 'autoformer-row2@3']);
        const firstLines = readFileSync(results, 'utf8');
        const header = JSON.parse(firstLines.split('\n')[0]) as {
            options: { data: { kind: string }; calibratedWindows?: Record<string, unknown> };
        };
        assert.equal(header.options.data.kind, 'images');
        // These small ViTs belong to no AutoFormer space: no space's window enters the header.
        assert.deepEqual(header.options.calibratedWindows, {});

        const second = await evaluate([...common, '--limit', '3']);
        assert.equal(second.code, 0, second.err);
        assert.match(second.err, /resuming: 2 of 3 already scored/);
        const report = JSON.parse(second.out) as {
            n: number;
            correlations: Record<string, { spearman: number | null }>;
        };
        assert.equal(report.n, 3);
        // The first two lines are kept byte for byte; only the third row was scored.
        assert.ok(readFileSync(results, 'utf8').startsWith(firstLines));
        assert.deepEqual(resultKeys(results), [
            'autoformer-row1@2',
            'autoformer-row2@3',
            'autoformer-row3@4',
        ]);
        // Accuracy rises with size here, and so does #params: rho = 1 proves the rows were matched.
        assert.equal(report.correlations.params.spearman, 1);
        assert.equal(typeof report.correlations.lswag.spearman, 'number');
    },
);

test('evalResultsHeaderIgnoresWindowsOfOtherSpaces', { timeout: 120_000 }, async () => {
    // A window calibrated for an AutoFormer space between two runs must not refuse the resume of
    // an evaluation of other architectures.
    const home = path.join(dir, 'home');
    const bench = writeBench();
    const results = path.join(dir, 'other-space.jsonl');
    const argv = [
        'eval',
        '--bench',
        bench,
        '--acc',
        'imagenet_acc',
        '--proxies',
        'params',
        '--limit',
        '1',
        '--device',
        'cpu',
        '--threads',
        '1',
        '--out',
        results,
        '--json',
    ];
    const saved = process.env.LSWAG_HOME;
    process.env.LSWAG_HOME = home;
    try {
        assert.equal((await evaluate(argv)).code, 0);
        const profile = { space: 'autoformer-b', window: [3, 5], profile: [], layerCounts: [] };
        put(path.join(home, 'calibration', 'autoformer-b.json'), JSON.stringify(profile));
        const again = await evaluate(argv);
        assert.equal(again.code, 0, again.err);
        assert.match(again.err, /resuming: 1 of 1/);
    } finally {
        if (saved === undefined) delete process.env.LSWAG_HOME;
        else process.env.LSWAG_HOME = saved;
        rmSync(home, { recursive: true, force: true });
    }
});
