// Seeded fuzzing of the cell-string scanner: mutated notes, every truncation, and floods of
// pipes, tildes and digits never throw, stray out of range or take a second.
import test from 'node:test';
import { findNb201Strings } from '../../../../src/core/frontends/nb201Strings';
import { Rng } from '../../../../src/core/util/rng';
import { FUZZ_ITERATIONS, fuzz, mutate, pathologicalTexts, truncations } from './fuzzSupport';

const A = '|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|';
const B =
    '|avg_pool_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|avg_pool_3x3~1|skip_connect~2|';
const NOTES = `# Cells\n\n- best: \`${A}\`\n- pools: ${B} and ${A}\n| col~1 | x |\nbad: |nor_conv_3x3~0|+|none~1|\n`;
const read = (text: string) => findNb201Strings(text, '/p/notes.md');

function* mutations(): Generator<string> {
    const rng = new Rng(0x201);
    const bases = [NOTES, NOTES.replace(/\n/g, '\r\n'), `x = "${A}"\r\ny = '${B}'\n`];
    for (let k = 0; k < FUZZ_ITERATIONS; k++) {
        let text = bases[rng.int(bases.length)];
        for (let n = 1 + rng.int(3); n > 0; n--) text = mutate(rng, text);
        yield text;
    }
}

function pathological(): string[] {
    return [
        ...pathologicalTexts(),
        '|'.repeat(1_000_000),
        '|a~0'.repeat(250_000),
        '|none~0|'.repeat(125_000),
        `${A}+`.repeat(10_000),
        `|none~${'9'.repeat(1_000_000)}|`,
        '~'.repeat(1_000_000),
        `${A}\n`.repeat(12_000),
        `${A}\r`.repeat(5_000),
        `|${'a'.repeat(1_000_000)}~0|`,
    ];
}

test('nb201StringsFuzzSurvivesMutationsOfNotes', (t) => {
    fuzz(t, 'nb201Strings mutations', mutations(), read);
});

test('nb201StringsFuzzSurvivesEveryTruncation', (t) => {
    fuzz(
        t,
        'nb201Strings truncations',
        [...truncations(NOTES), ...truncations(NOTES.replace(/\n/g, '\r\n'))],
        read,
    );
});

test('nb201StringsFuzzSurvivesPathologicalInputs', (t) => {
    fuzz(t, 'nb201Strings pathological', pathological(), read);
});
