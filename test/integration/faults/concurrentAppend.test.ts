// Two processes appending records to one run file and one results file at the same moment (two
// windows sharing a run folder): every line stays whole, none is lost, none is interleaved. Searches
// no longer share a run file (runLock.ts refuses the second; runFiles.test.ts), so for run files this
// is a second line of defence; results files are shared by design.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, { after } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'lswag-append-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const RECORDS = 1000;

test('twoProcessesAppendingAtOnceKeepEveryLineWhole', { timeout: 120_000 }, async () => {
    const script = path.join(__dirname, 'appendWriter.ts');
    const go = path.join(tmp, 'go');
    const runFile = path.join(tmp, 'run.jsonl');
    const resultsFile = path.join(tmp, 'results.jsonl');
    const start = (who: string) =>
        new Promise<number | null>((resolve, reject) => {
            const child = spawn(
                process.execPath,
                ['--import', 'tsx', script, runFile, resultsFile, who, `${RECORDS}`, go],
                { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
            );
            let err = '';
            child.stderr.on('data', (d) => (err += d));
            child.on('exit', (code) =>
                code === 0
                    ? resolve(code)
                    : reject(new Error(`writer ${who} exited ${code}: ${err}`)),
            );
        });
    // The file exists with its header before both start appending (as when a second window resumes).
    writeFileSync(go, '');
    await start('warmup');
    rmSync(go);
    const both = Promise.all([start('a'), start('b')]);
    while (!existsSync(`${go}.a.ready`) || !existsSync(`${go}.b.ready`))
        await new Promise((r) => setTimeout(r, 5));
    writeFileSync(go, '');
    await both;
    for (const file of [runFile, resultsFile]) {
        const lines = readFileSync(file, 'utf8').split('\n');
        assert.equal(lines.pop(), '', `${file} ends with a whole line`);
        const keys = lines
            .slice(1)
            .map((line) => (JSON.parse(line) as { key: string }).key)
            .filter((k) => !k.startsWith('warmup'));
        const fromA = keys.filter((k) => k.startsWith('a-'));
        const fromB = keys.filter((k) => k.startsWith('b-'));
        assert.equal(new Set(fromA).size, RECORDS, `${file}: every record of a`);
        assert.equal(new Set(fromB).size, RECORDS, `${file}: every record of b`);
        assert.equal(keys.length, 2 * RECORDS, `${file}: nothing else`);
        // The writers overlapped (else the test proves nothing): b's first record lies before a's last.
        assert.ok(
            keys.indexOf('b-0') < keys.indexOf(`a-${RECORDS - 1}`) &&
                keys.indexOf('a-0') < keys.indexOf(`b-${RECORDS - 1}`),
            'the two writers overlapped',
        );
    }
});
