// NASLib's encodings (NB101 56-int tuples, compact DARTS) round trip; DARTS genotypes are found in
// Python and markdown at their exact ranges (broken ones reported there); Suite-Zero zc files read
// as benchmarks with val_accuracy and the file's own proxy values.
import assert from 'node:assert/strict';
import test from 'node:test';
import { findGenotypes } from '../../../../src/core/frontends/genotypeStrings';
import { readNaslibZcFile } from '../../../../src/core/frontends/naslibZcFile';
import { readArchitectureFile } from '../../../../src/core/frontends/archFile';
import {
    DARTS_OPS,
    formatGenotype,
    genotypeFromCompact,
    genotypeToCompact,
} from '../../../../src/core/spec/dartsGenotype';
import { parseGenotype } from '../../../../src/core/spec/genotypeText';
import { nb101CellFromNaslib, nb101CellToNaslib } from '../../../../src/core/spec/nb101Cell';
import { sampleDarts } from '../../../../src/core/search/dartsGenome';
import { nb101CellOf, sampleNb101 } from '../../../../src/core/search/nb101Genome';
import { Rng } from '../../../../src/core/util/rng';

test('nb101NaslibTuplesRoundTripAndUseNaslibsOpOrder', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 50; i++) {
        const cell = nb101CellOf(sampleNb101(rng));
        const tuple = nb101CellToNaslib(cell);
        assert.equal(tuple.length, 56);
        assert.deepEqual(nb101CellFromNaslib(tuple), cell);
    }
    // NASLib: 0 input, 1 output, 2 maxpool3x3, 3 conv1x1-bn-relu, 4 conv3x3-bn-relu.
    const ops = nb101CellFromNaslib([...new Array(49).fill(0), 0, 2, 3, 4, 4, 4, 1]).ops;
    assert.deepEqual(ops.slice(0, 4), [
        'input',
        'maxpool3x3',
        'conv1x1-bn-relu',
        'conv3x3-bn-relu',
    ]);
    assert.throws(() => nb101CellFromNaslib([1, 2, 3]), /56 numbers/);
});

test('compactDartsEncodingRoundTripsThroughGenotypesAndTheirText', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 50; i++) {
        const g = sampleDarts(rng);
        const genotype = genotypeFromCompact([g.normal, g.reduce]);
        assert.deepEqual(genotypeToCompact(genotype), [g.normal, g.reduce]);
        assert.deepEqual(parseGenotype(formatGenotype(genotype)), genotype);
    }
    // NASLib's compact op order: max_pool, avg_pool, skip, sep 3x3, sep 5x5, dil 3x3, dil 5x5.
    assert.deepEqual(DARTS_OPS, [
        'max_pool_3x3',
        'avg_pool_3x3',
        'skip_connect',
        'sep_conv_3x3',
        'sep_conv_5x5',
        'dil_conv_3x3',
        'dil_conv_5x5',
    ]);
    const g = genotypeFromCompact([
        Array.from({ length: 8 }, (_, i) => [i % 2, 3] as [number, number]),
        Array.from({ length: 8 }, (_, i) => [i % 2, 0] as [number, number]),
    ]);
    assert.deepEqual(g.normal[0], ['sep_conv_3x3', 0]);
    assert.deepEqual(g.reduce[1], ['max_pool_3x3', 1]);
});

const EDGES = (op: string) =>
    `[(${`'${op}', 0), ('${op}', 1)`}, ('${op}', 0), ('${op}', 2), ('${op}', 1), ('${op}', 3), ('${op}', 0), ('${op}', 4)]`;

test('genotypesAreFoundInPythonAndMarkdownNamedByTheirVariable', () => {
    const python = [
        'from collections import namedtuple',
        "Genotype = namedtuple('Genotype', 'normal normal_concat reduce reduce_concat')",
        '',
        `MY_NET = Genotype(`,
        `    normal=${EDGES('sep_conv_3x3')},`,
        '    normal_concat=range(2, 6),',
        `    reduce=${EDGES('max_pool_3x3')},`,
        '    reduce_concat=[2, 3, 4, 5],',
        ')',
        `OTHER = genotypes.Genotype(${EDGES('skip_connect')}, [2, 3, 4, 5], ${EDGES('dil_conv_5x5')}, [2, 3, 4, 5])`,
    ].join('\n');
    const r = findGenotypes(python, 'genotypes.py');
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(
        r.specs.map((s) => s.name),
        ['MY_NET', 'OTHER'],
    );
    const first = r.specs[0];
    assert.equal(first.family, 'darts');
    assert.equal(first.source?.start.line, 3);
    assert.equal(first.source?.end.line, 8);
    if (first.family === 'darts') {
        assert.deepEqual(first.genotype.normalConcat, [2, 3, 4, 5]);
        assert.equal(first.channels, 32); // NB301's network by default
    }

    const md = `The result:\n\n\`Genotype(normal=${EDGES('sep_conv_7x7')}, normal_concat=[2, 3, 4, 5], reduce=${EDGES('avg_pool_3x3')}, reduce_concat=[2, 3, 4, 5])\``;
    const bad = findGenotypes(md, 'notes.md');
    assert.equal(bad.specs.length, 0);
    assert.equal(bad.diagnostics.length, 1);
    assert.match(bad.diagnostics[0].message, /unknown op 'sep_conv_7x7'/);
    const at = bad.diagnostics[0].range.start;
    assert.equal(md.split('\n')[at.line].slice(at.character, at.character + 14), "'sep_conv_7x7'");
});

test('architectureFilesReadNb101AndDartsCandidatesAndReportBadCells', () => {
    const text = [
        'family: nb101',
        'candidates:',
        '  - name: chain',
        '    matrix: [[0, 1, 0], [0, 0, 1], [0, 0, 0]]',
        '    ops: [input, conv3x3-bn-relu, output]',
        '    stem_channels: 16',
        '  - name: broken',
        '    matrix: [[0, 0, 0], [0, 0, 1], [0, 0, 0]]',
        '    ops: [input, maxpool3x3, output]',
        '  - name: g',
        '    family: darts',
        `    genotype: "Genotype(normal=${EDGES('sep_conv_3x3')}, normal_concat=[2, 3, 4, 5], reduce=${EDGES('max_pool_3x3')}, reduce_concat=[2, 3, 4, 5])"`,
        '    channels: 16',
    ].join('\n');
    const r = readArchitectureFile(text, '/p/x.arch.yaml');
    assert.deepEqual(
        r.specs.map((s) => `${s.family}:${s.name}`),
        ['nb101:chain', 'darts:g'],
    );
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /output is not reachable/);
    assert.equal(r.diagnostics[0].range.start.line, 7);
});

test('suiteZeroFilesReadAsBenchmarksWithAccuracyAndTheirOwnProxyValues', () => {
    const nb101Key = `(${[...new Array(49).fill(0).map((_, i) => (i === 1 || i === 13 ? 1 : 0)), 0, 4, 3, 2, 3, 3, 1].join(', ')})`;
    const text = JSON.stringify({
        cifar10: {
            [nb101Key]: { params: 1.2, synflow: 5.5, val_accuracy: 90.1 },
            '[[(0, 6), (1, 1), (1, 2), (2, 5), (1, 0), (2, 4), (4, 5), (3, 4)], [(1, 1), (0, 3), (0, 1), (2, 0), (0, 5), (2, 2), (4, 2), (3, 4)]]':
                { idx: '472', synflow: { score: 67.9, time: 1 }, val_accuracy: 92.4 },
            '(1, 2, 3)': { val_accuracy: 1 },
        },
    });
    // NASLib's Python writes bare NaN: read as no value rather than failing the whole file.
    const r = readNaslibZcFile(text.replace('"synflow":5.5', '"synflow":NaN'), '/d/zc_mixed.json');
    assert.deepEqual(
        r.specs.map((s) => s.family),
        ['nb101', 'darts'],
    );
    assert.equal(r.specs[0].accuracy?.val_accuracy, 90.1);
    assert.equal(r.specs[0].accuracy?.naslib_synflow, undefined);
    assert.equal(r.specs[1].accuracy?.naslib_synflow, 67.9);
    assert.equal(r.accuracyColumns[0], 'val_accuracy');
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /bad NASLib cell key/);
});
