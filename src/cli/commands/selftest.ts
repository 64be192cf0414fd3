// `lswag selftest`: runs the engine self-test (tiny CNN and ViT block, forward + backward, checked
// against finite differences and per-group runs) on the chosen device and prints one line per check.
import { type SelfTestResult, runSelfTest } from '../../core/selftest/selfTest';
import { createSession } from '../../worker/ortSession';
import type { CliCommand, CliIo } from '../command';
import { UsageError, parseOptions } from '../options';

const DEVICES = ['cpu', 'webgpu', 'cuda'] as const;
type Device = (typeof DEVICES)[number];

function formatResult(r: SelfTestResult): string {
    const status = r.passed ? 'ok  ' : 'FAIL';
    return `${status} ${r.name.padEnd(36)} error ${r.error.toExponential(2)} <= ${r.tolerance.toExponential(0)}  ${r.seconds.toFixed(2)} s\n`;
}

export const selftestCommand: CliCommand = {
    summary: 'Check forward and backward graphs on this machine against finite differences.',
    usage: 'lswag selftest [--device cpu|webgpu|cuda] [--threads N] [--json]',
    async run(args: readonly string[], io: CliIo): Promise<number> {
        const opts = parseOptions(args, { device: 'string', threads: 'number', json: 'boolean' });
        const device = (opts.device ?? 'cpu') as Device;
        if (!DEVICES.includes(device)) throw new UsageError(`--device must be one of ${DEVICES.join(', ')}`);
        const threads = opts.threads ?? 2;
        const compile = (model: Uint8Array) => createSession(model, { threads, provider: device });
        const results = await runSelfTest(compile, opts.json ? undefined : (r) => io.out(formatResult(r)));
        const failed = results.filter((r) => !r.passed).length;
        if (opts.json) io.out(`${JSON.stringify({ device, threads, results }, null, 2)}\n`);
        else io.out(`${results.length - failed} passed, ${failed} failed (device ${device}, ${threads} threads)\n`);
        return failed === 0 ? 0 : 1;
    },
};
