// The finite-difference checker bound to onnxruntime's CPU provider, for the rule tables.
import {
    type GradCase,
    gradCheck as checkWith,
    prepareCheck as prepareWith,
} from '../../../../src/core/autodiff/gradCheck';
import type { AnyGradRule, GradRuleTable } from '../../../../src/core/autodiff/gradRule';
import { gradRules } from '../../../../src/core/autodiff/rules/index';
import type { CompileModel } from '../../../../src/core/onnx/runnable';
import { createSession } from '../../../../src/worker/ortSession';

export {
    type CaseInput,
    type GradCase,
    toleranceOf,
} from '../../../../src/core/autodiff/gradCheck';

export const compileOnCpu: CompileModel = (model) => createSession(model, { threads: 1 });

export const gradCheck = (c: GradCase, rules?: GradRuleTable) => checkWith(c, compileOnCpu, rules);

export const prepareCheck = (c: GradCase) => prepareWith(c, compileOnCpu);

/** Rule `op` with every cotangent scaled by `factor`: the smallest error a real bug would make. */
export function scaledRule(op: string, factor: number): AnyGradRule {
    const rule = (gradRules as GradRuleTable)[op];
    if (!rule) throw new Error(`no gradient rule for ${op}`);
    if (typeof rule === 'function')
        return (ctx, b) => rule(ctx, b).map((g) => g && b.mulScalar(g, factor));
    return {
        multiOutput: (ctx, b) => rule.multiOutput(ctx, b).map((g) => g && b.mulScalar(g, factor)),
    };
}
