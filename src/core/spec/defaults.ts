// Family defaults, in one place: what an omitted field means in files, Python and benchmarks.
import type { AutoformerSpec, DartsSpec, Nb101Spec, Nb201Spec } from './spec';

export const NB201_DEFAULTS = {
    classes: 10,
    imageSize: 32,
    channels: 16,
    cellsPerStage: 5,
} as const satisfies Partial<Nb201Spec>;

/** NAS-Bench-101's network on CIFAR-10 (Ying et al. 2019). */
export const NB101_DEFAULTS = {
    classes: 10,
    imageSize: 32,
    stemChannels: 128,
    stacks: 3,
    cellsPerStack: 3,
} as const satisfies Partial<Nb101Spec>;

/** The DARTS network as NAS-Bench-301 trained it on CIFAR-10: C = 32, 8 cells. */
export const DARTS_DEFAULTS = {
    classes: 10,
    imageSize: 32,
    channels: 32,
    layers: 8,
} as const satisfies Partial<DartsSpec>;

export const AUTOFORMER_DEFAULTS = {
    headDim: 64,
    patchSize: 16,
    imageSize: 224,
    inChannels: 3,
    classes: 1000,
    pool: 'mean',
} as const satisfies Partial<AutoformerSpec>;

/** Datasets NB201 knows, by the names benchmark and architecture files use. */
export const NB201_DATASETS: Readonly<Record<string, { classes: number; imageSize: number }>> = {
    cifar10: { classes: 10, imageSize: 32 },
    cifar100: { classes: 100, imageSize: 32 },
    imagenet16: { classes: 120, imageSize: 16 },
    'imagenet16-120': { classes: 120, imageSize: 16 },
};
