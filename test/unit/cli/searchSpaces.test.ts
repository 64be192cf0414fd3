// `lswag search --space nb101|darts` end to end through the real worker (needs `npm run build`):
// a tiny random search at a narrowed width scores distinct valid cells and exports an architecture
// file that reads back to the same networks; option misuse is a usage error.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { readArchitectureFile } from '../../../src/core/frontends/archFile';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-spaces-search-'));

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    return { code: await runCli(argv, io), out, err };
}

for (const [space, width] of [
    ['nb101', '4'],
    ['darts', '4'],
] as const) {
    test(`aTinyRandomSearchIn${space}ScoresDistinctCellsAndExportsThem`, async () => {
        const exported = path.join(tmp, `${space}.arch.yaml`);
        const r = await run([
            'search',
            '--space',
            space,
            '--objective',
            'synflow',
            '--samples',
            '2',
            '--width',
            width,
            '--batch',
            '4',
            '--batches',
            '2',
            '--seed',
            '3',
            '--device',
            'cpu',
            '--threads',
            '1',
            '--out',
            path.join(tmp, `${space}.jsonl`),
            '--export',
            exported,
        ]);
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /2 architectures scored/);
        const back = readArchitectureFile(readFileSync(exported, 'utf8'), exported);
        assert.deepEqual(back.diagnostics, []);
        assert.equal(back.specs.length, 2);
        for (const s of back.specs) {
            assert.equal(s.family, space);
            if (s.family === 'nb101') assert.equal(s.stemChannels, 4);
            if (s.family === 'darts') assert.equal(s.channels, 4);
        }
    });
}

test('widthAndPruneOptionsAreCheckedAgainstTheSpace', async () => {
    const bad = async (args: string[], pattern: RegExp) => {
        const r = await run(['search', ...args, '--out', path.join(tmp, 'x.jsonl')]);
        assert.equal(r.code, 2, r.err);
        assert.match(r.err, pattern);
    };
    await bad(
        ['--space', 'nb201', '--objective', 'synflow', '--width', '8'],
        /--width applies to nb101 and darts only/,
    );
    await bad(['--space', 'darts', '--objective', 'synflow', '--width', '7'], /even/);
    await bad(['--space', 'nb101', '--objective', 'lswag', '--prune'], /--space darts/);
    await bad(
        ['--space', 'darts', '--objective', 'lswag', '--layers', '4'],
        /--layers goes with --prune/,
    );
});
