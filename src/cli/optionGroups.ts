// Which shared options each kind of command takes (their flags, help and checks are in
// src/host/scoreOptions.ts).
import type { OptionKey } from '../host/scoreOptions';

/** Every command that starts the engine takes these. */
export const ENGINE_OPTIONS = [
    'device',
    'threads',
    'maxWorkerMemoryMb',
] as const satisfies readonly OptionKey[];

/** Where the batches come from and how large they are. */
export const DATA_OPTIONS = [
    'data',
    'labels',
    'batch',
    'batches',
    'seed',
] as const satisfies readonly OptionKey[];

/** Everything that shapes a score (score and eval take all of it). */
export const SCORING_OPTIONS = [
    'proxies',
    ...DATA_OPTIONS,
    'psiSamples',
    'gradientMode',
    'window',
    'vitActivations',
    ...ENGINE_OPTIONS,
] as const satisfies readonly OptionKey[];

/** `--dataset`: which NAS-Bench-201 heads and input size the readers build (score, eval, search). */
export const DATASET_FLAG = {
    type: 'string',
    value: 'cifar10|cifar100|imagenet16-120',
    help: 'NAS-Bench-201 heads and input size (default cifar10).',
} as const;
