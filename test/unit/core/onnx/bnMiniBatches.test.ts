// An imported PyTorch CNN with training-mode BatchNormalization, run as the probe runs it (N
// mini-batches in one graph): every mini-batch's weight gradients equal PyTorch's own backward pass
// on that mini-batch alone, i.e. each mini-batch is normalised with its own batch statistics.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { toNumbers } from '../../../../src/core/ir/tensor';
import {
    type BnProbeFixture,
    exportBnProbe,
    groupedGradients,
    relativeError,
} from './torchBnFixture';

describe('imported training-mode BatchNorm CNN: per-mini-batch gradients match PyTorch', () => {
    let fx: BnProbeFixture;
    before(() => {
        fx = exportBnProbe(4, 2);
    });

    it('everyWeightGradientOfEveryMiniBatchEqualsItsOwnPyTorchBackwardPass', async () => {
        const grads = await groupedGradients(fx.onnxPath, fx, fx.batches);
        assert.deepEqual([...grads.keys()].sort(), [...fx.weight_layers].sort());
        for (const [name, g] of grads) {
            const expected = fx.grads[name];
            assert.deepEqual([...g.shape], expected.shape, name);
            const err = relativeError(toNumbers(g), expected.values);
            assert.ok(err < 1e-4, `${name}: relative error ${err}`);
        }
    });

    it('withoutGhostGroupsTheStatisticsSpanBothMiniBatchesAndTheGradientsDiffer', async () => {
        // The behaviour before the fix: one set of statistics over all N·B rows. Shows the check above bites.
        const grads = await groupedGradients(fx.onnxPath, fx, 1);
        const err = relativeError(
            toNumbers(grads.get('stem.0.weight')!),
            fx.grads['stem.0.weight'].values,
        );
        assert.ok(
            err > 1e-2,
            `whole-batch statistics should change the stem gradient (relative error ${err})`,
        );
    });
});
