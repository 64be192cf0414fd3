// The op table: every op the IR can type. An op missing here is unsupported, by name.
import type { OpSchema } from '../opSchema';
import { activationOps } from './activation';
import { COMPOSITE_DOMAIN, compositeOps } from './composite';
import { convOps } from './conv';
import { einsumOps } from './einsum';
import { elementwiseOps } from './elementwise';
import { linalgOps } from './linalg';
import { normOps } from './norm';
import { pointwiseOps } from './pointwise';
import { reduceOps } from './reduce';
import { resampleOps } from './resample';
import { shapeOps } from './shape';

export const opSchemas: Readonly<Record<string, OpSchema>> = {
    ...elementwiseOps,
    ...linalgOps,
    ...convOps,
    ...normOps,
    ...reduceOps,
    ...shapeOps,
    ...activationOps,
    ...pointwiseOps,
    ...resampleOps,
    ...einsumOps,
};

/**
 * Every op name the IR can type (ONNX's spelling, plus our composite ops): tables keyed by op,
 * such as the gradient rules, are checked against it, so a misspelt key does not compile.
 */
export type OpType = string extends FamilyOpType ? never : FamilyOpType;

/**
 * Why the conditional: a family table declared as `Record<string, OpSchema>` (not `satisfies`)
 * widens these keys to string; OpType is then never, and every table checked against it fails.
 */
type FamilyOpType = keyof (typeof elementwiseOps &
    typeof linalgOps &
    typeof convOps &
    typeof normOps &
    typeof reduceOps &
    typeof shapeOps &
    typeof activationOps &
    typeof pointwiseOps &
    typeof resampleOps &
    typeof einsumOps &
    typeof compositeOps);

/** Ops from onnxruntime's com.microsoft domain that the IR may emit. */
export const contribOpSchemas: Readonly<Record<string, OpSchema>> = {};

const compositeSchemas: Readonly<Record<string, OpSchema>> = compositeOps;

export function schemaFor(op: string, domain = ''): OpSchema | undefined {
    if (domain === '' || domain === 'ai.onnx') return opSchemas[op];
    if (domain === 'com.microsoft') return contribOpSchemas[op];
    if (domain === COMPOSITE_DOMAIN) return compositeSchemas[op];
    return undefined;
}
