// Runs the tests (test/unit/**/*.test.ts and test/integration/**/*.test.ts) with node:test and tsx,
// then prints one closing line, `N passed, N failed`, counted from a TAP copy of the run. Forwards
// node's exit code.
// Usage: node scripts/runTests.mjs [path ...] [--node-test-option ...]
//   e.g. npm run test:unit -- test/unit/core/ir --test-name-pattern=broadcast
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Why integration too: its tests start the real worker process, and `npm test` stays the one command.
const defaultDirs = ['test/unit', 'test/integration'];
const testSuffix = '.test.ts';

/** Every `*.test.ts` under `dir`, as sorted paths relative to the repository root. */
function findTests(dir) {
    return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(testSuffix))
        .map((entry) => path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)))
        .map((file) => file.split(path.sep).join('/'))
        .sort();
}

/** Expands path filters (folders or files) into test files; exits 2 on a filter that finds none. */
function selectTests(filters) {
    if (filters.length === 0) {
        return defaultDirs
            .filter((dir) => existsSync(path.join(root, dir)))
            .flatMap(findTests)
            .sort();
    }
    const files = new Set();
    for (const filter of filters) {
        const abs = path.resolve(root, filter);
        if (!existsSync(abs)) usageError(`no such test path: ${filter}`);
        const rel = path.relative(root, abs);
        const found = statSync(abs).isDirectory()
            ? findTests(rel)
            : [rel.split(path.sep).join('/')].filter((file) => file.endsWith(testSuffix));
        if (found.length === 0) usageError(`no ${testSuffix} files under ${filter}`);
        found.forEach((file) => files.add(file));
    }
    return [...files].sort();
}

function usageError(message) {
    console.error(`runTests: ${message}`);
    process.exit(2);
}

/** Reads the final `# pass N` / `# fail N` / `# cancelled N` summary of a TAP stream. */
function countTap(tap) {
    const count = (key) => {
        const matches = [...tap.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
        return matches.length === 0 ? undefined : Number(matches[matches.length - 1][1]);
    };
    const passed = count('pass');
    const failed = count('fail');
    if (passed === undefined || failed === undefined) return undefined;
    // Why: a cancelled test (timeout, failed parent, crashed file) did not pass, so it counts as failed.
    return { passed, failed: failed + (count('cancelled') ?? 0) };
}

const args = process.argv.slice(2);
const nodeOptions = args.filter((arg) => arg.startsWith('-'));
const files = selectTests(args.filter((arg) => !arg.startsWith('-')));

const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'lswag-tests-'));
const tapFile = path.join(tmpDir, 'report.tap');
try {
    const result = spawnSync(
        process.execPath,
        [
            '--import',
            'tsx',
            '--test',
            '--test-reporter=spec',
            '--test-reporter-destination=stdout',
            '--test-reporter=tap',
            `--test-reporter-destination=${tapFile}`,
            ...nodeOptions,
            ...files,
        ],
        { cwd: root, stdio: 'inherit' },
    );
    if (result.error) throw result.error;
    const counts = existsSync(tapFile) ? countTap(readFileSync(tapFile, 'utf8')) : undefined;
    let exitCode = result.status ?? 1;
    if (counts === undefined) {
        console.error('runTests: no TAP summary was written; the test run did not finish.');
        console.log('0 passed, 1 failed');
        exitCode = exitCode === 0 ? 1 : exitCode;
    } else {
        console.log(`${counts.passed} passed, ${counts.failed} failed`);
        if (counts.failed > 0 && exitCode === 0) exitCode = 1;
    }
    process.exitCode = exitCode;
} finally {
    rmSync(tmpDir, { recursive: true, force: true });
}
