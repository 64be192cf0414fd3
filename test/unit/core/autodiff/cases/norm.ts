// Finite-difference cases for LayerNormalization.
import { float, int } from '../../../../../src/core/ir/attrs';
import type { GraphBuilder } from '../../../../../src/core/ir/builder';
import type { Value } from '../../../../../src/core/ir/graph';
import { batchNormTraining } from '../../../../../src/core/ir/layers';
import type { GradCase } from '../gradcheck';

const batchNorm = (groups: number) => (b: GraphBuilder, [x, g, be]: Value[]) =>
    batchNormTraining(b, x, g, be, { epsilon: 1e-3, ghostGroups: groups });

export const normCases: GradCase[] = [
    {
        op: 'BatchNormTraining',
        name: 'batchNormTrainingWholeBatchAllInputs',
        inputs: [{ shape: [4, 3, 2, 2], range: [-2, 2] }, { shape: [3] }, { shape: [3] }],
        build: batchNorm(1),
    },
    {
        op: 'BatchNormTraining',
        name: 'batchNormTrainingTwoGhostGroups',
        inputs: [{ shape: [6, 2, 3], range: [-2, 2] }, { shape: [2] }, { shape: [2] }],
        build: batchNorm(2),
    },
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
