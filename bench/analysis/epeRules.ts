// EPE-NAS's two aggregation rules on the same cells: the official code's (pairwise differences of
// per-class scores above 100 classes) and NASLib's (Σ_c |s_c| for every dataset, as it calls the
// function with n_classes = 10), each rank-correlated with NAS-Bench-Suite-Zero's epe_nas values.
// Usage: npx tsx bench/analysis/epeRules.ts ZC_NASBENCH201.json DATASET N [THREADS]
//   (DATASET as NASLib names it: cifar10, cifar100, ImageNet16-120; synthetic data, seed 0, B = 64)
import { loadBatches } from '../../src/core/data/batches';
import { spearman } from '../../src/core/eval/correlation';
import { epeScore } from '../../src/core/proxies/epeNas';
import { probeArchitecture } from '../../src/core/proxies/score';
import { NB201_DATASETS, NB201_DEFAULTS } from '../../src/core/spec/defaults';
import type { Nb201Spec } from '../../src/core/spec/spec';
import { SessionCache } from '../../src/worker/sessionCache';
import { readNaslibTable } from './naslibTable';

const [jsonFile, dataset = 'cifar10', count = '40', threads = '1'] = process.argv.slice(2);
const shape = NB201_DATASETS[dataset === 'ImageNet16-120' ? 'imagenet16-120' : dataset];
const cells = [...readNaslibTable(jsonFile, dataset)].slice(0, Number(count));

async function main(): Promise<void> {
    const cache = new SessionCache({ device: 'cpu', threads: Number(threads), capacity: 2 });
    const rows: { official: number; naslib: number; theirs: number | null }[] = [];
    for (const [cell, theirs] of cells) {
        const spec: Nb201Spec = { family: 'nb201', name: cell, cell, ...NB201_DEFAULTS, ...shape };
        const { probe } = await probeArchitecture(
            spec,
            { inputJacobian: true, labels: true },
            {
                compile: cache.compile,
                data: (req) => loadBatches({ kind: 'synthetic' }, req),
                options: {
                    proxies: ['epe_nas'],
                    data: { kind: 'synthetic' },
                    batch: 64,
                    batches: 2,
                    seed: 0,
                    psiSamples: 16,
                    gradientMode: 'batches',
                },
                device: 'cpu',
            },
        );
        const { size, values } = probe.jacobianCorrelation!;
        const labels = probe.labels!;
        rows.push({
            official: epeScore(values, size, labels, probe.classes!),
            naslib: epeScore(values, size, labels, 10),
            theirs: (theirs.epe_nas as { score: number | null }).score,
        });
    }
    const theirs = rows.map((r) => r.theirs);
    const agreement = (ours: number[]) => {
        const both = ours.map((_, i) => i).filter((i) => theirs[i] !== null);
        return spearman(
            both.map((i) => ours[i]),
            both.map((i) => theirs[i]!),
        ).toFixed(3);
    };
    console.log(`${dataset}, n = ${rows.length} cells (synthetic data, seed 0, B = 64)`);
    console.log(`official rule vs NASLib: ${agreement(rows.map((r) => r.official))}`);
    console.log(
        `NASLib's rule (n_classes = 10) vs NASLib: ${agreement(rows.map((r) => r.naslib))}`,
    );
    await cache.clear();
}

main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
});
