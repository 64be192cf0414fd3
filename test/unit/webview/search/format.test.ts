// The search page's pure parts: value, count and duration formatting, and reading the form's text
// into a SearchForm (or the sentence that says which field is wrong).
import assert from 'node:assert/strict';
import test from 'node:test';
import { parseFormValues } from '../../../../webview/search/form';
import {
    describeRun,
    evaluatedText,
    formatDuration,
    formatValue,
    isActive,
} from '../../../../webview/search/format';

test('valuesCountsAndDurationsReadWell', () => {
    assert.equal(formatValue(113.71712), '113.7');
    assert.equal(formatValue(95_640_123.5), '9.564e+7');
    assert.equal(formatValue(95_640_000), '95,640,000');
    assert.equal(formatValue(12_345.6), '12350');
    assert.equal(formatValue(-1.38629), '-1.386');
    assert.equal(formatValue(0.000123456), '1.235e-4');
    assert.equal(formatValue(0), '0');
    assert.equal(formatValue(null), '-');
    assert.equal(formatValue(-Infinity), '-');
    assert.equal(evaluatedText({ evaluated: 523, expected: 1000 }), '523 / 1,000 evaluated');
    assert.equal(
        describeRun({ space: 'nb201', objective: 'libra:c10', algorithm: 'random 50' }),
        'nb201 \u00b7 libra:c10 \u00b7 random 50',
    );
    assert.equal(formatDuration(null), 'unknown');
    assert.equal(formatDuration(0.2), '1 s');
    assert.equal(formatDuration(44.6), '45 s');
    assert.equal(formatDuration(412), '7 min');
    assert.equal(formatDuration(2 * 3600 + 5 * 60), '2 h 05 min');
    assert.deepEqual(
        ['starting', 'running', 'stopping', 'stopped', 'complete', undefined].map((s) =>
            isActive(s as never),
        ),
        [true, true, true, false, false, false],
    );
});

const typed = {
    space: 'nb201',
    data: 'synthetic',
    objective: 'synflow',
    algorithm: 'evolution',
    population: '50',
    generations: '20',
    samples: '1000',
    width: '8',
    cells: '5',
    paramsMin: '',
    paramsMax: '',
    seed: '0',
};

test('theFormReadsTypedTextIntoASearchForm', () => {
    assert.deepEqual(parseFormValues({ ...typed, paramsMin: ' 0.5 ', paramsMax: '23', seed: '' }), {
        form: {
            space: 'nb201',
            data: 'synthetic',
            objective: 'synflow',
            algorithm: 'evolution',
            population: 50,
            generations: 20,
            samples: 1000,
            width: 8,
            cells: 5,
            paramsMin: 0.5,
            paramsMax: 23,
            seed: 0,
        },
    });
    // The other algorithm's fields may hold anything: they are not used, so they fall back.
    const random = parseFormValues({
        ...typed,
        algorithm: 'random',
        samples: '12',
        population: 'x',
    });
    assert.ok('form' in random);
    assert.deepEqual(
        [random.form.algorithm, random.form.samples, random.form.population],
        ['random', 12, 50],
    );
});

test('theFormSaysWhichFieldIsWrong', () => {
    const error = (change: Partial<typeof typed>) =>
        (parseFormValues({ ...typed, ...change }) as { error: string }).error;
    assert.match(error({ population: '0' }), /^Population must be a whole number/);
    assert.match(error({ generations: '2.5' }), /^Generations must be a whole number/);
    assert.match(error({ algorithm: 'random', samples: '' }), /^Samples must be a whole number/);
    assert.match(error({ paramsMin: '-1' }), /^Params min \(M\) must be empty or millions/);
    assert.match(error({ paramsMax: '23M' }), /^Params max \(M\) must be empty or millions/);
    assert.match(error({ paramsMin: '5', paramsMax: '2' }), /Params min is above Params max/);
    assert.match(error({ seed: '-3' }), /^Seed must be a whole number/);
});

test('thePruningModeTakesAnEvenWidthAndCellsForDartsOnly', () => {
    const prune = { ...typed, space: 'darts', algorithm: 'prune', width: '4', cells: '3' };
    // Its counts and params bounds are not used: they may hold anything.
    const parsed = parseFormValues({ ...prune, population: 'x', paramsMin: 'lots' });
    assert.ok('form' in parsed, JSON.stringify(parsed));
    assert.deepEqual(
        [parsed.form.algorithm, parsed.form.width, parsed.form.cells, parsed.form.paramsMin],
        ['prune', 4, 3, null],
    );
    const error = (change: Partial<typeof prune>) =>
        (parseFormValues({ ...prune, ...change }) as { error: string }).error;
    assert.match(error({ space: 'nb201' }), /^Pruning \(TE-NAS\) searches the darts space only/);
    assert.match(error({ width: '5' }), /^Width \(C\) must be an even whole number/);
    assert.match(error({ cells: '2' }), /^Cells must be a whole number from 3/);
});
