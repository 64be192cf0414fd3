// Finite-difference cases for convolution and pooling: strides with remainders, asymmetric pads,
// dilation, groups, ceil_mode and both AveragePool count modes.
//
// Why float32: onnxruntime's CPU provider has no float64 Conv, ConvTranspose, AveragePool or
// GlobalAveragePool kernel (MaxPool has one, so its cases run in float64 at the default tolerance).
// Tolerance: Conv and ConvTranspose are linear in each input separately and the average pools are
// linear, so a central difference is exact for any step; what is left is float32 rounding of the
// loss (|L| ~ 10, ulp ~ 1e-6) divided by 2·eps, so eps is large (0.25): measured errors are
// <= 8e-6. 1e-4 leaves 10x headroom and still fails a rule scaled by 1.01 in every case, even the
// average pools whose gradients (g / count) are well below 1. (The generic float32 default, 2e-3,
// lets a 1 % error in AveragePool or GlobalAveragePool pass.)
import { type AttrValue, int, ints } from '../../../../../src/core/ir/attrs';
import type { GraphBuilder } from '../../../../../src/core/ir/builder';
import type { Value } from '../../../../../src/core/ir/graph';
import { sizeOf } from '../../../../../src/core/ir/tensor';
import { Rng } from '../../../../../src/core/util/rng';
import type { CaseInput, GradCase } from '../gradcheck';

const FLOAT32 = { dtype: 'float32', eps: 0.25, tolerance: 1e-4 } as const;

interface Window {
    readonly strides?: number[];
    readonly pads?: number[];
    readonly dilations?: number[];
    readonly group?: number;
}

function attrsOf(w: Window): Record<string, AttrValue> {
    const attrs: Record<string, AttrValue> = {};
    if (w.strides) attrs.strides = ints(w.strides);
    if (w.pads) attrs.pads = ints(w.pads);
    if (w.dilations) attrs.dilations = ints(w.dilations);
    if (w.group) attrs.group = int(w.group);
    return attrs;
}

/** Conv of x [N, C, ...space] with O filters of `kernel`; inputs are x, W and (optionally) bias. */
function convCase(
    name: string,
    x: number[],
    o: number,
    kernel: number[],
    w: Window,
    hasBias = false,
): GradCase {
    const inputs: CaseInput[] = [{ shape: x }, { shape: [o, x[1] / (w.group ?? 1), ...kernel] }];
    if (hasBias) inputs.push({ shape: [o] });
    return { ...FLOAT32, op: 'Conv', name, inputs, build: (b, xs) => b.op('Conv', xs, attrsOf(w)) };
}

/** ConvTranspose of x [N, C, ...space] to O channels; W is [C, O / group, ...kernel]. */
function convTransposeCase(
    name: string,
    x: number[],
    o: number,
    kernel: number[],
    w: Window,
    outPad: number[],
    hasBias = false,
): GradCase {
    const inputs: CaseInput[] = [{ shape: x }, { shape: [x[1], o / (w.group ?? 1), ...kernel] }];
    if (hasBias) inputs.push({ shape: [o] });
    const attrs = { ...attrsOf(w), output_padding: ints(outPad) };
    return {
        ...FLOAT32,
        op: 'ConvTranspose',
        name,
        inputs,
        build: (b, xs) => b.op('ConvTranspose', xs, attrs),
    };
}

/**
 * Distinct values 0.25 apart in random order: a ±eps step never changes a max, so MaxPool is
 * linear around every point the check visits (no ties, no kinks).
 */
function spacedValues(shape: number[], seed: number): number[] {
    const n = sizeOf(shape);
    const rng = new Rng(seed);
    const values = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.25);
    for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [values[i], values[j]] = [values[j], values[i]];
    }
    return values;
}

type PoolBuild = (b: GraphBuilder, x: Value) => Value;

function poolCase(
    op: string,
    name: string,
    x: number[],
    kernel: number[],
    w: Window,
    extra: Record<string, AttrValue> = {},
    build?: PoolBuild,
): GradCase {
    const attrs = { kernel_shape: ints(kernel), ...attrsOf(w), ...extra };
    const isMax = op === 'MaxPool';
    return {
        ...(isMax ? { dtype: 'float64', eps: 1e-3 } : FLOAT32),
        op,
        name,
        inputs: [
            { shape: x, values: isMax ? spacedValues(x, x.length * 1000 + kernel[0]) : undefined },
        ],
        build: (b, [v]) => (build ? build(b, v) : b.op(op, [v], attrs)),
    };
}

const ceil = { ceil_mode: int(1) };
const countPad = (on: number) => ({ count_include_pad: int(on) });

export const convCases: GradCase[] = [
    convCase('conv1x1NoBias', [2, 3, 5, 4], 4, [1, 1], {}),
    convCase('conv3x3Pad1WithBias', [2, 3, 6, 6], 4, [3, 3], { pads: [1, 1, 1, 1] }, true),
    convCase('conv3x3Stride2H7NoRemainder', [2, 2, 7, 7], 3, [3, 3], { strides: [2, 2] }),
    convCase(
        'conv3x3Stride2H8Pad1Remainder',
        [2, 2, 8, 8],
        3,
        [3, 3],
        { strides: [2, 2], pads: [1, 1, 1, 1] },
        true,
    ),
    convCase('conv3x3Stride2H8Pad0Remainder', [2, 2, 8, 9], 3, [3, 3], { strides: [2, 2] }),
    convCase(
        'conv2x3Stride3AsymmetricPads',
        [2, 3, 9, 10],
        2,
        [2, 3],
        { strides: [3, 3], pads: [0, 2, 1, 0] },
        true,
    ),
    convCase('conv3x3Dilation2Pad2', [1, 2, 9, 8], 3, [3, 3], {
        dilations: [2, 2],
        pads: [2, 2, 2, 2],
    }),
    convCase('conv3x3Stride2Dilation2Remainder', [2, 2, 10, 9], 2, [3, 3], {
        strides: [2, 2],
        dilations: [2, 2],
        pads: [1, 0, 0, 1],
    }),
    convCase(
        'conv3x3Groups2Stride2Pad1',
        [2, 4, 7, 7],
        6,
        [3, 3],
        { strides: [2, 2], pads: [1, 1, 1, 1], group: 2 },
        true,
    ),
    convCase('conv3x3Depthwise', [2, 3, 6, 5], 3, [3, 3], { pads: [1, 1, 1, 1], group: 3 }),
    convCase(
        'conv3x3DepthwiseMultiplier2Stride2',
        [2, 3, 7, 6],
        6,
        [3, 3],
        { strides: [2, 2], pads: [1, 0, 1, 1], group: 3 },
        true,
    ),
    convCase('conv1x3NonSquareStrides1x2', [2, 2, 5, 9], 3, [1, 3], {
        strides: [1, 2],
        pads: [0, 1, 0, 1],
    }),
    convCase(
        'conv1dStride2AsymmetricPad',
        [2, 3, 11],
        4,
        [3],
        { strides: [2], pads: [1, 0] },
        true,
    ),
    convCase('conv3dGroups2', [1, 4, 4, 5, 4], 2, [2, 3, 2], {
        strides: [1, 2, 1],
        pads: [0, 1, 1, 0, 1, 0],
        group: 2,
    }),

    convTransposeCase(
        'convTranspose3x3Stride2Pad1OutPad1Bias',
        [2, 3, 4, 5],
        2,
        [3, 3],
        { strides: [2, 2], pads: [1, 1, 1, 1] },
        [1, 1],
        true,
    ),
    convTransposeCase(
        'convTransposeGroups2Dilation2Asym',
        [2, 4, 4, 3],
        6,
        [2, 3],
        { strides: [1, 2], dilations: [2, 1], pads: [1, 0, 0, 1], group: 2 },
        [0, 1],
    ),

    poolCase('MaxPool', 'maxPool3x3Stride2Overlapping', [2, 3, 7, 7], [3, 3], { strides: [2, 2] }),
    poolCase('MaxPool', 'maxPool3x3Stride2Pad1', [2, 2, 7, 8], [3, 3], {
        strides: [2, 2],
        pads: [1, 1, 1, 1],
    }),
    poolCase(
        'MaxPool',
        'maxPool3x3Stride2CeilMode',
        [1, 2, 8, 9],
        [3, 3],
        { strides: [2, 2] },
        ceil,
    ),
    poolCase('MaxPool', 'maxPoolCeilOverhangAll', [1, 1, 3, 3], [2, 2], { strides: [2, 2] }, ceil),
    poolCase('MaxPool', 'maxPool2x3Dilation2AsymmetricPads', [1, 2, 8, 7], [2, 3], {
        dilations: [2, 1],
        pads: [1, 0, 0, 1],
    }),
    poolCase(
        'MaxPool',
        'maxPoolReusesForwardIndices',
        [2, 2, 6, 6],
        [2, 2],
        { strides: [2, 2] },
        {},
        (b, x) =>
            b.node(
                'MaxPool',
                [x],
                { kernel_shape: ints([2, 2]), strides: ints([2, 2]) },
                { outputs: 2 },
            )[0],
    ),

    poolCase(
        'AveragePool',
        'avgPool3x3Stride2Pad1ExcludePad',
        [2, 2, 7, 7],
        [3, 3],
        { strides: [2, 2], pads: [1, 1, 1, 1] },
        countPad(0),
    ),
    poolCase(
        'AveragePool',
        'avgPool3x3Stride2Pad1IncludePad',
        [2, 2, 7, 7],
        [3, 3],
        { strides: [2, 2], pads: [1, 1, 1, 1] },
        countPad(1),
    ),
    poolCase(
        'AveragePool',
        'avgPoolAsymmetricPadsIncludePad',
        [1, 3, 6, 7],
        [3, 2],
        { pads: [2, 0, 0, 1] },
        countPad(1),
    ),
    poolCase(
        'AveragePool',
        'avgPoolCeilModeExcludePad',
        [1, 2, 8, 9],
        [3, 3],
        { strides: [2, 2], pads: [1, 0, 1, 0] },
        { ...ceil, ...countPad(0) },
    ),
    poolCase(
        'AveragePool',
        'avgPoolCeilModeIncludePad',
        [1, 2, 8, 9],
        [3, 3],
        { strides: [2, 2], pads: [1, 0, 1, 0] },
        { ...ceil, ...countPad(1) },
    ),
    poolCase(
        'AveragePool',
        'avgPoolCeilModeNoPadsIncludePad',
        [1, 2, 6, 5],
        [2, 2],
        { strides: [2, 2] },
        { ...ceil, ...countPad(1) },
    ),
    // Nine elements, so every one is checked; the last window overhangs the (end) padding.
    poolCase(
        'AveragePool',
        'avgPoolCeilOverhangIncludePadAll',
        [1, 1, 3, 3],
        [3, 2],
        { strides: [2, 2], pads: [1, 0, 0, 0] },
        { ...ceil, ...countPad(1) },
    ),
    poolCase(
        'AveragePool',
        'avgPoolCeilOverhangExcludePadAll',
        [1, 1, 3, 3],
        [3, 2],
        { strides: [2, 2], pads: [1, 0, 0, 0] },
        { ...ceil, ...countPad(0) },
    ),
    poolCase(
        'AveragePool',
        'avgPoolDilation2ExcludePadAll',
        [1, 1, 3, 3],
        [2, 2],
        { dilations: [2, 1], pads: [1, 0, 1, 1] },
        countPad(0),
    ),
    poolCase(
        'AveragePool',
        'avgPoolDilation2IncludePad',
        [1, 2, 8, 7],
        [2, 3],
        { dilations: [2, 1], pads: [1, 1, 0, 1] },
        countPad(1),
    ),
    poolCase(
        'AveragePool',
        'avgPool1dStride3Remainder',
        [2, 3, 11],
        [3],
        { strides: [3], pads: [1, 0] },
        countPad(0),
    ),

    poolCase('GlobalAveragePool', 'globalAveragePool2d', [2, 3, 4, 5], [1], {}, {}, (b, x) =>
        b.op('GlobalAveragePool', [x]),
    ),
];
