// Planning time per search generation with a params budget: how long planGeneration blocks the thread
// that runs it (the extension host, for the search panel). Plans generation 0 (sampling) and then
// evolution generations from a growing fake-scored archive, as a real run would, with a fresh
// BudgetChecker per run (the panel builds one per start, so nothing is cached yet).
// Usage: node --import tsx bench/measure/planningStall.ts [--via closed|graph] [--runs 3] [--generations 4] [--warmup 1]
//   --via graph counts each candidate's parameters by building its graph (modelCost), as planning did
//   before genomeParams.ts; --via closed uses the checker as it is now. --warmup N plans every case N
//   times unmeasured first (a warm host; 0 = the first search after a start). Prints one line per case:
//   PLAN <space>/<dataset> budget=<b> via=<v> gen0=<median ms> evo=<median ms> max=<ms> cpuMax=<ms>
// Why CPU time too: on a loaded machine the wall time of a plan includes time the OS gave to others;
// the CPU time is what planning itself costs (process.cpuUsage counts every thread, GC included).
import { parseArgs } from 'node:util';
import { BudgetChecker, type ParamBudget } from '../../src/core/search/constraints';
import { EVOLUTION_DEFAULTS } from '../../src/core/search/evolution';
import type { EvalRecord } from '../../src/core/search/objective';
import { type SearchSettings, planGeneration } from '../../src/core/search/planner';
import type { SpaceId } from '../../src/core/spec/spaceId';
import { type Genome, genomeKey, genomeToSpec } from '../../src/core/search/spaces';
import { modelCost } from '../../src/core/spaces/index';
import { hashString } from '../../src/core/util/rng';
import type { ScoreResult } from '../../src/protocol/worker';

const { values: a } = parseArgs({
    options: {
        via: { type: 'string', default: 'closed' },
        runs: { type: 'string', default: '3' },
        generations: { type: 'string', default: '4' },
        warmup: { type: 'string', default: '1' },
    },
});
if (a.via !== 'closed' && a.via !== 'graph') throw new Error('--via closed|graph');

/** The checker planning used before the closed form: a graph built per candidate. */
class GraphBudgetChecker extends BudgetChecker {
    private readonly built = new Map<string, number>();
    constructor(
        budget: ParamBudget,
        private readonly datasetName: string,
    ) {
        super(budget, datasetName);
    }
    override params(g: Genome): number {
        const key = genomeKey(g);
        let p = this.built.get(key);
        if (p === undefined)
            this.built.set(key, (p = modelCost(genomeToSpec(g, this.datasetName)).params));
        return p;
    }
}

const cases: { space: SpaceId; dataset: string; budget: ParamBudget }[] = [
    { space: 'nb201', dataset: 'cifar10', budget: { min: 0.4e6, max: 1.0e6 } },
    { space: 'nb201', dataset: 'imagenet16-120', budget: { max: 0.8e6 } },
    { space: 'autoformer-t', dataset: 'cifar10', budget: { min: 5e6, max: 7e6 } },
    { space: 'autoformer-s', dataset: 'cifar10', budget: { min: 18e6, max: 23e6 } },
    { space: 'autoformer-b', dataset: 'cifar10', budget: { min: 50e6, max: 60e6 } },
];

const record = (g: Genome, generation: number): EvalRecord => {
    const key = genomeKey(g);
    const result: ScoreResult = {
        name: key,
        source: key,
        family: g.space === 'nb201' ? 'nb201' : 'autoformer',
        params: 0,
        flops: 0,
        errors: [],
        device: 'cpu',
        seconds: 0,
        scores: { fake: hashString(key) / 2 ** 32 },
    };
    return { kind: 'eval', key, genome: g, generation, result };
};

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

function measure(
    c: (typeof cases)[number],
    runs: number,
    seed0: number,
): { gen0: number[]; evo: number[]; cpu: number[] } {
    const gen0: number[] = [];
    const evo: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < runs; run++) {
        const settings: SearchSettings = {
            space: c.space,
            objective: { kind: 'proxy', proxy: 'fake' },
            seed: seed0 + run,
            budget: c.budget,
            dataset: c.dataset,
            algorithm: {
                kind: 'evolution',
                options: { ...EVOLUTION_DEFAULTS, generations: Number(a.generations) },
            },
        };
        const checker =
            a.via === 'graph'
                ? new GraphBudgetChecker(c.budget, c.dataset)
                : new BudgetChecker(c.budget, c.dataset);
        const records: EvalRecord[] = [];
        for (let g = 0; g < Number(a.generations); g++) {
            const t = performance.now();
            const c0 = process.cpuUsage();
            const { genomes } = planGeneration(settings, g, records, checker);
            (g === 0 ? gen0 : evo).push(performance.now() - t);
            const used = process.cpuUsage(c0);
            cpu.push((used.user + used.system) / 1000);
            records.push(...genomes.map((x) => record(x, g)));
        }
    }
    return { gen0, evo, cpu };
}

for (const c of cases) measure(c, Number(a.warmup), 900); // other seeds: nothing cached carries over
for (const c of cases) {
    const { gen0, evo, cpu } = measure(c, Number(a.runs), 100);
    const budget = `${c.budget.min ?? 0}-${c.budget.max ?? 'inf'}`;
    const ms = (x: number) => x.toFixed(1);
    console.log(
        `PLAN ${c.space}/${c.dataset} budget=${budget} via=${a.via} gen0=${ms(median(gen0))} evo=${ms(median(evo))} max=${ms(Math.max(...gen0, ...evo))} cpuMax=${ms(Math.max(...cpu))}`,
    );
}
