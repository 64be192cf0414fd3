// Scaling over a long job: scores CELLS distinct NAS-Bench-201 cells (plus repeats of some) in one
// job through the real engine (EngineClient -> worker process -> SessionCache -> onnxruntime),
// the way the CLI and the extension do. Reports time per cell early vs late, sessions created vs
// distinct compiled models, the worker's RSS at start and end, and the longest event-loop stall of
// this (client) process while the job ran (perf_hooks.monitorEventLoopDelay). The engine replaces
// its worker every few hundred sessions: RSS is read from whichever worker is current, and the
// wall time between results (which includes those swaps) is reported next to the worker's own.
// Usage: node --import tsx bench/perf/scale.ts CELLS BATCH BATCHES THREADS [proxies]
// Prints one JSON line.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EngineClient } from '../../src/engine/engineClient';
import { residentMiB } from '../../src/engine/workerProcess';
import type { ArchitectureSpec } from '../../src/core/spec/spec';
import { NB201_DEFAULTS } from '../../src/core/spec/defaults';
import { nb201Cell } from './specs';

const root = path.resolve(__dirname, '..', '..');
/** Every REPEAT_EVERY-th item repeats the one before: the cache must serve it without a new session. */
const REPEAT_EVERY = 10;

async function main(): Promise<void> {
    const [cellsArg, batchArg, batchesArg, threadsArg, proxiesArg = 'lswag'] =
        process.argv.slice(2);
    const [cells, batch, batches, threads] = [cellsArg, batchArg, batchesArg, threadsArg].map(
        Number,
    );
    const specs: ArchitectureSpec[] = [];
    for (let k = 0; specs.length < cells + Math.floor(cells / REPEAT_EVERY); k++) {
        // Why the stride: consecutive indices differ in one edge; a prime stride spreads over the space.
        const cell = nb201Cell((k * 7919) % 15625);
        specs.push({ family: 'nb201', name: `cell${k}`, cell, ...NB201_DEFAULTS });
        if ((k + 1) % REPEAT_EVERY === 0)
            specs.push({ family: 'nb201', name: `cell${k}-again`, cell, ...NB201_DEFAULTS });
    }
    const distinct = new Set(specs.map((s) => (s.family === 'nb201' ? s.cell : ''))).size;
    const proxies = proxiesArg.split(',');
    const client = new EngineClient({
        workerPath: path.join(root, 'src', 'worker', 'main.ts'),
        execArgv: ['--import', 'tsx'],
        device: 'cpu',
        threads,
    });
    await client.start();
    const rssStart = residentMiB(client.pid!) ?? NaN;
    const rss: number[] = [];
    const seconds: number[] = [];
    const gaps: number[] = [];
    const pids = new Set<number>();
    const items: { name: string; seconds: number; gap: number; pid: number }[] = [];
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // Which items the long stalls fall next to (a worker swap? a result?): a 10 ms ticker's lateness.
    const longStalls: { ms: number; afterItem: number; pid: number }[] = [];
    let tick = performance.now();
    const ticker = setInterval(() => {
        const now = performance.now();
        const late = now - tick - 10;
        if (late > 30)
            longStalls.push({
                ms: Math.round(late),
                afterItem: seconds.length,
                pid: client.pid ?? 0,
            });
        tick = now;
    }, 10);
    const started = performance.now();
    let last = started;
    const outcome = await client.score(
        specs,
        {
            proxies,
            data: { kind: 'synthetic' },
            batch,
            batches,
            seed: 0,
            psiSamples: Math.min(16, batch),
            gradientMode: 'batches',
        },
        {
            onResult: (r) => {
                const now = performance.now();
                gaps.push((now - last) / 1000);
                last = now;
                seconds.push(r.seconds);
                const pid = client.pid!;
                pids.add(pid);
                items.push({ name: r.name, seconds: r.seconds, gap: gaps[gaps.length - 1], pid });
                rss.push(residentMiB(pid) ?? NaN);
                if (r.errors.length > 0) throw new Error(`${r.name}: ${r.errors.join('; ')}`);
            },
        },
    );
    const wall = (performance.now() - started) / 1000;
    delay.disable();
    clearInterval(ticker);
    const rssEnd = residentMiB(client.pid!) ?? NaN;
    await client.stop();
    // For analysis: one line per item (seconds in the worker, wall gap, worker pid).
    if (process.env.SCALE_ITEMS_FILE)
        writeFileSync(process.env.SCALE_ITEMS_FILE, items.map((i) => JSON.stringify(i)).join('\n'));
    const tenth = Math.max(1, Math.floor(seconds.length / 10));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
        JSON.stringify({
            items: specs.length,
            distinct_cells: distinct,
            proxies,
            batch,
            batches,
            wall_s: wall,
            early_s: median(seconds.slice(0, tenth)),
            late_s: median(seconds.slice(-tenth)),
            // Means, so that worker swaps inside a tenth are charged to it.
            early_wall_s: mean(gaps.slice(0, tenth)),
            late_wall_s: mean(gaps.slice(-tenth)),
            workers: pids.size,
            sessions_created: outcome.cache?.created ?? null,
            cache_hits: outcome.cache?.hits ?? null,
            rss_start_mib: rssStart,
            rss_first_tenth_mib: median(rss.slice(0, tenth)),
            rss_last_tenth_mib: median(rss.slice(-tenth)),
            rss_end_mib: rssEnd,
            rss_max_mib: Math.max(...rss),
            stall_max_ms: delay.max / 1e6,
            stall_p99_ms: delay.percentile(99) / 1e6,
            stalls_over_30ms: longStalls,
        }),
    );
}

main().then(
    () => process.exit(0),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
