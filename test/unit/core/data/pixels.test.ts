// Bilinear resize (PyTorch align_corners=False semantics) and per-channel normalisation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataRequest } from '../../../../src/core/data/dataSource';
import { channelStats, resizeBilinear, writeImage } from '../../../../src/core/data/pixels';

const f = Math.fround;

function resize(src: number[], inH: number, inW: number, outH: number, outW: number): number[] {
    const dst = new Float32Array(outH * outW);
    resizeBilinear(src, 0, inH, inW, dst, 0, outH, outW);
    return Array.from(dst);
}

const req = (over: Partial<DataRequest>): DataRequest => ({
    channels: 3,
    height: 2,
    width: 2,
    classes: 10,
    batch: 1,
    batches: 1,
    seed: 0,
    normalization: 'none',
    ...over,
});

describe('resizeBilinear', () => {
    it('upsamplesTwoByTwoWithHalfPixelCentres', () => {
        // Source coordinate (d + 0.5) / 2 - 0.5 per axis: 0 -> -0.25 (clamped to 0), 1 -> 0.25, 2 -> 0.75, 3 -> 1.25 (last pixel).
        const out = resize([0, 4, 8, 12], 2, 2, 4, 4);
        const row = (a: number, b: number) => [a, 0.75 * a + 0.25 * b, 0.25 * a + 0.75 * b, b];
        const top = row(0, 4);
        const bottom = row(8, 12);
        const expected = [0, 0.25, 0.75, 1].flatMap((wy) =>
            top.map((t, i) => (1 - wy) * t + wy * bottom[i]),
        );
        assert.deepEqual(out, expected.map(f));
    });

    it('downsamplesTwoByTwoToTheMeanAtOneByOne', () => {
        assert.deepEqual(resize([1, 2, 3, 10], 2, 2, 1, 1), [4]);
    });

    it('copiesWhenTheSizeIsUnchanged', () => {
        assert.deepEqual(resize([1, 2, 3, 4, 5, 6], 2, 3, 2, 3), [1, 2, 3, 4, 5, 6]);
    });

    it('resizesEachAxisIndependently', () => {
        // 1x2 -> 1x4: columns 0, 0.25, 0.75, 1 of the way from 10 to 30.
        assert.deepEqual(resize([10, 30], 1, 2, 1, 4), [10, 15, 25, 30]);
    });
});

describe('writeImage', () => {
    it('scalesToUnitRangeAndNormalisesPerChannel', () => {
        const r = req({ normalization: 'cifar', height: 1, width: 1 });
        const img = {
            width: 1,
            height: 1,
            channels: 3,
            layout: 'hwc' as const,
            data: Uint8Array.from([255, 0, 51]),
        };
        const out = new Float32Array(3);
        writeImage(img, r, channelStats(r, 'test'), out, 0);
        const [m, s] = [
            [0.4914, 0.4822, 0.4465],
            [0.247, 0.2435, 0.2616],
        ];
        assert.deepEqual(
            Array.from(out),
            [1, 0, 0.2].map((v, c) => f((f(v) - m[c]) / s[c])),
        );
    });

    it('readsPlanarImagesAndIgnoresExtraChannels', () => {
        const r = req({ height: 1, width: 2 });
        const hwc = {
            width: 2,
            height: 1,
            channels: 4,
            layout: 'hwc' as const,
            data: Uint8Array.from([255, 0, 0, 9, 0, 255, 0, 9]),
        };
        const chw = {
            width: 2,
            height: 1,
            channels: 3,
            layout: 'chw' as const,
            data: Uint8Array.from([255, 0, 0, 255, 0, 0]),
        };
        const [a, b] = [new Float32Array(6), new Float32Array(6)];
        writeImage(hwc, r, channelStats(r, 't'), a, 0);
        writeImage(chw, r, channelStats(r, 't'), b, 0);
        assert.deepEqual(Array.from(a), [1, 0, 0, 1, 0, 0]);
        assert.deepEqual(Array.from(b), Array.from(a));
    });

    it('refusesPresetNormalisationForNonRgbChannels', () => {
        assert.throws(
            () => channelStats(req({ channels: 1, normalization: 'imagenet' }), 'x.npy'),
            /x\.npy.*3 channels/,
        );
    });
});
