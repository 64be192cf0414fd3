// `lswag eval`'s twin plan: NB101 rows that are one network (dangling vertices, another numbering)
// are scored once; other rows and other skeletons are not merged.
import assert from 'node:assert/strict';
import test from 'node:test';
import { planTwins } from '../../../src/cli/evalTwins';
import { NB101_DEFAULTS } from '../../../src/core/spec/defaults';
import type { Nb101Spec } from '../../../src/core/spec/spec';

const I = 'input';
const O = 'output';
const C3 = 'conv3x3-bn-relu';
const C1 = 'conv1x1-bn-relu';
const MP = 'maxpool3x3';
const spec = (
    name: string,
    matrix: number[][],
    ops: string[],
    over: Partial<Nb101Spec> = {},
): Nb101Spec => ({
    family: 'nb101',
    name,
    matrix,
    ops,
    ...NB101_DEFAULTS,
    ...over,
});

// in -> 1 -> out and in -> 2 -> out: conv3x3 and maxpool in parallel.
const a = spec(
    'a',
    [
        [0, 1, 1, 0],
        [0, 0, 0, 1],
        [0, 0, 0, 1],
        [0, 0, 0, 0],
    ],
    [I, C3, MP, O],
);
// The same network numbered the other way round.
const swapped = spec(
    'swapped',
    [
        [0, 1, 1, 0],
        [0, 0, 0, 1],
        [0, 0, 0, 1],
        [0, 0, 0, 0],
    ],
    [I, MP, C3, O],
);
// The same network with a dangling conv1x1 (vertex 3 feeds nothing).
const dangling = spec(
    'dangling',
    [
        [0, 1, 1, 1, 0],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0],
    ],
    [I, C3, C1, MP, O],
);
// Another op: another network.
const b = spec(
    'b',
    [
        [0, 1, 1, 0],
        [0, 0, 0, 1],
        [0, 0, 0, 1],
        [0, 0, 0, 0],
    ],
    [I, C3, C1, O],
);
// The same cell in a narrower skeleton: another network.
const narrow = spec('narrow', a.matrix as number[][], a.ops as string[], { stemChannels: 16 });
// An invalid cell (output unreachable) is scored on its own, to report its error.
const broken = spec(
    'broken',
    [
        [0, 1, 0],
        [0, 0, 0],
        [0, 0, 0],
    ],
    [I, C3, O],
);

test('planTwinsScoresEachNb101NetworkOnceAndGivesItsResultToItsTwins', () => {
    const plan = planTwins([a, b, swapped, narrow, dangling, broken], () => false);
    assert.deepEqual(
        plan.score.map((s) => s.name),
        ['a', 'b', 'narrow', 'broken'],
    );
    assert.deepEqual(
        plan.twins.get(a)?.map((s) => s.name),
        ['swapped', 'dangling'],
    );
    assert.deepEqual(plan.twins.get(b), []);
    assert.deepEqual(plan.fromScored, []);
});

test('planTwinsTakesAnAlreadyScoredTwinFromTheResultsFile', () => {
    const plan = planTwins([a, b, swapped, dangling], (s) => s === dangling);
    assert.deepEqual(
        plan.score.map((s) => s.name),
        ['b'],
    );
    assert.deepEqual(
        plan.fromScored.map(([from, to]) => [from.name, to.name]),
        [
            ['dangling', 'a'],
            ['dangling', 'swapped'],
        ],
    );
});
