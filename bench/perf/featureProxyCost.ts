// Cost of meco, meco_opt, the AZ-NAS components, zen and epe_nas next to lswag's, measured side by
// side in one process: rounds of every proxy in turn (interleaved, so machine load hits all
// alike), each scored alone on a fresh session cache (graph build + session creation + run).
// Usage: node --import tsx bench/perf/featureProxyCost.ts nb201|autoformer-t [ROUNDS] [BATCH] [THREADS]
// Prints a Markdown table: median wall and CPU seconds per architecture, and CPU time / lswag's.
import { loadBatches } from '../../src/core/data/batches';
import { scoreSpec } from '../../src/core/proxies/score';
import type { ScoreOptions } from '../../src/protocol/worker';
import { SessionCache } from '../../src/worker/sessionCache';
import { SPECS, WARM_UP_SPECS } from './specs';

// Why one proxy per pass: meco_opt is read off meco's matrices, and the three AZ-NAS components
// (and az_nas) share one pass, so each costs what the proxy listed for its pass costs.
const PROXIES = ['lswag', 'meco', 'az_expressivity', 'zen', 'epe_nas'];
// Why expected errors are allowed: AutoFormer has no BatchNorm (zen says so), and 64 labels over
// ImageNet's 1000 classes may have no repeated class (epe_nas says so); the pass still ran.
const EXPECTED = /^(zen: the network has no BatchNorm layer|epe_nas: no class has two samples)/;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function main(): Promise<void> {
    const [which = 'nb201', roundsArg = '3', batchArg = '64', threadsArg = '1'] =
        process.argv.slice(2);
    const [rounds, batch, threads] = [roundsArg, batchArg, threadsArg].map(Number);
    const spec = SPECS[which];
    if (!spec) throw new Error(`unknown model '${which}': one of ${Object.keys(SPECS).join(', ')}`);
    const options = (proxies: readonly string[]): ScoreOptions => ({
        proxies,
        data: { kind: 'synthetic' },
        batch,
        batches: 2,
        seed: 0,
        psiSamples: 16,
        gradientMode: 'batches',
    });
    const score = async (s: typeof spec, proxies: readonly string[]) => {
        const cache = new SessionCache({ device: 'cpu', threads, capacity: 8 });
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const r = await scoreSpec(s, {
            compile: cache.compile,
            data: (req) => loadBatches({ kind: 'synthetic' }, req),
            options: options(proxies),
            device: 'cpu',
        });
        const used = process.cpuUsage(c0);
        await cache.clear();
        const unexpected = r.errors.filter((e) => !EXPECTED.test(e));
        if (unexpected.length > 0) throw new Error(unexpected.join('; '));
        return { wall: (performance.now() - t0) / 1000, cpu: (used.user + used.system) / 1e6 };
    };
    await score(WARM_UP_SPECS[which], ['meco', 'epe_nas']); // Heap growth and JIT, paid once.
    const wall: Record<string, number[]> = {};
    const cpu: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
        for (const id of PROXIES) {
            const t = await score(spec, [id]);
            (wall[id] ??= []).push(t.wall);
            (cpu[id] ??= []).push(t.cpu);
        }
    }
    const base = median(cpu.lswag);
    console.log(`${which}, B=${batch}, N=2, ${threads} thread(s), median of ${rounds} rounds`);
    console.log('| proxy | wall s | CPU s | CPU / lswag |');
    console.log('|---|---|---|---|');
    for (const id of PROXIES) {
        const c = median(cpu[id]);
        console.log(
            `| ${id} | ${median(wall[id]).toFixed(2)} | ${c.toFixed(2)} | ${(c / base).toFixed(2)} |`,
        );
    }
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
