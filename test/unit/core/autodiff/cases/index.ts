// Every finite-difference case of the gradient rules, one table (coverage is checked against it).
import { activationCases } from './activation';
import { convCases } from './conv';
import { elementwiseCases } from './elementwise';
import { linalgCases } from './linalg';
import { normCases } from './norm';
import { pointwiseCases } from './pointwise';
import { reduceCases } from './reduce';
import { resampleCases } from './resample';
import { shapeCases } from './shape';
import type { GradCase } from '../gradcheck';

export const allCases: GradCase[] = [
    ...elementwiseCases,
    ...linalgCases,
    ...reduceCases,
    ...shapeCases,
    ...normCases,
    ...convCases,
    ...pointwiseCases,
    ...resampleCases,
    ...activationCases,
];
