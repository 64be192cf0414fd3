// Convolution and pooling rules beyond the sampled finite differences: a whole-tensor identity that
// weighs every gradient element, and proof that plausible wrong rules are caught.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GradRule } from '../../../../../src/core/autodiff/gradRule';
import * as rules from '../../../../../src/core/autodiff/rules/conv';
import { gradRules } from '../../../../../src/core/autodiff/rules/index';
import { int } from '../../../../../src/core/ir/attrs';
import { sizeOf, tensor, toNumbers } from '../../../../../src/core/ir/tensor';
import { convCases } from '../cases/conv';
import { type GradCase, gradCheck, prepareCheck, scaledRule, toleranceOf } from '../gradcheck';

/**
 * Every op here is affine in each input separately (MaxPool is positively homogeneous), so
 * L(x) - L(x with input i zeroed) = ⟨xᵢ, ∂L/∂xᵢ⟩ exactly: one check that weighs every element of
 * the gradient (edges, stride remainders, ceil-mode overhangs), where the table samples ten.
 * Returns the worst relative violation over the inputs.
 */
async function adjointViolation(c: GradCase): Promise<number> {
    const { session, feeds, wrt } = await prepareCheck(c);
    const base = await session.run(feeds);
    const total = base.loss.data[0] as number;
    let worst = 0;
    for (const [i, name] of wrt.entries()) {
        const x = feeds[name];
        const zero = tensor(x.dtype, x.shape, new Array(sizeOf(x.shape)).fill(0));
        const zeroed = await session.run({ ...feeds, [name]: zero });
        const xs = toNumbers(x);
        const terms = toNumbers(base[`grad_${i}`]).map((g, k) => g * xs[k]);
        const inner = terms.reduce((sum, t) => sum + t, 0);
        const scale = Math.max(1, Math.abs(total), ...terms.map(Math.abs));
        worst = Math.max(worst, Math.abs(total - (zeroed.loss.data[0] as number) - inner) / scale);
    }
    await session.release();
    return worst;
}

describe('conv and pool gradients satisfy the adjoint identity on every element', () => {
    for (const c of convCases) {
        it(`${c.op}: ${c.name}`, async () => {
            const v = await adjointViolation(c);
            assert.ok(v < 1e-5, `L(x) - L(x_i = 0) differs from <x_i, dL/dx_i> by ${v}`);
        });
    }
});

const caseNamed = (name: string) => convCases.find((c) => c.name === name)!;

/** The real Conv rule with dW scaled by 1.01: the smallest error a real bug would make. */
const convWeightOnePercentOff: GradRule = (ctx, b) => {
    const [dx, dw, db] = rules.conv(ctx, b);
    return [dx, dw && b.mulScalar(dw, 1.01), db];
};

/** The real Conv rule with dX from a spatially flipped kernel (ConvTranspose already flips it). */
const convInputFlippedKernel: GradRule = (ctx, b) => {
    const w = ctx.x[1]!;
    const axes = w.shape.slice(2).map((_, k) => k + 2);
    const flipped = b.slice(
        w,
        axes.map(() => -1),
        axes.map((a) => -1 - w.shape[a]),
        axes,
        axes.map(() => -1),
    );
    const [dx] = rules.conv({ ...ctx, x: [ctx.x[0], flipped, ctx.x[2]] }, b);
    return [dx, ...rules.conv(ctx, b).slice(1)];
};

/** The real AveragePool rule with the other count_include_pad: wrong only where windows meet padding. */
const averagePoolOtherCountMode: GradRule = (ctx, b) => {
    const other = 1 - (ctx.attrs.count_include_pad?.value === 1 ? 1 : 0);
    return rules.averagePool({ ...ctx, attrs: { ...ctx.attrs, count_include_pad: int(other) } }, b);
};

describe('the finite-difference check catches wrong conv and pool rules', () => {
    const broken: [string, string, GradRule][] = [
        ['conv3x3Groups2Stride2Pad1', 'Conv', convWeightOnePercentOff],
        ['conv2x3Stride3AsymmetricPads', 'Conv', convInputFlippedKernel],
        ['avgPoolCeilOverhangIncludePadAll', 'AveragePool', averagePoolOtherCountMode],
    ];
    for (const [name, op, rule] of broken) {
        it(`${rule.name} fails ${name}`, async () => {
            const c = caseNamed(name);
            const r = await gradCheck(c, { ...gradRules, [op]: rule });
            assert.ok(r.maxError > toleranceOf(c), `broken ${op} passed with error ${r.maxError}`);
        });
    }
    // Why: a tolerance loose for small gradients (g / count in pools) would let a 1 % error pass.
    it('aOnePercentErrorFailsEveryConvAndPoolCase', async () => {
        for (const c of convCases) {
            const r = await gradCheck(c, { ...gradRules, [c.op]: scaledRule(c.op, 1.01) });
            assert.ok(
                r.maxError > toleranceOf(c),
                `${c.name}: 1 % off passed with error ${r.maxError}`,
            );
        }
    });
});
