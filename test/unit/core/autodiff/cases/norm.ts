// Finite-difference cases for LayerNormalization.
import { float, int } from '../../../../../src/core/ir/attrs';
import type { GradCase } from '../gradcheck';

export const normCases: GradCase[] = [
    {
        op: 'LayerNormalization',
        name: 'layerNormLastAxisAllInputs',
        inputs: [{ shape: [2, 3, 5], range: [-2, 2] }, { shape: [5] }, { shape: [5] }],
        build: (b, [x, g, be]) => b.op('LayerNormalization', [x, g, be], { axis: int(-1), epsilon: float(1e-5) }),
    },
    {
        op: 'LayerNormalization',
        name: 'layerNormOverTwoAxesNoBias',
        inputs: [{ shape: [2, 3, 4], range: [-2, 2] }, { shape: [3, 4] }],
        build: (b, [x, g]) => b.op('LayerNormalization', [x, g], { axis: int(1), epsilon: float(1e-3) }),
    },
];
