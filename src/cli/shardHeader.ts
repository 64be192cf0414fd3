// `--shard i/n` for batch schedulers (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, a Slurm array's
// SLURM_ARRAY_TASK_ID): a deterministic slice of the architectures, and what a shard's results file
// records so that `lswag merge` can tell that shards agree (options and data fingerprints).
import { version } from '../../package.json';
import type { ScoreOptions } from '../core/spec/scoreOptions';
import { type DataFingerprint, dataFingerprint, optionsFingerprint } from '../queue/fingerprint';
import { UsageError } from './options';

export interface Shard {
    /** 0-based, as Kubernetes and `sbatch --array=0-(n-1)` count. */
    readonly index: number;
    readonly count: number;
}

export const SHARD_FLAG = {
    type: 'string',
    value: 'i/n',
    help: 'Score only shard i of n (0 <= i < n): every n-th architecture from the i-th, in file order.',
} as const;

export function parseShard(text: string | undefined): Shard | undefined {
    if (text === undefined) return undefined;
    const m = /^(\d+)\/(\d+)$/.exec(text.trim());
    const index = m ? Number(m[1]) : NaN;
    const count = m ? Number(m[2]) : NaN;
    if (!m || count < 1 || index >= count || count > 1_000_000)
        throw new UsageError(`--shard must be i/n with 0 <= i < n (e.g. 0/4), got '${text}'`);
    return { index, count };
}

/**
 * The shard's items. Why round robin rather than blocks: benchmark files are often sorted (by
 * accuracy, by size), and interleaving gives every shard a similar mix, so shards end together.
 */
export function takeShard<T>(items: readonly T[], shard: Shard | undefined): T[] {
    return shard ? items.filter((_, k) => k % shard.count === shard.index) : [...items];
}

/** What a results file's header carries for `lswag merge`. */
export interface MergeHeader {
    readonly version: string;
    readonly optionsFingerprint: string;
    readonly data: DataFingerprint;
    readonly shard?: Shard;
}

export function mergeHeader(options: ScoreOptions, shard: Shard | undefined): MergeHeader {
    return {
        version,
        optionsFingerprint: optionsFingerprint(options, version),
        data: dataFingerprint(options),
        ...(shard ? { shard } : {}),
    };
}

/** The merge header of a results file, or undefined when it has none (or a malformed one). */
export function readMergeHeader(value: unknown): MergeHeader | undefined {
    const h = value as Partial<MergeHeader> | undefined;
    const isValid =
        typeof h?.version === 'string' &&
        typeof h.optionsFingerprint === 'string' &&
        typeof h.data?.digest === 'string' &&
        typeof h.data.kind === 'string';
    return isValid ? (h as MergeHeader) : undefined;
}
