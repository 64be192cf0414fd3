// `lswag calibrate` saves a per-bin profile and window; `lswag score` then uses and reports it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/command';

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    return { code: await runCli(argv, io), out, err };
}

test('calibrationIsSavedAndThenUsedByScoring', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'lswag-home-'));
    process.env.LSWAG_HOME = home;
    try {
        const cal = await run([
            'calibrate',
            '--space',
            'nb201',
            '--samples',
            '2',
            '--batch',
            '8',
            '--device',
            'cpu',
            '--json',
        ]);
        assert.equal(cal.code, 0, cal.err);
        const profile = JSON.parse(cal.out) as {
            samples: number;
            profile: (number | null)[];
            window: [number, number];
            file: string;
        };
        assert.equal(profile.samples, 2);
        assert.equal(profile.profile.length, 10);
        assert.ok(existsSync(path.join(home, 'calibration', 'nb201.json')));
        assert.deepEqual(JSON.parse(readFileSync(profile.file, 'utf8')).window, profile.window);

        const notes = path.join(home, 'cell.md');
        writeFileSync(
            notes,
            '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|\n',
        );
        const scored = await run([
            'score',
            notes,
            '--proxies',
            'lswag',
            '--batch',
            '8',
            '--device',
            'cpu',
            '--json',
        ]);
        assert.equal(scored.code, 0, scored.err);
        const [result] = JSON.parse(scored.out).results as {
            window: { lo: number; hi: number; source: string };
        }[];
        assert.deepEqual(result.window, {
            lo: profile.window[0],
            hi: profile.window[1],
            source: 'calibrated',
        });
        const explicit = await run([
            'score',
            notes,
            '--proxies',
            'lswag',
            '--batch',
            '8',
            '--device',
            'cpu',
            '--window',
            '2-5',
            '--json',
        ]);
        assert.deepEqual(JSON.parse(explicit.out).results[0].window, {
            lo: 2,
            hi: 5,
            source: 'option',
        });
    } finally {
        delete process.env.LSWAG_HOME;
    }
});
