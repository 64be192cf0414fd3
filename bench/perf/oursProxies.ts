// Per-proxy time of our engine on one benchmark model, the way the worker scores an architecture:
// scoreSpec (graph build, probe, export, session from the worker's SessionCache, run, reduce).
// Usage: node --import tsx bench/perf/oursProxies.ts nb201|autoformer-t BATCH BATCHES THREADS REPEATS
//          [--proxies a,b,...|all]
// Prints one JSON line {"model", "cold": {name: s}, "cold_cpu": {name: CPU s}, "warm": {name: [s...]}, "sessions"}:
// `cold` = a new architecture in a warmed-up process (fresh cache: build + session creation + run;
// the process first scored another architecture of the space), `warm` = the same
// architecture again (session from the cache). `all` = every proxy in one scoreSpec call.
import { loadBatches } from '../../src/core/data/batches';
import { proxyIds } from '../../src/core/proxies/index';
import { scoreSpec } from '../../src/core/proxies/score';
import type { ScoreOptions } from '../../src/protocol/worker';
import { SessionCache } from '../../src/worker/sessionCache';
import { SPECS, WARM_UP_SPECS } from './specs';

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const flag = (name: string) => {
        const i = args.indexOf(`--${name}`);
        return i >= 0 ? args.splice(i, 2)[1] : undefined;
    };
    const proxiesArg = flag('proxies') ?? 'all';
    const [which, batchArg, batchesArg, threadsArg, repeatsArg] = args;
    const [batch, batches, threads, repeats] = [batchArg, batchesArg, threadsArg, repeatsArg].map(
        Number,
    );
    const spec = SPECS[which];
    if (!spec) throw new Error(`unknown model '${which}': one of ${Object.keys(SPECS).join(', ')}`);
    const names = proxiesArg === 'all' ? [...proxyIds, 'all'] : proxiesArg.split(',');
    const options = (proxies: readonly string[]): ScoreOptions => ({
        proxies,
        data: { kind: 'synthetic' },
        batch,
        batches,
        seed: 0,
        psiSamples: 16,
        gradientMode: 'batches',
    });
    // Why a warm-up: the first scoring in a process also pays one-off costs (heap growth, code
    // compilation) that a worker pays once, not per architecture; PyTorch's side warms up too.
    // Every proxy: grasp's double-backward graph needs the largest heap, and its first run in a
    // process took twice a later one (NB201: 10.7 s against 4.5 s).
    const warmUpCache = new SessionCache({ device: 'cpu', threads, capacity: 8 });
    await scoreSpec(WARM_UP_SPECS[which], {
        compile: warmUpCache.compile,
        data: (req) => loadBatches({ kind: 'synthetic' }, req),
        options: options(proxyIds),
        device: 'cpu',
    });
    await warmUpCache.clear();
    const cold: Record<string, number> = {};
    const coldCpu: Record<string, number> = {};
    const warm: Record<string, number[]> = {};
    const sessions: Record<string, number> = {};
    for (const name of names) {
        const proxies = name === 'all' ? proxyIds : [name];
        const cache = new SessionCache({ device: 'cpu', threads, capacity: 8 });
        const ctx = {
            compile: cache.compile,
            data: (req: Parameters<typeof loadBatches>[1]) =>
                loadBatches({ kind: 'synthetic' }, req),
            options: options(proxies),
            device: 'cpu' as const,
        };
        let cpuSeconds = 0;
        const once = async () => {
            const s = performance.now();
            const c0 = process.cpuUsage();
            const r = await scoreSpec(spec, ctx);
            const seconds = (performance.now() - s) / 1000;
            const used = process.cpuUsage(c0);
            cpuSeconds = (used.user + used.system) / 1e6;
            const unexpected = r.errors.filter((e) => !e.startsWith('reg_swap:'));
            if (unexpected.length > 0) throw new Error(`${name}: ${unexpected.join('; ')}`);
            return seconds;
        };
        cold[name] = await once();
        coldCpu[name] = cpuSeconds;
        warm[name] = [];
        for (let i = 0; i < repeats; i++) warm[name].push(await once());
        sessions[name] = cache.stats().created;
        await cache.clear();
    }
    console.log(
        JSON.stringify({
            model: which,
            threads,
            cold,
            cold_cpu: coldCpu,
            warm,
            sessions,
            peak_rss_mib: process.resourceUsage().maxRSS / 1024,
        }),
    );
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
