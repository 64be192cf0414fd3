// PyTorch-default initialisation: bounds, determinism and independence of parameter streams.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphBuilder } from '../../../../src/core/ir/builder';
import { fanInOf, initParams, pytorchLayerInit } from '../../../../src/core/ir/init';
import { oneHot } from '../../../../src/core/ir/loss';
import { toNumbers } from '../../../../src/core/ir/tensor';

describe('parameter initialisation', () => {
    it('convWeightsAreUniformWithinOneOverSqrtFanIn', () => {
        const b = new GraphBuilder();
        const shape = [16, 8, 3, 3];
        b.param('w', 'float32', shape, pytorchLayerInit(fanInOf(shape)));
        const v = toNumbers(initParams(b.graph, 1).get('w')!);
        const bound = 1 / Math.sqrt(72);
        assert.ok(v.every((x) => Math.abs(x) <= bound));
        // A uniform sample fills its range: extremes near ±bound and variance near bound²/3.
        assert.ok(Math.max(...v) > 0.95 * bound && Math.min(...v) < -0.95 * bound);
        const variance = v.reduce((s, x) => s + x * x, 0) / v.length;
        assert.ok(
            Math.abs(variance / ((bound * bound) / 3) - 1) < 0.1,
            `variance ratio ${variance / ((bound * bound) / 3)}`,
        );
    });

    it('sameSeedSameValuesAndStreamsIndependentOfOtherParams', () => {
        const make = (extra: boolean) => {
            const b = new GraphBuilder();
            if (extra) b.param('other', 'float32', [100], { kind: 'normal', mean: 0, std: 1 });
            b.param('w', 'float32', [10], { kind: 'normal', mean: 0, std: 1 });
            return initParams(b.graph, 7).get('w')!;
        };
        assert.deepEqual(toNumbers(make(false)), toNumbers(make(true)));
        const b = new GraphBuilder();
        b.param('w', 'float32', [10], { kind: 'normal', mean: 0, std: 1 });
        assert.notDeepEqual(toNumbers(initParams(b.graph, 8).get('w')!), toNumbers(make(false)));
    });

    it('truncatedNormalRespectsItsBound', () => {
        const b = new GraphBuilder();
        b.param('t', 'float64', [2000], { kind: 'truncatedNormal', std: 1, bound: 0.5 });
        const v = toNumbers(initParams(b.graph, 3).get('t')!);
        assert.ok(v.every((x) => Math.abs(x) <= 0.5));
        assert.ok(v.some((x) => x > 0.45) && v.some((x) => x < -0.45));
    });
});

describe('one-hot targets', () => {
    it('encodesLabelsAndRejectsOutOfRange', () => {
        assert.deepEqual(toNumbers(oneHot([2, 0], 3)), [0, 0, 1, 1, 0, 0]);
        assert.throws(() => oneHot([3], 3), /label 3 at row 0/);
    });
});
