// What one pruning-search evaluation costs, the old way (every candidate its own rebuilt graph:
// build + backward, export, session creation, run) beside the gated supernet (one model and one
// session per run, a candidate = one run with its gate values), in one process on the same
// candidates (the first K of round 0) with the worker's own scorer path and session cache.
// Prints one JSON line: per way, the first evaluation (it builds the gated model) and the median
// of the rest, and the 780-evaluation run that median projects.
// Usage: node --import tsx bench/perf/supernetCost.ts [CHANNELS=4] [LAYERS=3] [BATCH=8] [K=6] [OBJECTIVE=lswag]
import { loadBatches } from '../../src/core/data/batches';
import { type ScoreContext, scoreSpec } from '../../src/core/proxies/score';
import { PRUNE_PROBE_DEFAULTS, planPrune, pruneEvaluations } from '../../src/core/search/pruning';
import { gatedSupernetProbe } from '../../src/core/proxies/gatedSupernet';
import type { ScoreOptions } from '../../src/core/spec/scoreOptions';
import { SessionCache } from '../../src/worker/sessionCache';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;

async function main() {
    const [channels = 4, layers = 3, batch = PRUNE_PROBE_DEFAULTS.batch, k = 6] = process.argv
        .slice(2, 6)
        .map(Number);
    const objective = process.argv[6] ?? 'lswag';
    const settings = {
        objective: { kind: 'proxy', proxy: objective } as const,
        channels,
        layers,
        imageSize: 32,
        classes: 10,
    };
    const plan = planPrune(settings, new Map());
    if (plan.done) throw new Error('a fresh plan is never done');
    const specs = plan.missing.slice(0, k).map((c) => c.spec);
    const options: ScoreOptions = {
        proxies: [objective],
        data: { kind: 'synthetic' },
        batch,
        batches: PRUNE_PROBE_DEFAULTS.batches,
        seed: 0,
        psiSamples: batch,
        gradientMode: 'batches',
    };
    const measure = async (gated: boolean) => {
        const cache = new SessionCache({ device: 'cpu', threads: 1 });
        const ctx: ScoreContext = {
            compile: cache.compile,
            data: (req) => loadBatches(options.data, req),
            options,
            device: 'cpu',
        };
        const seconds: number[] = [];
        const values: (number | null)[] = [];
        for (const spec of specs) {
            const t = performance.now();
            const r = await scoreSpec(spec, ctx, gated ? gatedSupernetProbe : undefined);
            seconds.push((performance.now() - t) / 1000);
            values.push(r.scores[objective]);
        }
        const stats = cache.stats();
        await cache.clear();
        const rest = median(seconds.slice(1));
        return {
            first_s: round(seconds[0]),
            median_rest_s: round(rest),
            sessions_created: stats.created,
            projected_run_min: round((seconds[0] + rest * (pruneEvaluations() - 1)) / 60),
            values,
        };
    };
    const rebuilt = await measure(false);
    const gated = await measure(true);
    // Float32 rounding differs between the two graphs; lswag's and zico's 1/std over N = 2 groups amplify it.
    const maxRelativeDifference = Math.max(
        ...rebuilt.values.map(
            (v, i) => Math.abs(v! - gated.values[i]!) / Math.max(1, Math.abs(v!)),
        ),
    );
    console.log(
        JSON.stringify({
            channels,
            layers,
            batch,
            candidates: k,
            objective,
            rebuilt,
            gated,
            maxRelativeDifference,
        }),
    );
}
void main();
