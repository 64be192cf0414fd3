// Queue throughput (issue 24): the same labelled NB201 cells evaluated locally and through the queue
// with 1, 2 and 3 `lswag worker` processes on this machine, one run after another against one private
// redis-server. Workers start (and load onnxruntime) before their run is timed. Prints
// `BENCH queue-<what> ...` lines: seconds, architectures per second, the ratio to 1 worker, and the
// queue's overhead per job against the local run. Needs `npm run build` and redis-server.
// Usage: npx tsx bench/queue/throughput.ts [--cells N] [--batch B]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
    type Running,
    lswag,
    missingPrerequisite,
    startRedis,
    waitUntil,
    writeBench,
} from '../../test/integration/queue/queueHarness';

const args = process.argv.slice(2);
const value = (name: string, fallback: number) =>
    args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback;
const cells = value('cells', 40);
const batch = value('batch', 8);

async function timed(run: Running): Promise<number> {
    const began = performance.now();
    const code = await run.exited;
    if (code !== 0) throw new Error(`exit ${code}\n${run.output}`);
    return (performance.now() - began) / 1000;
}

/** Seconds the engines reported scoring (summed over the results file): the rest is overhead. */
function scoringSeconds(file: string): number {
    return readFileSync(file, 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .reduce(
            (s, line) => s + (JSON.parse(line) as { result: { seconds: number } }).result.seconds,
            0,
        );
}

async function main(): Promise<void> {
    const missing = missingPrerequisite();
    if (missing) throw new Error(missing);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-queue-bench-'));
    const redis = await startRedis();
    const bench = path.join(dir, 'bench.arch.yaml');
    writeBench(bench, cells);
    const scoreArgs = [
        '--batch',
        `${batch}`,
        '--batches',
        '2',
        '--proxies',
        'lswag,params,nwot',
        '--threads',
        '1',
    ];
    const evalArgs = (out: string) => [
        'eval',
        '--bench',
        bench,
        '--acc',
        'acc',
        ...scoreArgs,
        '--out',
        out,
    ];
    const workers: Running[] = [];
    try {
        // Why a local run before and after: the machine is shared, and the drift between the two
        // says how far the queue's numbers can be trusted.
        const localRun = async (name: string) => {
            const seconds = await timed(lswag(evalArgs(`${name}.jsonl`), dir));
            const scoring = scoringSeconds(path.join(dir, `${name}.jsonl`));
            console.log(
                `BENCH queue-${name} cells=${cells} seconds=${seconds.toFixed(2)} per_arch=${(seconds / cells).toFixed(3)} scoring_s=${scoring.toFixed(2)}`,
            );
            return seconds;
        };
        const local = await localRun('local-before');
        let one = 0;
        for (const k of [1, 2, 3]) {
            while (workers.length < k) {
                const name = `w${workers.length + 1}`;
                const w = lswag(
                    ['worker', '--queue', redis.url, '--threads', '1', '--name', name],
                    dir,
                );
                workers.push(w);
                await waitUntil(
                    () => /waiting for jobs/.test(w.output),
                    'a worker',
                    60_000,
                    () => w.output,
                );
            }
            const out = `queue${k}.jsonl`;
            const seconds = await timed(lswag([...evalArgs(out), '--queue', redis.url], dir));
            one ||= seconds;
            const scoring = scoringSeconds(path.join(dir, out));
            const line = [
                `BENCH queue-workers-${k}`,
                `cells=${cells}`,
                `seconds=${seconds.toFixed(2)}`,
                `arch_per_s=${(cells / seconds).toFixed(2)}`,
                `speedup_vs_1=${(one / seconds).toFixed(2)}`,
                `scoring_s=${scoring.toFixed(2)}`,
            ];
            if (k === 1)
                line.push(`overhead_per_job_ms=${(((seconds - local) / cells) * 1000).toFixed(0)}`);
            console.log(line.join(' '));
        }
        await localRun('local-after');
    } finally {
        for (const w of workers) w.child.kill('SIGKILL');
        await Promise.all(workers.map((w) => w.exited));
        await redis.stop();
        rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
});
