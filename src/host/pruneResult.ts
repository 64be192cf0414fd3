// A finished pruning search's result as an architecture file: the genotype in NAS-Bench-301's
// network, beside the run file. One text for the CLI and the search panel, so either reads the other's.
import path from 'node:path';
import { objectiveLabel } from '../core/search/objective';
import { type DartsGenotype, formatGenotype } from '../core/spec/dartsGenotype';
import type { PruneHeader } from './pruneRun';

export function pruneResultFile(runFile: string, header: PruneHeader, genotype: DartsGenotype) {
    const s = header.settings;
    const id = path.basename(runFile, '.jsonl');
    const text = formatGenotype(genotype);
    return {
        file: runFile.replace(/\.jsonl$/, '') + '.arch.yaml',
        genotype: text,
        text: [
            `# Result of the pruning search ${id} (objective ${objectiveLabel(s.objective)},`,
            `# supernet C=${s.channels}, ${s.layers} cells); the genotype in NAS-Bench-301's network (C=32, 8 cells).`,
            'family: darts',
            'candidates:',
            `  - name: ${JSON.stringify(`pruned-${id}`)}`,
            `    genotype: ${JSON.stringify(text)}`,
            '',
        ].join('\n'),
    };
}
