// Exported architecture files read back, through the real front end, to the specs the search scored.
import assert from 'node:assert/strict';
import test from 'node:test';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';
import { formatArchitectureFile } from '../../../../src/core/search/exportArch';
import { genomeToSpec, sampleGenome } from '../../../../src/core/search/spaces';
import { Rng } from '../../../../src/core/util/rng';

for (const [space, dataset] of [
    ['nb201', 'cifar100'],
    ['autoformer-t', 'cifar10'],
    ['autoformer-b', 'cifar10'],
] as const) {
    test(`exported${space}GenomesReadBackAsTheSameSpecs`, () => {
        const rng = new Rng(4);
        const genomes = [sampleGenome(space, rng), sampleGenome(space, rng)];
        const text = formatArchitectureFile(
            genomes.map((genome, i) => ({ name: `best-${i + 1}`, genome, note: 'x = 1' })),
            dataset,
            'Best of a test',
        );
        const read = readArchitectureFile(text, 'best.arch.yaml');
        assert.deepEqual(
            read.diagnostics.filter((d) => d.severity !== 'info'),
            [],
        );
        assert.equal(read.specs.length, 2);
        read.specs.forEach((spec, i) => {
            const { name: _n, source: _s, ...got } = spec as typeof spec & { source?: unknown };
            const { name: _m, ...want } = genomeToSpec(genomes[i], dataset);
            for (const [k, v] of Object.entries(want))
                assert.deepEqual((got as Record<string, unknown>)[k], v, `${space} ${k}`);
            assert.equal(spec.name, `best-${i + 1}`);
        });
    });
}
