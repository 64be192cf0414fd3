// `lswag selftest` through the real engine worker: every check on the CPU, onnxruntime kept out of
// the CLI's process, and a device that cannot run reported with its reason instead of a fallback.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import type { CliIo } from '../../../src/cli/command';
import { runCli } from '../../../src/cli/main';
import { selfTestChecks } from '../../../src/core/selftest/selfTest';

async function run(argv: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
    const code = await runCli(argv, io);
    return { code, out, err };
}

const isOnnxruntimeLoadedHere = (): boolean =>
    Object.keys(require.cache).some((file) =>
        file.includes(`${path.sep}onnxruntime-node${path.sep}`),
    );

test('selftestRunsEveryCheckInTheWorkerNotInTheCliProcess', async () => {
    const { code, out, err } = await run(['selftest', '--threads', '1']);
    assert.equal(code, 0, err);
    const lines = out.trimEnd().split('\n');
    assert.deepEqual(
        lines.slice(0, -1).map((line) => line.split(/\s+/).slice(0, 2).join(' ')),
        selfTestChecks.map((check) => `ok ${check.name}`),
    );
    assert.equal(lines.at(-1), `${selfTestChecks.length} passed, 0 failed (device cpu, 1 threads)`);
    assert.equal(
        isOnnxruntimeLoadedHere(),
        false,
        'the CLI process loaded onnxruntime-node itself',
    );
});

const cudaProvider = path.resolve(
    __dirname,
    '../../../node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so',
);

test(
    'selftestOnADeviceThatCannotRunFailsWithItsReasonInsteadOfFallingBack',
    { skip: existsSync(cudaProvider) && 'the CUDA provider is installed here' },
    async () => {
        const { code, out, err } = await run([
            'selftest',
            '--device',
            'cuda',
            '--threads',
            '1',
            '--json',
        ]);
        assert.equal(code, 1);
        assert.equal(out, '', 'no results may be printed for a device that did not run');
        assert.match(err, /^lswag selftest: device 'cuda' could not run: \S.*$/m);
        assert.doesNotMatch(err, /^\s+at /m, 'a stack trace was printed');
    },
);

test('selftestRejectsAThreadCountBelowOneAsAUsageError', async () => {
    const { code, err } = await run(['selftest', '--threads', '0']);
    assert.equal(code, 2);
    assert.match(
        err,
        /^lswag selftest: --threads must be a positive integer\nUsage: lswag selftest/,
    );
});
