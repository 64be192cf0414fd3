// Checks the CLI's argument handling and exit codes without spawning a process.
import test from 'node:test';
import assert from 'node:assert/strict';
import { version } from '../../../package.json';
import { commands, runCli, usageExitCode, type CliIo } from '../../../src/cli/main';
import { SCORE_OPTIONS } from '../../../src/host/scoreOptions';

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

test('helpFlagListsEveryCommand', async () => {
    const { code, out, err } = await run(['--help']);
    assert.equal(code, 0);
    assert.equal(err, '');
    assert.match(out, /^Usage: lswag <command>/);
    const names = Object.keys(commands);
    assert.ok(names.length > 0);
    for (const name of names) assert.match(out, new RegExp(`^  ${name} `, 'm'));
});

test('commandHelpListsEachOptionWithItsHelp', async () => {
    for (const [name, command] of Object.entries(commands)) {
        if (!command.options) continue;
        const { code, out } = await run([name, '--help']);
        assert.equal(code, 0, name);
        assert.match(out, new RegExp(`^Usage: lswag ${name}`));
        for (const key of command.options.shared) {
            const def = SCORE_OPTIONS[key];
            const line = out.split('\n').find((l) => l.trimStart().startsWith(`--${def.flag} `));
            assert.ok(line?.includes(def.help), `${name} --help shows --${def.flag} with its help`);
        }
        for (const flag of Object.keys(command.options.own))
            assert.match(out, new RegExp(`^  --${flag}\\b`, 'm'), `${name} --${flag}`);
    }
    const score = (await run(['score', '--help'])).out;
    assert.match(score, /^ {2}--psi-samples S +Samples of batch 1 for sign patterns/m);
    assert.match(score, /^ {2}--device auto\|cpu\|cuda\|webgpu +Where the engine runs/m);
});

test('everyEngineCommandChecksItsOptionsBeforeStarting', async () => {
    // Why these: eval and calibrate used to pass --device and --batch unchecked to the worker.
    const cases: [string[], RegExp][] = [
        [
            ['eval', '--bench', 'b.csv', '--acc', 'a', '--device', 'gpu0'],
            /--device must be one of auto, cpu, cuda, webgpu, not 'gpu0'/,
        ],
        [
            ['eval', '--bench', 'b.csv', '--acc', 'a', '--batch', '0'],
            /--batch must be a positive integer, not 0/,
        ],
        [
            ['calibrate', '--space', 'nb201', '--device', 'tpu'],
            /--device must be one of auto, cpu, cuda, webgpu/,
        ],
        [
            ['calibrate', '--space', 'nb201', '--seed', '-1'],
            /--seed must be an integer of at least 0, not -1/,
        ],
        [
            ['calibrate', '--space', 'nb201', '--threads', '-1'],
            /--threads must be a positive integer, not -1/,
        ],
        [
            ['score', 'x.arch.yaml', '--max-worker-memory', '0'],
            /--max-worker-memory must be a positive integer, not 0/,
        ],
        [
            [
                'search',
                '--space',
                'nb201',
                '--objective',
                'synflow',
                '--out',
                'r',
                '--psi-samples',
                '0',
            ],
            /--psi-samples must be a positive integer, not 0/,
        ],
        [
            ['libra', '--bench', 'b.csv', '--acc', 'a', '--max-worker-memory', '100'],
            /unknown option '--max-worker-memory'/,
        ],
    ];
    for (const [argv, message] of cases) {
        const { code, out, err } = await run(argv);
        assert.equal(code, usageExitCode, argv.join(' '));
        assert.equal(out, '');
        assert.match(err, new RegExp(`^lswag ${argv[0]}: ${message.source}`), argv.join(' '));
        assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    }
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
    const report = JSON.parse(out) as {
        device: string;
        results: { name: string; passed: boolean; error: number }[];
    };
    assert.equal(report.device, 'cpu');
    assert.ok(report.results.length >= 5);
    for (const r of report.results)
        assert.ok(r.passed && Number.isFinite(r.error), `${r.name}: ${r.error}`);
});

test('selftestRejectsBadOptionsAsUsageErrors', async () => {
    for (const argv of [
        ['selftest', '--device', 'tpu'],
        ['selftest', '--threads', 'many'],
        ['selftest', '--frob'],
    ]) {
        const { code, err } = await run(argv);
        assert.equal(code, usageExitCode, argv.join(' '));
        assert.match(err, /^lswag selftest: .*\nUsage: lswag selftest/);
    }
});
