// countDistinct: the marking path (small integer codes) and the sorting path (larger or BigInt
// codes) agree with a Set on the same values, across array boundaries.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countDistinct } from '../../../../src/core/proxies/numeric';
import { Rng } from '../../../../src/core/util/rng';

const bySet = (arrays: readonly (Float64Array | BigInt64Array)[]) =>
    new Set(arrays.flatMap((a) => Array.from(a as ArrayLike<number | bigint>, String))).size;

describe('countDistinct', () => {
    const rng = new Rng(7);
    const codes = (n: number, below: number) =>
        Float64Array.from({ length: n }, () => Math.floor(rng.uniform(0, below)));

    it('smallIntegerCodesAcrossLayers', () => {
        const layers = [codes(1000, 1 << 16), codes(10, 4), codes(5000, 300), new Float64Array(0)];
        assert.equal(countDistinct(layers), bySet(layers));
        assert.equal(countDistinct([Float64Array.of(0, 0, 0)]), 1);
        assert.equal(
            countDistinct([Float64Array.of(5), Float64Array.of(5, 6)]),
            2,
            'a code repeated in another layer counts once',
        );
    });

    it('codesBeyondTheTableAndNonIntegersAreSorted', () => {
        const wide = [codes(2000, 2 ** 40), Float64Array.of(2 ** 40 + 1, 3, 3)];
        assert.equal(countDistinct(wide), bySet(wide));
        const fractional = [Float64Array.of(0.5, 0.5, 1, 2)];
        assert.equal(countDistinct(fractional), 3);
        const negative = [Float64Array.of(-1, -1, 0)];
        assert.equal(countDistinct(negative), 2);
        const big = [BigInt64Array.of(1n << 60n, 1n << 60n, 3n)];
        assert.equal(countDistinct(big), 2);
        assert.equal(countDistinct([]), 0);
    });
});
