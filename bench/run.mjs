// `npm run bench`: our engine and PyTorch (Debian python3-torch, when importable) on the same work,
// interleaved round by round (the order alternates) because this machine is shared and noisy;
// medians and ranges over rounds. Prints `BENCH <name> ours=<s> torch=<s> ratio=<ours/torch>` lines
// (plus `cpu_ratio`: the same ratio in CPU seconds, steadier under contention), then our-only
// lines (scaling, extension) as `BENCH <name> ours=<value>`. docs/performance.md explains each.
// Options: --quick (one round, a shorter scaling job), --rounds N, --cells N (scaling job),
//          --only nb201|autoformer-t, --proxies a,b (only these per-proxy lines; default every proxy
//          and all together), --no-torch, --no-proxies, --no-scale, --no-extension
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const has = (name) => args.includes(`--${name}`);
const value = (name, fallback) =>
    args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback;
const quick = has('quick');
const rounds = Number(value('rounds', quick ? 1 : 3));
const proxyArgs = value('proxies') ? ['--proxies', value('proxies')] : [];
const threads = Number(process.env.LSWAG_BENCH_THREADS ?? 2);
const cells = Number(value('cells', quick ? 40 : 200));
const models = [
    { model: 'nb201', batch: 64, batches: 2 },
    { model: 'autoformer-t', batch: 16, batches: 2 },
].filter((c) => !value('only') || c.model === value('only'));

// Why: the same glibc settings the worker runs under (workerMallocEnv in src/protocol/workerEnv.ts).
const oursEnv = {
    ...process.env,
    MALLOC_MMAP_THRESHOLD_: String(2 ** 32),
    MALLOC_TRIM_THRESHOLD_: String(2 ** 34),
};
// Why: our sessions never spin (allow_spinning 0); PyTorch's OpenMP and OpenBLAS threads get the same.
const torchEnv = {
    ...process.env,
    OMP_WAIT_POLICY: 'PASSIVE',
    OMP_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
};
const hasTorch =
    !has('no-torch') &&
    spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

const lastJson = (out) => JSON.parse(out.toString().trim().split('\n').pop());
const node = (script, scriptArgs) =>
    lastJson(
        execFileSync(process.execPath, ['--import', 'tsx', script, ...scriptArgs.map(String)], {
            cwd: root,
            env: oursEnv,
            maxBuffer: 1 << 26,
        }),
    );
const python = (script, scriptArgs) =>
    lastJson(
        execFileSync('/usr/bin/python3', [script, ...scriptArgs.map(String)], {
            cwd: path.join(root, 'bench', 'perf'),
            env: torchEnv,
            maxBuffer: 1 << 26,
        }),
    );

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4));
const range = (xs) => `[${fmt(Math.min(...xs))}..${fmt(Math.max(...xs))}]`;
const samples = new Map();
const add = (key, v) => samples.set(key, [...(samples.get(key) ?? []), v]);
const get = (key) => samples.get(key) ?? [];

function blasInUse() {
    const r = spawnSync('readlink', ['-f', '/usr/lib/x86_64-linux-gnu/libblas.so.3'], {
        encoding: 'utf8',
    });
    return r.status === 0 ? r.stdout.trim() : 'unknown';
}

console.log(
    `INFO ${os.cpus().length} CPUs, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, threads ${threads}, rounds ${rounds}` +
        (hasTorch
            ? `, torch BLAS ${blasInUse()}`
            : ', PyTorch not importable by /usr/bin/python3: our numbers only'),
);

if (!has('no-proxies')) {
    for (let round = 0; round < rounds; round++) {
        for (const c of models) {
            const runOurs = () => {
                const o = node('bench/perf/oursProxies.ts', [
                    c.model,
                    c.batch,
                    c.batches,
                    threads,
                    1,
                    ...proxyArgs,
                ]);
                for (const [name, s] of Object.entries(o.cold)) add(`${c.model}.ours.${name}`, s);
                for (const [name, s] of Object.entries(o.cold_cpu))
                    add(`${c.model}.ours_cpu.${name}`, s);
                for (const [name, s] of Object.entries(o.warm))
                    add(`${c.model}.ours_warm.${name}`, median(s));
                add(`${c.model}.ours.peak_rss_mib`, o.peak_rss_mib);
            };
            const runTorch = () => {
                const t = python('torch_proxies.py', [
                    c.model,
                    c.batch,
                    c.batches,
                    threads,
                    1,
                    ...proxyArgs,
                ]);
                for (const [name, s] of Object.entries(t.times))
                    add(`${c.model}.torch.${name}`, median(s));
                for (const [name, s] of Object.entries(t.cpu))
                    add(`${c.model}.torch_cpu.${name}`, median(s));
            };
            const order = round % 2 === 0 ? [runOurs, runTorch] : [runTorch, runOurs];
            for (const run of order) if (run !== runTorch || hasTorch) run();
        }
    }
    for (const c of models) {
        const line = (name, key) => {
            const o = get(`${c.model}.ours.${key}`);
            if (o.length === 0) return;
            const t = get(`${c.model}.torch.${key}`);
            if (t.length === 0)
                return console.log(`BENCH ${name} ours=${fmt(median(o))} ours_range=${range(o)}`);
            const cpu =
                median(get(`${c.model}.ours_cpu.${key}`)) /
                median(get(`${c.model}.torch_cpu.${key}`));
            console.log(
                `BENCH ${name} ours=${fmt(median(o))} torch=${fmt(median(t))} ratio=${(median(o) / median(t)).toFixed(3)} ` +
                    `cpu_ratio=${cpu.toFixed(3)} ours_range=${range(o)} torch_range=${range(t)}`,
            );
        };
        line(`lswag-${c.model}`, 'lswag');
        line(`all-proxies-${c.model}`, 'all');
        const warm = (name) => {
            const w = get(`${c.model}.ours_warm.${name}`);
            const t = get(`${c.model}.torch.${name}`);
            if (w.length > 0)
                console.log(
                    `BENCH ${name === 'all' ? 'all-proxies' : name}-${c.model}-warm ours=${fmt(median(w))}` +
                        (t.length
                            ? ` torch=${fmt(median(t))} ratio=${(median(w) / median(t)).toFixed(3)}`
                            : ''),
                );
        };
        warm('lswag');
        warm('all');
        for (const key of [...samples.keys()].filter((k) => k.startsWith(`${c.model}.ours.`))) {
            const name = key.slice(`${c.model}.ours.`.length);
            if (name !== 'all' && name !== 'peak_rss_mib') line(`proxy-${name}-${c.model}`, name);
        }
        const rss = get(`${c.model}.ours.peak_rss_mib`);
        if (rss.length)
            console.log(
                `INFO ${c.model}: peak RSS of our scoring process ${median(rss).toFixed(0)} MiB`,
            );
    }
}

if (!has('no-scale')) {
    // Small batches so that the job's length is the number of cells, not the size of each (see the doc).
    const s = node('bench/perf/scale.ts', [cells, 8, 2, threads, 'lswag']);
    console.log(`INFO scale-nb201: ${JSON.stringify(s)}`);
    console.log(`BENCH scale-nb201-early ours=${fmt(s.early_s)}`);
    console.log(
        `BENCH scale-nb201-late ours=${fmt(s.late_s)} late_over_early=${(s.late_s / s.early_s).toFixed(3)}`,
    );
    console.log(
        `BENCH scale-nb201-wall ours_early=${fmt(s.early_wall_s)} ours_late=${fmt(s.late_wall_s)} late_over_early=${(s.late_wall_s / s.early_wall_s).toFixed(3)} workers=${s.workers} (mean seconds between results, worker swaps included)`,
    );
    console.log(
        `BENCH scale-nb201-sessions ours=${s.sessions_created} distinct=${s.distinct_cells} items=${s.items} cache_hits=${s.cache_hits}`,
    );
    console.log(
        `BENCH scale-nb201-rss ours_start=${s.rss_first_tenth_mib.toFixed(0)} ours_end=${s.rss_last_tenth_mib.toFixed(0)} max=${s.rss_max_mib.toFixed(0)} (MiB, first/last tenth medians)`,
    );
    console.log(
        `BENCH stall-client ours=${(s.stall_max_ms / 1000).toFixed(4)} p99=${(s.stall_p99_ms / 1000).toFixed(4)} (s, this process's event loop during the job)`,
    );
}

if (!has('no-extension')) {
    const a = node('bench/perf/extension.ts', ['activation', quick ? 3 : 7]);
    console.log(
        `BENCH activation ours=${fmt(median(a.seconds))} range=${range(a.seconds)} require=${fmt(median(a.require_s))}`,
    );
    const l = node('bench/perf/extension.ts', ['codelens', quick ? 5 : 15]);
    console.log(`BENCH codelens-200 ours=${fmt(median(l.seconds))} range=${range(l.seconds)}`);
}
