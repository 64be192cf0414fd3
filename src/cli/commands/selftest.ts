// `lswag selftest`: runs the engine self-test (tiny CNN and ViT block, forward + backward, checked
// against finite differences and per-group runs) in the engine worker on the chosen device, the way
// scoring runs, and prints one line per check. Only the worker loads onnxruntime.
import { DEVICE_NAMES } from '../../protocol/scoreLimits';
import type { DeviceName, SelfTestResult } from '../../protocol/worker';
import type { CliCommand, CliIo } from '../command';
import { createEngine } from '../engine';
import { UsageError, parseOptions } from '../options';

const WORKER_STDERR = '[worker stderr] ';

function formatResult(r: SelfTestResult): string {
    const status = r.passed ? 'ok  ' : 'FAIL';
    return `${status} ${r.name.padEnd(36)} error ${r.error.toExponential(2)} <= ${r.tolerance.toExponential(0)}  ${r.seconds.toFixed(2)} s\n`;
}

/**
 * Runs every check on `device`. Why no CPU fallback, unlike scoring: the self-test checks one
 * provider, so a provider that cannot run (at the worker's probe, or for one check's session) is
 * the answer: its reason is printed and the exit code is 1.
 */
async function runOnWorker(
    device: DeviceName,
    threads: number,
    isJson: boolean,
    io: CliIo,
): Promise<number> {
    const reasons: string[] = [];
    const engine = createEngine({ device, threads }, (level, message) => {
        // Why passed through: what onnxruntime and its providers print (Dawn's warnings, say) went
        // to this process's stderr when the self-test ran here; it is the clue to a missing driver.
        if (message.startsWith(WORKER_STDERR)) io.err(`${message.slice(WORKER_STDERR.length)}\n`);
        else if (level !== 'info') reasons.push(message);
    });
    const fail = (why: string): number => {
        io.err(`lswag selftest: ${why}\n`);
        return 1;
    };
    try {
        const report = await engine.start();
        if (report.device !== device) {
            const skipped = report.skipped.find((s) => s.device === device);
            const reason = skipped?.reason ?? `the worker chose ${report.device}`;
            return fail(`device '${device}' could not run: ${reason}`);
        }
        const fellBack: string[] = [];
        const outcome = await engine.selftest({
            onResult: (r: SelfTestResult, used: DeviceName) => {
                if (used !== device) fellBack.push(r.name);
                if (!isJson) io.out(formatResult(r));
            },
        });
        if (fellBack.length > 0) {
            const why = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
            const checks = fellBack.join(', ');
            return fail(`device '${device}' could not run ${checks} (it ran on cpu)${why}`);
        }
        const results = outcome.results;
        const failed = results.filter((r) => !r.passed).length;
        if (isJson) io.out(`${JSON.stringify({ device, threads, results }, null, 2)}\n`);
        else
            io.out(
                `${results.length - failed} passed, ${failed} failed (device ${device}, ${threads} threads)\n`,
            );
        return failed === 0 ? 0 : 1;
    } catch (e) {
        return fail(e instanceof Error ? e.message : String(e));
    } finally {
        await engine.stop();
    }
}

export const selftestCommand: CliCommand = {
    summary: 'Check forward and backward graphs on this machine against finite differences.',
    usage: `lswag selftest [--device ${DEVICE_NAMES.join('|')}] [--threads N] [--json]`,
    async run(args: readonly string[], io: CliIo): Promise<number> {
        const opts = parseOptions(args, { device: 'string', threads: 'number', json: 'boolean' });
        const device = (opts.device ?? 'cpu') as DeviceName;
        if (!DEVICE_NAMES.includes(device))
            throw new UsageError(`--device must be one of ${DEVICE_NAMES.join(', ')}`);
        const threads = opts.threads ?? 2;
        if (!Number.isInteger(threads) || threads < 1)
            throw new UsageError('--threads must be a positive integer');
        return runOnWorker(device, threads, Boolean(opts.json), io);
    },
};
