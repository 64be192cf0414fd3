// Gradient rule of Einsum: the cotangent of operand i is another Einsum of g with the other
// operands, onto operand i's letters; letters of operand i found nowhere else (summed out of the
// forward) come back by Expand.
import { getString, str } from '../../ir/attrs';
import { parseEinsum } from '../../ir/ops/einsum';
import { type GradRule, NoGradRuleError } from '../gradRule';

export const einsum: GradRule = ({ g, x, attrs, wants, node }, b) => {
    const eq = parseEinsum(getString(attrs, 'equation'), x.length);
    return x.map((xi, i) => {
        if (!wants[i]) return null;
        const others = eq.inputs.filter((_, k) => k !== i);
        const available = new Set([...eq.output, ...others.join('')]);
        const term = eq.inputs[i];
        // Letters summed away inside operand i alone: contract to the rest, then expand back.
        const kept = [...term].filter((c) => available.has(c)).join('');
        if (kept.length === 0)
            throw new NoGradRuleError(
                node.op,
                node.name,
                `has no gradient rule for '${getString(attrs, 'equation')}'`,
            );
        const operands = [g, ...x.filter((_, k) => k !== i).map((v) => v!)];
        const equation = `${[eq.output, ...others].join(',')}->${kept}`;
        let d = b.op('Einsum', operands, { equation: str(equation) });
        if (kept.length < term.length) {
            const axes = [...term].flatMap((c, k) => (available.has(c) ? [] : [k]));
            d = b.expand(b.unsqueeze(d, axes), xi!.shape);
        }
        return d;
    });
};
