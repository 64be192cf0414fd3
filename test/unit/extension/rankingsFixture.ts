// A labelled rankings view for panel tests: NAS-Bench-201 cells (real specs from the search space)
// with known accuracies and seeded scores that agree with the accuracy to different degrees.
import { genomeToSpec, sampleGenome } from '../../../src/core/search/spaces';
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import { Rng } from '../../../src/core/util/rng';
import type { RankingsView, RankingsViewRow } from '../../../src/extension/rankingsMessage';
import type { ScoreResult } from '../../../src/protocol/worker';

export const FIXTURE_FILE = '/work-space/bench/cells.arch.yaml';
export const FIXTURE_PROXIES = ['lswag', 'params', 'flops', 'zico', 'nwot', 'synflow'];

/** `n` labelled NB201 rows (accuracy columns cifar10 and, for every other row, cifar100). */
export function labelledView(n = 14, seed = 7): RankingsView {
    const rng = new Rng(seed);
    const rows: RankingsViewRow[] = [];
    for (let i = 0; i < n; i++) {
        const base = genomeToSpec(sampleGenome('nb201', rng));
        const acc = 80 + 14 * rng.next();
        const noise = () => rng.next() - 0.5;
        const params = Math.round(2e5 + (8e5 * (acc - 80)) / 14 + 2e5 * noise());
        const spec = {
            ...base,
            name: `cell-${String(i + 1).padStart(2, '0')}`,
            source: {
                file: FIXTURE_FILE,
                start: { line: 3 * i + 2, character: 4 },
                end: { line: 3 * i + 3, character: 4 },
            },
            accuracy:
                i % 2 === 0 ? { cifar10: acc, cifar100: acc - 20 + 4 * noise() } : { cifar10: acc },
        } as ArchitectureSpec;
        const result: ScoreResult = {
            name: spec.name,
            source: `${FIXTURE_FILE}:${3 * i + 3}`,
            family: 'nb201',
            params,
            flops: params * 140,
            scores: {
                lswag: 1e7 * (acc + 1.5 * noise()),
                params,
                flops: params * 140,
                zico: 700 + 10 * acc + 60 * noise(),
                nwot: 380 + 2 * acc + 12 * noise(),
                synflow: i === 3 ? null : 60 + acc + 20 * noise(),
            },
            errors: i === 3 ? ['synflow: overflow'] : [],
            device: 'cpu',
            seconds: 0.5,
        };
        rows.push({ file: FIXTURE_FILE, result, spec });
    }
    return {
        heading: `L-SWAG rankings: file run, ${n} architectures`,
        proxies: FIXTURE_PROXIES,
        rows,
    };
}

/**
 * `n` labelled NB201 rows whose cifar10 accuracy is A + B for independent A, B: `lswag` carries A and
 * `zico` carries B, so their combination beats either alone on held-out rows (nwot is noise).
 */
export function complementView(n = 40, seed = 3): RankingsView {
    const rng = new Rng(seed);
    const rows: RankingsViewRow[] = [];
    for (let i = 0; i < n; i++) {
        const base = genomeToSpec(sampleGenome('nb201', rng));
        const [a, b] = [rng.normal(), rng.normal()];
        const spec = {
            ...base,
            name: `pair-${String(i + 1).padStart(2, '0')}`,
            source: {
                file: FIXTURE_FILE,
                start: { line: 3 * i + 2, character: 4 },
                end: { line: 3 * i + 3, character: 4 },
            },
            accuracy: { cifar10: 85 + a + b },
        } as ArchitectureSpec;
        const params = 1000 + Math.round(1000 * rng.next());
        rows.push({
            file: FIXTURE_FILE,
            spec,
            result: {
                name: spec.name,
                source: `${FIXTURE_FILE}:${3 * i + 3}`,
                family: 'nb201',
                params,
                flops: params * 140,
                scores: { lswag: a, zico: b, nwot: rng.normal(), params },
                errors: [],
                device: 'cpu',
                seconds: 0.5,
            },
        });
    }
    return {
        heading: `L-SWAG rankings: file run, ${n} architectures`,
        proxies: ['lswag', 'params', 'zico', 'nwot'],
        rows,
    };
}
