// Every gradient rule against central finite differences, one table; a rule without a case fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AnyGradRule, notDifferentiable } from '../../../../src/core/autodiff/gradRule';
import { gradRules } from '../../../../src/core/autodiff/rules/index';
import { COMPOSITE_DOMAIN } from '../../../../src/core/ir/ops/composite';
import { type OpType, schemaFor } from '../../../../src/core/ir/ops/index';
import { allCases } from './cases/index';
import { gradCheck, scaledRule, toleranceOf } from './gradcheck';

describe('gradient rules match central finite differences', () => {
    for (const c of allCases) {
        it(`${c.op}: ${c.name}`, async () => {
            const r = await gradCheck(c);
            assert.ok(r.checked > 0, 'no element was checked');
            assert.ok(
                r.maxError <= toleranceOf(c),
                `error ${r.maxError} > ${toleranceOf(c)} at ${r.worst}`,
            );
        });
    }
});

describe('gradient rule coverage', () => {
    it('everyRuleIsKeyedByAnOpTheIrCanType', () => {
        const unknown = Object.keys(gradRules).filter(
            (op) => !schemaFor(op) && !schemaFor(op, COMPOSITE_DOMAIN),
        );
        assert.deepEqual(unknown, []);
        // The same at compile time (`npm test` typechecks): a misspelt op name does not compile.
        // @ts-expect-error 'Sigmod' is not an op of the IR.
        const misspelt = { Sigmod: notDifferentiable } satisfies Partial<
            Record<OpType, AnyGradRule>
        >;
        assert.ok(!schemaFor(Object.keys(misspelt)[0]));
    });

    it('everyDifferentiableRuleHasAFiniteDifferenceCase', () => {
        const covered = new Set(allCases.map((c) => c.op));
        const missing = Object.entries(gradRules)
            .filter(([op, rule]) => rule !== notDifferentiable && !covered.has(op))
            .map(([op]) => op);
        assert.deepEqual(
            missing,
            [],
            `rules without a finite-difference case: ${missing.join(', ')}`,
        );
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
