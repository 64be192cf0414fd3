// Every gradient rule against central finite differences, one table; a rule without a case fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notDifferentiable } from '../../../../src/core/autodiff/gradRule';
import { gradRules } from '../../../../src/core/autodiff/rules/index';
import { allCases } from './cases/index';
import { gradCheck, scaledRule, toleranceOf } from './gradcheck';

describe('gradient rules match central finite differences', () => {
    for (const c of allCases) {
        it(`${c.op}: ${c.name}`, async () => {
            const r = await gradCheck(c);
            assert.ok(r.checked > 0, 'no element was checked');
            assert.ok(r.maxError <= toleranceOf(c), `error ${r.maxError} > ${toleranceOf(c)} at ${r.worst}`);
        });
    }
});

describe('gradient rule coverage', () => {
    it('everyDifferentiableRuleHasAFiniteDifferenceCase', () => {
        const covered = new Set(allCases.map((c) => c.op));
        const missing = Object.entries(gradRules)
            .filter(([op, rule]) => rule !== notDifferentiable && !covered.has(op))
            .map(([op]) => op);
        assert.deepEqual(missing, [], `rules without a finite-difference case: ${missing.join(', ')}`);
    });
});

describe('the finite-difference check catches wrong rules', () => {
    for (const op of ['Sigmoid', 'MatMul', 'Softmax', 'LayerNormalization', 'Gather']) {
        it(`aOnePercentError in ${op} fails the check`, async () => {
            const c = allCases.find((k) => k.op === op)!;
            const r = await gradCheck(c, { ...gradRules, [op]: scaledRule(op, 1.01) });
            assert.ok(r.maxError > toleranceOf(c), `broken ${op} passed with error ${r.maxError}`);
        });
    }
});
