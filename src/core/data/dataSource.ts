// The contract between the batch loader and each data source: what is asked for, what comes back,
// and the errors that stop a load. Sources write normalised C×H×W float32 rows; they never sample.
import type { TensorData } from '../ir/tensor';

/** What the model needs from a data source. */
export interface DataRequest {
    readonly channels: number;
    readonly height: number;
    readonly width: number;
    /** Labels are always in [0, classes). */
    readonly classes: number;
    /** Rows per mini-batch (B). */
    readonly batch: number;
    /** Mini-batches (N). */
    readonly batches: number;
    readonly seed: number;
    /** Per-channel mean/std applied to images scaled to [0, 1]; 'none' keeps [0, 1]. */
    readonly normalization: 'cifar' | 'imagenet' | 'none';
}

/** N mini-batches of B rows each, stacked. */
export interface DataBatches {
    /** float32 [N*B, C, H, W] (data is a Float32Array); mini-batch i is rows i*B .. (i+1)*B-1. */
    readonly x: TensorData;
    /** N*B integer labels in [0, classes). */
    readonly labels: number[];
    /** One line for logs and reports: what was loaded and how. */
    readonly description: string;
    /** Everything that was not as asked (skipped files, wrapped labels, reused samples). */
    readonly warnings: string[];
}

/** A data source opened for one request: `count` samples, read one at a time by index. */
export interface SampleSource {
    readonly count: number;
    /** Names the source for messages (kind and path). */
    readonly description: string;
    /** Warnings found while opening; `read` may append more. */
    readonly warnings: string[];
    /**
     * Writes sample `index` as C×H×W float32 at `out[offset..]`, resized and normalised to the
     * request, and returns its label in [0, classes); undefined (with a warning) when unreadable.
     */
    read(index: number, out: Float32Array, offset: number): Promise<number | undefined>;
    close(): Promise<void>;
}

/** A data problem the person has to fix (bad file, wrong shape); the message names the file. */
export class DataError extends Error {
    override readonly name = 'DataError';
}

/** Per-channel mean and std of the normalisation presets (RGB order). */
export const NORMALIZATION: Readonly<
    Record<'cifar' | 'imagenet', { mean: readonly number[]; std: readonly number[] }>
> = {
    cifar: { mean: [0.4914, 0.4822, 0.4465], std: [0.247, 0.2435, 0.2616] },
    imagenet: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
};

/**
 * Maps a source's raw labels into the model's classes: label mod `classes` when the source has
 * more classes than the model, with one warning saying so.
 */
export function labelWrapper(
    sourceClasses: number,
    req: DataRequest,
    what: string,
    warnings: string[],
): (raw: number) => number {
    if (sourceClasses > req.classes) {
        warnings.push(
            `${what} has ${sourceClasses} classes but the model has ${req.classes}; ` +
                `labels are taken mod ${req.classes}.`,
        );
    }
    return (raw) => raw % req.classes;
}

/** Throws unless the request asks for RGB images; image sources always decode to 3 channels. */
export function requireRgb(req: DataRequest, what: string): void {
    if (req.channels !== 3) {
        throw new DataError(
            `${what} holds RGB images (3 channels) but the model expects ${req.channels}.`,
        );
    }
}
