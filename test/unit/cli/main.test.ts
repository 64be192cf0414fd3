// Checks the CLI's argument handling and exit codes without spawning a process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { version } from '../../../package.json';
import { commands, runCli, usageExitCode, type CliIo } from '../../../src/cli/main';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: CliIo = { out: (text) => (out += text), err: (text) => (err += text) };
    const code = await runCli(argv, io);
    return { code, out, err };
}

test('versionFlagPrintsPackageVersion', async () => {
    for (const flag of ['--version', '-v']) {
        assert.deepEqual(await run([flag]), { code: 0, out: `lswag ${version}\n`, err: '' });
    }
});

test('helpFlagListsEveryCommandOrSaysNoneYet', async () => {
    const { code, out, err } = await run(['--help']);
    assert.equal(code, 0);
    assert.equal(err, '');
    assert.match(out, /^Usage: lswag <command>/);
    const names = Object.keys(commands);
    if (names.length === 0) assert.match(out, /arrive in later versions/);
    for (const name of names) assert.match(out, new RegExp(`^  ${name} `, 'm'));
});

test('unknownCommandExitsWithUsageErrorNamingIt', async () => {
    const { code, out, err } = await run(['frobnicate']);
    assert.equal(code, usageExitCode);
    assert.equal(out, '');
    assert.match(err, /unknown command 'frobnicate'/);
});

test('unknownOptionAndMissingCommandAreUsageErrors', async () => {
    assert.equal((await run(['--frobnicate'])).code, usageExitCode);
    assert.equal((await run(['toString'])).code, usageExitCode);
    const bare = await run([]);
    assert.equal(bare.code, usageExitCode);
    assert.match(bare.err, /^Usage: lswag/);
});

test('selftestRunsEveryCheckAndReportsJson', async () => {
    const { code, out } = await run(['selftest', '--json', '--threads', '1']);
    assert.equal(code, 0);
    const report = JSON.parse(out) as { device: string; results: { name: string; passed: boolean; error: number }[] };
    assert.equal(report.device, 'cpu');
    assert.ok(report.results.length >= 5);
    for (const r of report.results) assert.ok(r.passed && Number.isFinite(r.error), `${r.name}: ${r.error}`);
});

test('selftestRejectsBadOptionsAsUsageErrors', async () => {
    for (const argv of [['selftest', '--device', 'tpu'], ['selftest', '--threads', 'many'], ['selftest', '--frob']]) {
        const { code, err } = await run(argv);
        assert.equal(code, usageExitCode, argv.join(' '));
        assert.match(err, /^lswag selftest: .*\nUsage: lswag selftest/);
    }
});
