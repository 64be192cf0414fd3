// Einsum with explicit letters per operand (the forms exporters emit for attention, such as
// 'bhqd,bhkd->bhqk'): output type from the equation. No ellipsis, no repeated letter in one term.
import { getString } from '../attrs';
import { type OpContext, type OpSchema, ShapeError, input } from '../opSchema';

export interface EinsumEquation {
    readonly inputs: string[];
    readonly output: string;
}

/** Parses 'ab,bc->ac' (or the implicit form 'ab,bc': letters seen once, in alphabetical order). */
export function parseEinsum(equation: string, operands: number): EinsumEquation {
    const eq = equation.replace(/\s+/g, '');
    if (eq.includes('.'))
        throw new ShapeError(`Einsum: '${equation}': ellipsis ('...') is not supported`);
    const [lhs, rhs] = eq.split('->');
    const inputs = lhs.split(',');
    if (inputs.length !== operands)
        throw new ShapeError(
            `Einsum: '${equation}' names ${inputs.length} operands, got ${operands}`,
        );
    for (const term of [...inputs, rhs ?? '']) {
        if (!/^[a-zA-Z]*$/.test(term))
            throw new ShapeError(`Einsum: '${equation}': bad term '${term}'`);
        if (new Set(term).size !== term.length)
            throw new ShapeError(
                `Einsum: '${equation}': a repeated letter in '${term}' (diagonals) is not supported`,
            );
    }
    const counts = new Map<string, number>();
    for (const c of inputs.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    const output =
        rhs ??
        [...counts]
            .filter(([, n]) => n === 1)
            .map(([c]) => c)
            .sort()
            .join('');
    for (const c of output)
        if (!counts.has(c))
            throw new ShapeError(`Einsum: '${equation}': output letter '${c}' is in no operand`);
    return { inputs, output };
}

export function einsumSizes(ctx: OpContext, eq: EinsumEquation): Map<string, number> {
    const sizes = new Map<string, number>();
    eq.inputs.forEach((term, i) => {
        const x = input(ctx, i);
        if (x.shape.length !== term.length)
            throw new ShapeError(
                `Einsum: operand ${i} has rank ${x.shape.length}, the term '${term}' ${term.length}`,
            );
        [...term].forEach((c, k) => {
            const d = x.shape[k];
            const seen = sizes.get(c);
            if (seen !== undefined && seen !== d && seen !== 1 && d !== 1) {
                throw new ShapeError(`Einsum: letter '${c}' has sizes ${seen} and ${d}`);
            }
            sizes.set(c, seen === undefined || seen === 1 ? d : seen);
        });
    });
    return sizes;
}

const einsum: OpSchema = {
    infer: (ctx) => {
        const eq = parseEinsum(getString(ctx.attrs, 'equation'), ctx.inputs.length);
        const sizes = einsumSizes(ctx, eq);
        return [{ dtype: input(ctx, 0).dtype, shape: [...eq.output].map((c) => sizes.get(c)!) }];
    },
};

export const einsumOps = {
    Einsum: einsum,
} satisfies Record<string, OpSchema>;
