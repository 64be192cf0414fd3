// What travels through the queue: one architecture per BullMQ job, with the options and the
// fingerprints the worker checks before scoring, and the result it returns. The job id is a digest of
// all of it, so enqueueing the same work twice (a restarted coordinator) finds the job already there.
import { createHash } from 'node:crypto';
import type { ScoreOptions } from '../core/spec/scoreOptions';
import type { ScoreResult } from '../core/spec/scoreResult';
import type { ArchitectureSpec } from '../core/spec/spec';
import { type DataFingerprint, canonicalJson } from './fingerprint';

/** The BullMQ queue every coordinator and worker of one Redis database shares. */
export const QUEUE_NAME = 'lswag-score';

/** BullMQ's name for each job (shown by queue dashboards). */
export const JOB_NAME = 'score';

export interface ScoreJobData {
    readonly spec: ArchitectureSpec;
    readonly options: ScoreOptions;
    readonly optionsFingerprint: string;
    readonly data: DataFingerprint;
    /** The coordinator's lswag version: a worker of another version refuses the job. */
    readonly version: string;
}

export interface ScoreJobResult {
    readonly result: ScoreResult;
    /** The worker that scored it (`host:pid` unless --name), for progress per worker. */
    readonly worker: string;
}

/** `o<options>-d<data>-s<spec>`: hex digests, no `:` (BullMQ refuses custom ids with one). */
export function jobIdOf(data: ScoreJobData): string {
    const spec = createHash('sha256').update(canonicalJson(data.spec)).digest('hex');
    return `o${data.optionsFingerprint.slice(0, 16)}-d${data.data.digest.slice(0, 16)}-s${spec.slice(0, 32)}`;
}

/** Architectures that name a file on this machine cannot be scored by another one. */
export function localOnlyReason(spec: ArchitectureSpec): string | undefined {
    if (spec.family === 'onnx' || spec.family === 'pytorch')
        return `not sent through the queue: ${spec.family} definitions read a file on this machine; score them without --queue`;
    return undefined;
}
