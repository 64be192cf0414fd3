// The parameter budget: params come from the built graph, children outside the budget or already seen
// are redrawn, and a budget nothing fits gives up after a bounded number of attempts.
import assert from 'node:assert/strict';
import test from 'node:test';
import { BudgetChecker, drawFitting, formatBudget } from '../../../../src/core/search/constraints';
import { type Genome, genomeKey, sampleGenome } from '../../../../src/core/search/spaces';
import { Rng } from '../../../../src/core/util/rng';

test('nb201ParamsMatchTheDesignReference', () => {
    // docs/architecture-files.md: this cell has exactly 1,073,466 parameters on CIFAR-10.
    const checker = new BudgetChecker({ max: 1_073_466 });
    const g = { space: 'nb201', ops: [3, 3, 3, 1, 2, 3] } as const;
    assert.equal(checker.params(g), 1_073_466);
    assert.ok(checker.fits(g));
    assert.ok(!new BudgetChecker({ max: 1_073_465 }).fits(g));
});

test('drawnAutoformerSChildrenRespectTheBudget', () => {
    const checker = new BudgetChecker({ min: 18e6, max: 23e6 });
    const rng = new Rng(5);
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
        const g = drawFitting(() => sampleGenome('autoformer-s', rng), checker, seen);
        assert.ok(g, 'some AutoFormer-S genomes fit 18-23 M');
        const p = checker.params(g);
        assert.ok(p >= 18e6 && p <= 23e6, `${p} params`);
    }
    assert.equal(seen.size, 5, 'accepted keys are remembered, so no two are equal');
});

test('anImpossibleBudgetGivesUpAfterBoundedAttempts', () => {
    const checker = new BudgetChecker({ max: 10 });
    let calls = 0;
    const g = drawFitting(
        () => (calls++, sampleGenome('nb201', new Rng(calls))),
        checker,
        new Set(),
        7,
    );
    assert.equal(g, undefined);
    assert.equal(calls, 7);
});

test('seenKeysAreNeverDrawnAgain', () => {
    const g = { space: 'nb201', ops: [1, 1, 1, 1, 1, 1] } as const;
    const checker = new BudgetChecker({});
    const seen = new Set<string>();
    assert.deepEqual(
        drawFitting(() => g, checker, seen),
        g,
    );
    assert.equal(
        drawFitting(() => g, checker, seen, 3),
        undefined,
    );
});

test('budgetsReadInMillions', () => {
    assert.equal(formatBudget({ min: 18e6, max: 23e6 }), '18.0M-23.0M params');
    assert.equal(formatBudget({}), 'no budget');
});

test('allowedKeysBoundTheDrawnGenomesToThatSet', () => {
    const rng = new Rng(11);
    const pool = Array.from({ length: 40 }, () => sampleGenome('nb201', rng));
    const allowed = new Set(pool.map(genomeKey));
    const checker = new BudgetChecker({}, 'cifar10', pool);
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
        const g = drawFitting(() => checker.sample('nb201', rng), checker, seen);
        assert.ok(g, 'a 40-cell set out of 15,625 is found within the attempt bound');
        assert.ok(allowed.has(genomeKey(g)), genomeKey(g));
    }
    const outside = Array.from({ length: 50 }, () => sampleGenome('nb201', rng)).find(
        (g) => !allowed.has(genomeKey(g)),
    );
    assert.ok(outside && !checker.fits(outside), 'a cell outside the set does not fit');
});

test('aChildThatLeavesThePoolMovesToTheNearestNewMember', () => {
    const pool = [
        { space: 'nb201', ops: [0, 0, 0, 0, 0, 0] },
        { space: 'nb201', ops: [3, 3, 0, 0, 0, 0] },
        { space: 'nb201', ops: [3, 0, 0, 0, 0, 0] },
        { space: 'nb201', ops: [4, 4, 4, 4, 4, 4] },
    ] as const;
    const checker = new BudgetChecker({}, 'cifar10', pool);
    const child = { space: 'nb201', ops: [3, 3, 3, 0, 0, 0] } as const;
    const ops = (g: Genome | undefined) => (g?.space === 'nb201' ? g.ops : undefined);
    assert.deepEqual(ops(checker.project(child, new Set())), [3, 3, 0, 0, 0, 0], 'one gene away');
    assert.deepEqual(
        ops(checker.project(child, new Set([genomeKey(pool[1])]))),
        [3, 0, 0, 0, 0, 0],
        'the nearest one not yet seen',
    );
    assert.equal(
        checker.project(child, new Set(pool.map(genomeKey))),
        undefined,
        'every member seen',
    );
    assert.equal(checker.project(pool[3], new Set()), pool[3], 'a member stays itself');
    const seen = new Set([genomeKey(pool[0])]);
    assert.deepEqual(ops(drawFitting(() => child, checker, seen)), [3, 3, 0, 0, 0, 0]);
    assert.ok(seen.has(genomeKey(pool[1])));
});
