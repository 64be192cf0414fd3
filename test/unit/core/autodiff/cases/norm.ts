// Finite-difference cases for LayerNormalization and training-mode batch norm (including the
// gradient through its statistics outputs, which a differentiated gradient graph uses).
import { float, int } from '../../../../../src/core/ir/attrs';
import type { GraphBuilder } from '../../../../../src/core/ir/builder';
import type { Value } from '../../../../../src/core/ir/graph';
import { batchNormTraining } from '../../../../../src/core/ir/layers';
import { COMPOSITE_DOMAIN } from '../../../../../src/core/ir/ops/composite';
import type { GradCase } from '../gradcheck';

const batchNorm =
    (groups: number) =>
    (b: GraphBuilder, [x, g, be]: Value[]) =>
        batchNormTraining(b, x, g, be, { epsilon: 1e-3, ghostGroups: groups });

/** μ + rstd/2 of a batch norm node: exercises both statistics outputs' cotangents. */
const statistics =
    (groups: number) =>
    (b: GraphBuilder, [x, g, be]: Value[]) => {
        const [, mean, rstd] = b.node(
            'BatchNormTraining',
            [x, g, be],
            { epsilon: float(1e-3), groups: int(groups) },
            { domain: COMPOSITE_DOMAIN, outputs: 3 },
        );
        return b.add(mean, b.mulScalar(rstd, 0.5));
    };

export const normCases: GradCase[] = [
    {
        op: 'BatchNormTraining',
        name: 'batchNormTrainingStatisticsOutputs',
        inputs: [{ shape: [4, 3, 2, 2], range: [-2, 2] }, { shape: [3] }, { shape: [3] }],
        constantInputs: [1, 2],
        build: statistics(1),
    },
    {
        op: 'BatchNormTraining',
        name: 'batchNormTrainingStatisticsOutputsGhostGroups',
        inputs: [{ shape: [6, 2, 3], range: [-2, 2] }, { shape: [2] }, { shape: [2] }],
        constantInputs: [1, 2],
        build: statistics(2),
    },
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
        build: (b, [x, g, be]) =>
            b.op('LayerNormalization', [x, g, be], { axis: int(-1), epsilon: float(1e-5) }),
    },
    {
        op: 'LayerNormalization',
        name: 'layerNormOverTwoAxesNoBias',
        inputs: [{ shape: [2, 3, 4], range: [-2, 2] }, { shape: [3, 4] }],
        build: (b, [x, g]) =>
            b.op('LayerNormalization', [x, g], { axis: int(1), epsilon: float(1e-3) }),
    },
];
