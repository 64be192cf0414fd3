// `lswag eval` on a Suite-Zero NB101 file whose rows include one network twice (another numbering,
// other dangling vertices), as zc_nasbench101-dev.json does: the network is scored once, every row
// gets a result (so correlations use every row), and a resumed run copies a scored twin's result.
// Needs `npm run build` (the real worker).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test, { after } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import type { ScoreResult } from '../../../src/protocol/worker';
import { put, tempDir } from '../../unit/core/data/fixtures';

const { dir, cleanup } = tempDir();
after(cleanup);

/** NASLib's 56-number key: the 7x7 matrix with `edges` set, then op indices (0 in, 1 out, 2 mp, 3 c1, 4 c3). */
const naslibKey = (edges: [number, number][], ops: number[]) =>
    `(${[...Array(49).keys()]
        .map((i) => (edges.some(([a, b]) => a * 7 + b === i) ? 1 : 0) as number)
        .concat(ops)
        .join(', ')})`;

// in -> conv3x3 -> out, at vertex 1 (A) or vertex 3 (A2, A3), the other vertices dangling; B has a maxpool.
const ROWS = {
    [naslibKey(
        [
            [0, 1],
            [1, 6],
        ],
        [0, 4, 3, 2, 3, 3, 1],
    )]: { val_accuracy: 80.1 },
    [naslibKey(
        [
            [0, 1],
            [1, 6],
        ],
        [0, 2, 3, 2, 3, 3, 1],
    )]: { val_accuracy: 70.2 },
    [naslibKey(
        [
            [0, 3],
            [3, 6],
            [1, 2],
        ],
        [0, 3, 2, 4, 2, 2, 1],
    )]: { val_accuracy: 80.3 },
    [naslibKey(
        [
            [0, 3],
            [3, 6],
            [2, 4],
        ],
        [0, 4, 4, 4, 3, 2, 1],
    )]: { val_accuracy: 80.4 },
};

async function evaluate(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (s) => (out += s), err: (s) => (err += s) };
    const code = await runCli(argv, io);
    return { code, out, err };
}

const results = (file: string): ScoreResult[] =>
    readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{"key"'))
        .map((l) => (JSON.parse(l) as { result: ScoreResult }).result);

test(
    'evalScoresEachNb101NetworkOnceAndGivesEveryTwinRowItsResult',
    { timeout: 240_000 },
    async () => {
        // One row per line, so each row has its own line (and key).
        const bench = put(
            path.join(dir, 'zc_twins.json'),
            JSON.stringify({ cifar10: ROWS }, null, 1),
        );
        const out = path.join(dir, 'results.jsonl');
        const common = [
            'eval',
            '--bench',
            bench,
            '--acc',
            'val_accuracy',
            '--proxies',
            'params,synflow',
        ];
        const options = ['--batch', '2', '--batches', '1', '--psi-samples', '2', '--device', 'cpu'];
        const first = await evaluate([
            ...common,
            ...options,
            '--threads',
            '1',
            '--out',
            out,
            '--limit',
            '3',
        ]);
        assert.equal(first.code, 0, first.err);
        assert.match(first.err, /1 rows are the same network as another row/);
        assert.equal(results(out).length, 3);
        // Rows 1..4 start on lines 3, 6, 9, 12 of the file; a twin is written right after its network.
        const row = (k: number) => results(out).find((r) => r.source?.endsWith(`:${3 * k}`))!;
        const [a, b, a2] = [row(1), row(2), row(3)];
        // A2's line is A's result under A2's name: same values and the same measured seconds (not re-run).
        assert.deepEqual({ ...a2, name: a.name, source: a.source }, a);
        assert.ok(a2.source?.endsWith(':9'));
        assert.notEqual(a2.name, a.name);
        assert.notEqual(b.scores.params, a.scores.params);

        // The fourth row is A's network again: taken from the results file, nothing scored.
        const second = await evaluate([...common, ...options, '--out', out, '--json']);
        assert.equal(second.code, 0, second.err);
        assert.match(second.err, /resuming: 3 of 4 already scored/);
        assert.equal(results(out).length, 4);
        assert.deepEqual({ ...row(4), name: a.name, source: a.source }, a);
        assert.equal((JSON.parse(second.out) as { n: number }).n, 4);
    },
);
