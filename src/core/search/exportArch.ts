// Writes searched genomes as an architecture file (docs/architecture-files.md) that `lswag score`
// and the extension read back to the same specs; YAML written as JSON-style flow values.
import { formatGenotype } from '../spec/dartsGenotype';
import { dartsGenotypeOf } from './dartsGenome';
import { nb101Spec } from './nb101Genome';
import { type Genome, nb201CellOf } from './spaces';

export interface NamedGenome {
    readonly name: string;
    readonly genome: Genome;
    /** A comment after the candidate, e.g. its objective value. */
    readonly note?: string;
}

const q = (s: string) => JSON.stringify(s);

/** The candidate lines of an NB101 or DARTS genome (width: NB101's stem / DARTS' C when narrowed). */
function cellSpaceLines(g: Genome, width: number | undefined): string[] {
    if (g.space === 'nb101') {
        // Why the spec's cell: it is the canonical cell the search scored under this key.
        const cell = nb101Spec(g);
        return [
            '    matrix:',
            ...cell.matrix.map((row) => `      - [${row.join(', ')}]`),
            `    ops: [${cell.ops.join(', ')}]`,
            ...(width ? [`    stem_channels: ${width}`] : []),
        ];
    }
    if (g.space === 'darts')
        return [
            `    genotype: ${q(formatGenotype(dartsGenotypeOf(g)))}`,
            ...(width ? [`    channels: ${width}`] : []),
        ];
    return [];
}

/** The architecture file text for genomes of one space (`dataset` applies to NB201 only). */
export function formatArchitectureFile(
    entries: readonly NamedGenome[],
    dataset: string,
    title: string,
    width?: number,
): string {
    const space = entries[0]?.genome.space ?? 'nb201';
    if (entries.some((e) => e.genome.space !== space))
        throw new Error('an architecture file holds genomes of one space');
    const lines = [`# ${title}`];
    if (space === 'nb201') lines.push('family: nb201', `dataset: ${q(dataset)}`);
    else if (space === 'nb101' || space === 'darts') lines.push(`family: ${space}`);
    else lines.push('family: autoformer', `space: ${space}`);
    lines.push('', 'candidates:');
    for (const { name, genome: g, note } of entries) {
        if (note) lines.push(`  # ${note}`);
        lines.push(`  - name: ${q(name)}`);
        if (g.space === 'nb201') {
            lines.push(`    cell: ${q(nb201CellOf(g.ops))}`);
        } else if (g.space === 'nb101' || g.space === 'darts') {
            lines.push(...cellSpaceLines(g, width));
        } else {
            lines.push(
                `    embed_dim: ${g.embedDim}`,
                `    depth: ${g.depth}`,
                `    mlp_ratio: [${g.mlpRatio
                    .slice(0, g.depth)
                    .map((r) => r.toFixed(1))
                    .join(', ')}]`,
                `    num_heads: [${g.numHeads.slice(0, g.depth).join(', ')}]`,
            );
        }
    }
    return `${lines.join('\n')}\n`;
}
