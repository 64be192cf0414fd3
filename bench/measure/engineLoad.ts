// Load measurement: one large score job through the real EngineClient and worker, sampling the
// worker's resident memory (/proc/<pid>/status) and this process's event-loop delay while it runs.
// Usage: node --import tsx bench/measure/engineLoad.ts [--count 2000] [--batch 4] [--channels 4]
//        [--cells 1] [--size 16] [--proxies lswag,nwot,params] [--threads 1] [--limit MB]
// Why these defaults: distinct NAS-Bench-201 cells (a new onnxruntime session each, so the session
// cache evicts and releases all the time) shrunk to 4 stem channels, 1 cell per stage and 16x16
// inputs, batch 4 x 2, so that 2,000 architectures finish in minutes on a shared 2-core machine.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { nb201CellOf } from '../../src/core/search/spaces';
import type { Nb201Spec } from '../../src/core/spec/spec';
import { Rng } from '../../src/core/util/rng';
import { EngineClient } from '../../src/engine/engineClient';
import { residentMiB } from '../../src/engine/workerProcess';
import type { ScoreOptions } from '../../src/protocol/worker';
import { buildWorker, removeWorker } from '../../test/integration/engine/workerBundle';

const { values: a } = parseArgs({
    options: {
        count: { type: 'string', default: '2000' },
        batch: { type: 'string', default: '4' },
        channels: { type: 'string', default: '4' },
        cells: { type: 'string', default: '1' },
        size: { type: 'string', default: '16' },
        proxies: { type: 'string', default: 'lswag,nwot,params' },
        threads: { type: 'string', default: '1' },
        limit: { type: 'string' },
    },
});
const count = Number(a.count);

/** `count` distinct cells, seeded (15,625 exist). */
function specs(): Nb201Spec[] {
    const rng = new Rng(2025);
    const seen = new Set<string>();
    const out: Nb201Spec[] = [];
    while (out.length < Math.min(count, 15_625)) {
        const cell = nb201CellOf(Array.from({ length: 6 }, () => rng.int(5)));
        if (seen.has(cell)) continue;
        seen.add(cell);
        out.push({
            family: 'nb201',
            name: `cell-${out.length}`,
            cell,
            classes: 10,
            imageSize: Number(a.size),
            channels: Number(a.channels),
            cellsPerStage: Number(a.cells),
        });
    }
    return out;
}

interface Sample {
    readonly seconds: number;
    readonly done: number;
    readonly rss: number;
}

/** Least-squares slope of rss over done (MiB per 1,000 architectures). */
function slope(samples: readonly Sample[]): number {
    const n = samples.length;
    if (n < 2) return NaN;
    const mx = samples.reduce((s, p) => s + p.done, 0) / n;
    const my = samples.reduce((s, p) => s + p.rss, 0) / n;
    const sxy = samples.reduce((s, p) => s + (p.done - mx) * (p.rss - my), 0);
    const sxx = samples.reduce((s, p) => s + (p.done - mx) ** 2, 0);
    return (sxy / sxx) * 1000;
}

async function main(): Promise<void> {
    const workerPath = await buildWorker();
    const client = new EngineClient({
        workerPath,
        threads: Number(a.threads),
        ...(a.limit ? { rssLimitMb: Number(a.limit) } : {}),
    });
    const options: ScoreOptions = {
        proxies: a.proxies!.split(','),
        data: { kind: 'synthetic' },
        batch: Number(a.batch),
        batches: 2,
        seed: 0,
        psiSamples: Math.min(16, Number(a.batch)),
        gradientMode: 'batches',
    };
    const list = specs();
    await client.start();
    const pid = client.pid!;
    const idle = residentMiB(pid) ?? NaN;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const samples: Sample[] = [];
    let done = 0;
    let failed = 0;
    const t0 = performance.now();
    const timer = setInterval(() => {
        const rss = residentMiB(pid);
        if (rss !== undefined)
            samples.push({ seconds: (performance.now() - t0) / 1000, done, rss });
    }, 500);
    const outcome = await client.score(list, options, {
        onResult: (r) => {
            done++;
            if (r.errors.length > 0) failed++;
            if (done % 100 === 0)
                console.error(
                    `${done}/${list.length} after ${((performance.now() - t0) / 1000).toFixed(0)} s, worker RSS ${residentMiB(pid)?.toFixed(0)} MiB`,
                );
        },
    });
    clearInterval(timer);
    delay.disable();
    const seconds = (performance.now() - t0) / 1000;
    const at = (fraction: number) =>
        samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))];
    const warm = samples.filter((s) => s.done >= list.length * 0.1);
    const peak = Math.max(...samples.map((s) => s.rss));
    const report = {
        architectures: outcome.results.length,
        withErrors: failed,
        settings: {
            ...options,
            nb201: {
                channels: Number(a.channels),
                cellsPerStage: Number(a.cells),
                imageSize: Number(a.size),
            },
            threads: Number(a.threads),
        },
        seconds: Number(seconds.toFixed(1)),
        perArchitectureMs: Number(((seconds * 1000) / list.length).toFixed(1)),
        workerRssMiB: {
            idle: Number(idle.toFixed(0)),
            start: Number(at(0.05).rss.toFixed(0)),
            middle: Number(at(0.5).rss.toFixed(0)),
            end: Number(at(0.99).rss.toFixed(0)),
            peak: Number(peak.toFixed(0)),
            slopePer1000AfterWarmup: Number(slope(warm).toFixed(2)),
        },
        hostEventLoop: {
            maxStallMs: Number((delay.max / 1e6).toFixed(1)),
            p99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
            meanMs: Number((delay.mean / 1e6).toFixed(2)),
        },
        sessionCache: outcome.cache,
    };
    console.log(JSON.stringify(report, null, 2));
    await client.stop();
    removeWorker(workerPath);
}

void main();
