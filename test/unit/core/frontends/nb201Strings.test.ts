// Cell strings in free text: exact ranges, names, near misses, CRLF, and long inputs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkCell, VALID_CELL } from '../../../../src/core/frontends/nb201Fields';
import { findNb201Strings } from '../../../../src/core/frontends/nb201Strings';
import { NB201_OPS, parseCell } from '../../../../src/core/spec/nb201Cell';
import type { Nb201Spec } from '../../../../src/core/spec/spec';
import { Rng } from '../../../../src/core/util/rng';
import { describeDiagnostics, textAt } from './sourceText';
import { HANG_MS_IN_SUITE as HANG_MS } from '../../../fuzz/harness';

const A =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const B = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';

test('eachValidCellIsASpecWithTheBenchmarkDefaultsAtItsExactRange', () => {
    const text = `# Notes\nBest: \`${A}\` (94 %)\n`;
    const { specs, diagnostics } = findNb201Strings(text, 'notes.md');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(specs, [
        {
            family: 'nb201',
            name: 'nb201:2',
            source: {
                file: 'notes.md',
                start: { line: 1, character: 7 },
                end: { line: 1, character: 7 + A.length },
            },
            cell: A,
            classes: 10,
            imageSize: 32,
            channels: 16,
            cellsPerStage: 5,
        },
    ]);
});

test('severalCellsOnOneLineGetColumnsInTheirNames', () => {
    const text = `x = ["${A}", "${B}"]\ny = "${B}"`;
    const { specs } = findNb201Strings(text, 'a.py');
    assert.deepEqual(
        specs.map((s) => s.name),
        ['nb201:1', `nb201:1:${A.length + 11}`, 'nb201:2'],
    );
    for (const spec of specs as Nb201Spec[]) assert.equal(textAt(text, spec.source!), spec.cell);
});

test('nearMissesAreErrorsAtTheBadPart', () => {
    const text = `a: |nor_conv_3x3~0|+|none~0|nor_conv_5x5~1|+|none~0|none~1|none~2|\nb: |none~0|+|none~0|none~1|\nc: |skip_connect~1|\n`;
    const { specs, diagnostics } = findNb201Strings(text, 'log.txt');
    assert.deepEqual(specs, []);
    assert.deepEqual(describeDiagnostics(text, diagnostics), [
        `error 0:28 "nor_conv_5x5" bad NB201 cell string: unknown op 'nor_conv_5x5' (expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)`,
        `error 1:3 "|none~0|+|none~0|none~1|" bad NB201 cell string: expected 3 nodes separated by '+', found 2`,
        `error 2:3 "|skip_connect~1|" bad NB201 cell string: expected 3 nodes separated by '+', found 1`,
    ]);
});

test('pipeTildeTextThatIsNotMeantAsACellIsIgnored', () => {
    const text = '| col~1 | x |\n|a~1|b~2|\necho "|foo~3|" | grep bar~1\n';
    assert.deepEqual(findNb201Strings(text, 'README.md'), { specs: [], diagnostics: [] });
});

test('crlfAndLoneCrGiveTheSameLinesAsLf', () => {
    const lf = `one\n${A}\n\nthree ${B}\n`;
    const ranges = (text: string) =>
        findNb201Strings(text, 'f').specs.map((s) => [s.name, s.source]);
    assert.deepEqual(ranges(lf.replace(/\n/g, '\r\n')), ranges(lf));
    assert.deepEqual(ranges(lf.replace(/\n/g, '\r')), ranges(lf));
});

test('nonCanonicalIndicesAreAcceptedAndCanonicalised', () => {
    const text = `${B.replace('none~1|+', 'none~01|+')}`;
    const [spec] = findNb201Strings(text, 'f').specs as Nb201Spec[];
    assert.equal(spec.cell, B);
    assert.equal(textAt(text, spec.source!), text);
});

test('theFastPathAgreesWithParseCellOnRandomCellLikeStrings', () => {
    const rng = new Rng(7);
    const ops = [...NB201_OPS, 'conv', 'none '];
    for (let k = 0; k < 2000; k++) {
        const nodes = [1, 2, 3].map((to) => {
            const n = rng.int(6) === 0 ? to + 1 : to;
            return `|${Array.from({ length: n }, (_, j) => `${ops[rng.int(ops.length)]}~${rng.int(8) === 0 ? j + 1 : j}`).join('|')}|`;
        });
        const text = nodes.join('+');
        let parses = true;
        try {
            parseCell(text);
        } catch {
            parses = false;
        }
        assert.equal(typeof checkCell(text) === 'string', parses, text);
        if (VALID_CELL.test(text)) assert.ok(parses, text);
    }
});

test('aLongFileIsScannedOnceQuickly', () => {
    const line = `step 12: arch=${A} acc=93.1 other=${B}\r\n`;
    const text = line.repeat(4000) + 'x'.repeat(1_000_000);
    const t0 = performance.now();
    const { specs } = findNb201Strings(text, 'train.log');
    const ms = performance.now() - t0;
    assert.equal(specs.length, 8000);
    assert.equal(specs[7999].name, `nb201:4000:${line.indexOf(B) + 1}`);
    assert.ok(ms < HANG_MS, `${ms.toFixed(0)} ms`); // A hang guard; speed is for benchmarks.
});

test('specsStopAtTheLimitWithAWarning', () => {
    const text = `${B} `.repeat(10_001);
    const { specs, diagnostics } = findNb201Strings(text, 'f');
    assert.equal(specs.length, 10_000);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, 'warning');
});

test('onlyTheFirstThousandProblemsAreKeptAndTheRestAreCounted', () => {
    const text = '|none~0|+|none~0|\n'.repeat(1500);
    const { diagnostics } = findNb201Strings(text, 'f');
    assert.equal(diagnostics.length, 1001);
    assert.deepEqual(
        diagnostics.slice(0, 1000).map((d) => d.range.start.line),
        Array.from({ length: 1000 }, (_, i) => i),
    );
    assert.deepEqual(
        [diagnostics[1000].severity, diagnostics[1000].message],
        ['info', '500 more problems are not shown (only the first 1000 are)'],
    );
});

test('theDatasetOptionSetsClassesAndImageSize', () => {
    const [spec] = findNb201Strings(B, 'f', { dataset: 'cifar100' }).specs as Nb201Spec[];
    assert.deepEqual([spec.classes, spec.imageSize, spec.channels], [100, 32, 16]);
    const unknown = findNb201Strings(B, 'f', { dataset: 'mnist' });
    assert.deepEqual(unknown.specs, []);
    assert.match(unknown.diagnostics[0].message, /unknown dataset 'mnist'/);
});
