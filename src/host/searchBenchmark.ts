// A search `within` a benchmark file: the benchmark's NB201 cells (by canonical key) bound the space,
// and their known accuracies are reported next to the best architectures the search found.
import { readSource, sourceKind } from '../core/frontends/sources';
import { type Genome, genomeKey, nb201GenomeOfCell } from '../core/search/spaces';
import { UserInputError } from './errors';

export interface SearchBenchmark {
    readonly file: string;
    /** Canonical cell key to its accuracy columns. */
    readonly accuracies: ReadonlyMap<string, Readonly<Record<string, number>>>;
    readonly columns: readonly string[];
    /** The cells as genomes, in file order: the pool a search draws from. */
    readonly pool: readonly Genome[];
}

export function readSearchBenchmark(file: string): SearchBenchmark {
    const bench = readSource(file, sourceKind(file) ?? 'benchmark', {});
    const accuracies = new Map<string, Readonly<Record<string, number>>>();
    for (const spec of bench.specs) {
        // Why canonical: the benchmark may write edges in another order than the search's keys.
        if (spec.family === 'nb201')
            accuracies.set(genomeKey(nb201GenomeOfCell(spec.cell)), spec.accuracy ?? {});
    }
    if (accuracies.size === 0) {
        const first = bench.diagnostics.find((d) => d.severity === 'error');
        throw new UserInputError(
            `--within ${file}: no NAS-Bench-201 cells found${first ? ` (${first.message})` : ''}`,
        );
    }
    const columns = bench.accuracyColumns ?? [
        ...new Set(bench.specs.flatMap((s) => Object.keys(s.accuracy ?? {}))),
    ];
    const pool = [...accuracies.keys()].map(nb201GenomeOfCell);
    return { file, accuracies, columns, pool };
}
