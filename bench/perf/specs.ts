// The benchmark's architectures: NAS-Bench-201's reference cell and an AutoFormer-T ViT, matching
// the PyTorch models of torch_models.py.
import { AUTOFORMER_DEFAULTS, NB201_DEFAULTS } from '../../src/core/spec/defaults';
import type { ArchitectureSpec } from '../../src/core/spec/spec';

export const REFERENCE_CELL =
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';

const AUTOFORMER_T_RATIOS = [3.5, 3.5, 3.0, 3.5, 3.0, 3.0, 4.0, 4.0, 3.5, 4.0, 3.5, 4.0, 3.5];

export const SPECS: Record<string, ArchitectureSpec> = {
    nb201: { family: 'nb201', name: 'nb201', cell: REFERENCE_CELL, ...NB201_DEFAULTS },
    'autoformer-t': {
        family: 'autoformer',
        name: 'autoformer-t',
        embedDim: 192,
        depth: 13,
        mlpRatio: AUTOFORMER_T_RATIOS,
        numHeads: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 3, 3],
        ...AUTOFORMER_DEFAULTS,
    },
};

const OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'];

/** Cell k of NAS-Bench-201's 5^6 cells (base-5 digits, edge order of the cell string). */
export function nb201Cell(k: number): string {
    const op = (e: number) => OPS[Math.floor(k / 5 ** e) % 5];
    return `|${op(0)}~0|+|${op(1)}~0|${op(2)}~1|+|${op(3)}~0|${op(4)}~1|${op(5)}~2|`;
}

/**
 * Another architecture of the same space and shapes, to warm a process up (heap grown, code
 * compiled) without putting the measured architecture's session in a cache.
 */
export const WARM_UP_SPECS: Record<string, ArchitectureSpec> = {
    nb201: {
        ...SPECS.nb201,
        name: 'nb201-warm-up',
        cell: REFERENCE_CELL.replace('skip_connect~0', 'nor_conv_1x1~0'),
    } as ArchitectureSpec,
    'autoformer-t': {
        ...SPECS['autoformer-t'],
        name: 'autoformer-t-warm-up',
        mlpRatio: [4.0, ...AUTOFORMER_T_RATIOS.slice(1)],
    } as ArchitectureSpec,
};
