// `lswag eval` with its worker SIGKILLed at seeded random moments: the engine restarts the worker and
// retries the interrupted architecture, so one run scores every architecture, each recorded exactly
// once in the results file, and the correlations cover all of them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { Rng } from '../../../src/core/util/rng';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-evalkills-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];
const N = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Children of this process whose command line names the worker (Linux /proc). */
function workerChildren(): number[] {
    return readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .flatMap((pid) => {
            try {
                const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
                const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
                return Number(stat[1]) === process.pid && stat[0] !== 'Z' && /worker/.test(cmd)
                    ? [Number(pid)]
                    : [];
            } catch {
                return [];
            }
        });
}

const resultLines = (file: string): string[] => {
    try {
        return readFileSync(file, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith('{"key"'));
    } catch {
        return [];
    }
};

test(
    'evalWithItsWorkerKilledAtRandomMomentsRecordsEveryArchitectureOnce',
    { timeout: 240_000 },
    async (t) => {
        const cell = (i: number) => {
            const e = [0, 1, 2, 3, 4, 5].map((k) => OPS[(i + k * (k + 2)) % OPS.length]);
            return `|${e[0]}~0|+|${e[1]}~0|${e[2]}~1|+|${e[3]}~0|${e[4]}~1|${e[5]}~2|`;
        };
        const bench = path.join(tmp, 'bench.csv');
        writeFileSync(
            bench,
            `index,arch,acc\n${Array.from({ length: N }, (_, i) => `${i},${cell(i)},${50 + i}`).join('\n')}\n`,
        );
        const out = path.join(tmp, 'results.jsonl');
        const rng = new Rng(2026);
        let kills = 0;
        const killer = (async () => {
            for (const after of [rng.int(2), 3 + rng.int(2)]) {
                while (resultLines(out).length < after) await sleep(5);
                await sleep(rng.int(300));
                const [pid] = workerChildren();
                if (pid === undefined) return;
                process.kill(pid, 'SIGKILL');
                kills++;
            }
        })();
        let stdout = '';
        let stderr = '';
        const io: CliIo = { out: (s) => (stdout += s), err: (s) => (stderr += s) };
        const code = await runCli(
            [
                'eval',
                '--bench',
                bench,
                '--acc',
                'acc',
                '--proxies',
                'synflow,nwot',
                '--batch',
                '4',
                '--batches',
                '2',
                '--psi-samples',
                '2',
                '--device',
                'cpu',
                '--threads',
                '1',
                '--out',
                out,
                '--json',
            ],
            io,
        );
        await Promise.race([killer, sleep(100)]);
        t.diagnostic(`killed the worker ${kills} times; exit ${code}`);
        assert.ok(kills >= 1, 'the worker was killed');
        const keys = resultLines(out).map((l) => (JSON.parse(l) as { key: string }).key);
        assert.equal(keys.length, N, `every architecture recorded: ${stderr}`);
        assert.equal(new Set(keys).size, N, 'each exactly once');
        const report = JSON.parse(stdout) as {
            schemaVersion: number;
            n: number;
            not_scored: number;
        };
        assert.equal(report.schemaVersion, 1);
        assert.equal(report.n, N);
        assert.equal(report.not_scored, 0);
        const errors = resultLines(out).flatMap(
            (l) => (JSON.parse(l) as { result: { errors: string[] } }).result.errors,
        );
        t.diagnostic(`errors: ${errors.join(' | ') || 'none'}`);
        // Exit 1 only for a failed architecture: one killed twice (seeded kills may both hit it) or a proxy error.
        assert.equal(code, errors.length > 0 ? 1 : 0, stderr);
        assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    },
);
