// The op table: every op the IR can type. An op missing here is unsupported, by name.
import type { OpSchema } from '../opSchema';
import { activationOps } from './activation';
import { COMPOSITE_DOMAIN, compositeOps } from './composite';
import { convOps } from './conv';
import { elementwiseOps } from './elementwise';
import { linalgOps } from './linalg';
import { normOps } from './norm';
import { reduceOps } from './reduce';
import { shapeOps } from './shape';

export const opSchemas: Readonly<Record<string, OpSchema>> = {
    ...elementwiseOps,
    ...linalgOps,
    ...convOps,
    ...normOps,
    ...reduceOps,
    ...shapeOps,
    ...activationOps,
};

/** Ops from onnxruntime's com.microsoft domain that the IR may emit. */
export const contribOpSchemas: Readonly<Record<string, OpSchema>> = {};

export function schemaFor(op: string, domain = ''): OpSchema | undefined {
    if (domain === '' || domain === 'ai.onnx') return opSchemas[op];
    if (domain === 'com.microsoft') return contribOpSchemas[op];
    if (domain === COMPOSITE_DOMAIN) return compositeOps[op];
    return undefined;
}
