// Why our fisher agrees less with NAS-Bench-Suite-Zero than the other proxies: our per-layer fisher
// terms aggregated two ways, summed over channels (docs/proxies.md: what `fisher` reports) and
// weighted by the layer's fan-in per output channel (zero-cost-nas gives every weight of a channel
// the channel's value before summing all weights), each against NASLib's precomputed fisher on the same cells.
// Usage: npx tsx bench/analysis/fisherAggregation.ts NASLIB.csv ZC_NASBENCH201.json IMAGES [N=40]
//   (NASLIB.csv from naslibBench.ts; IMAGES e.g. ../shared/data/cifar10-test-sample)
import { readFileSync } from 'node:fs';
import { loadBatches } from '../../src/core/data/batches';
import { readBenchmarkFile } from '../../src/core/frontends/benchmarkFile';
import { spearman } from '../../src/core/eval/correlation';
import { probeArchitecture } from '../../src/core/proxies/score';
import type { ScoreOptions } from '../../src/protocol/worker';
import { createSession } from '../../src/worker/ortSession';
import { readNaslibTable } from './naslibTable';
const [benchFile, jsonFile, images, count = '40'] = process.argv.slice(2);

async function main(): Promise<void> {
    const bench = readBenchmarkFile(readFileSync(benchFile, 'utf8'), benchFile).specs.slice(
        0,
        Number(count),
    );
    const table = readNaslibTable(jsonFile, 'cifar10');
    const data = { kind: 'images' as const, path: images };
    const options: ScoreOptions = {
        proxies: ['fisher'],
        data,
        batch: 64,
        batches: 2,
        seed: 0,
        psiSamples: 16,
        gradientMode: 'batches',
    };
    const [sum, weighted, theirs]: number[][] = [[], [], []];
    for (const spec of bench) {
        const entry = spec.family === 'nb201' ? table.get(spec.cell) : undefined;
        const naslib = (entry?.fisher as { score: number | null } | undefined)?.score;
        if (spec.family !== 'nb201' || typeof naslib !== 'number') continue;
        const { probe } = await probeArchitecture(
            spec,
            { layerOutputGrads: true },
            {
                compile: (m) => createSession(m, { threads: 1 }),
                data: (req) => loadBatches(data, req),
                options,
                device: 'cpu',
            },
        );
        // Weights per output channel: conv [O, C/g, k..] -> C/g·k..; our linear weights are [in, out] -> in.
        const fanIn = probe.layers.weights.map((l) =>
            l.kind === 'linear'
                ? l.weight.shape[0]
                : l.weight.shape.slice(1).reduce((a, b) => a * b, 1),
        );
        sum.push(probe.fisher!.reduce((a, v) => a + v, 0));
        weighted.push(probe.fisher!.reduce((a, v, k) => a + v * fanIn[k], 0));
        theirs.push(naslib);
    }
    console.log(
        `n = ${sum.length} cells: fisher summed over channels (ours) vs NASLib ${spearman(sum, theirs).toFixed(3)}; weighted by fan-in vs NASLib ${spearman(weighted, theirs).toFixed(3)}`,
    );
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
