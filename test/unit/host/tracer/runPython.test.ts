// The child runner: a cancel or a timeout kills the child's whole process group quickly, a
// missing command is a start error (not a throw), and stdin/stdout round-trip.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runPython } from '../../../../src/host/tracer/runPython';

describe('runPython', () => {
    it('aCancelKillsTheChildAndItsChildren', async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 200);
        // `sh` starts `sleep` as a grandchild; killing only `sh` would leave the pipe open until it ends.
        const run = await runPython('sh', ['-c', 'sleep 30; echo done'], {
            timeoutMs: 60_000,
            signal: controller.signal,
        });
        assert.equal(run.stoppedBy, 'cancel');
        assert.equal(run.signal, 'SIGKILL');
        assert.equal(run.stdout, '');
        assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    });

    it('theTimeoutStopsAChildThatRunsTooLong', async () => {
        const run = await runPython('sh', ['-c', 'sleep 30'], { timeoutMs: 300 });
        assert.equal(run.stoppedBy, 'timeout');
    });

    it('aMissingCommandIsAStartError', async () => {
        const run = await runPython('/nonexistent/python3', [], { timeoutMs: 5000 });
        assert.equal(run.startError?.code, 'ENOENT');
    });

    it('stdinReachesTheChildAndStderrLinesAreReported', async () => {
        const lines: string[] = [];
        const run = await runPython('sh', ['-c', 'cat; echo warn1 >&2; echo warn2 >&2'], {
            timeoutMs: 5000,
            stdin: 'hello',
            onStderr: (l) => lines.push(l),
        });
        assert.equal(run.stdout, 'hello');
        assert.equal(run.code, 0);
        assert.deepEqual(lines, ['warn1', 'warn2']);
    });
});
