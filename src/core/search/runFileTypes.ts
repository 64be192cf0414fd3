// The records of a search run file (see runFile.ts), as types: the reader, its line checks and the
// hosts share them without importing the reader itself.
import type { ScoreOptions } from '../spec/scoreOptions';
import type { SearchSettings } from './planner';

export const RUN_FILE_VERSION = 1;

export interface SearchHeader {
    readonly kind: 'lswag-search';
    readonly version: number;
    readonly settings: SearchSettings;
    readonly score: ScoreOptions;
}

export interface GenerationRecord {
    readonly kind: 'generation';
    readonly index: number;
    /** Best architecture of the archive so far (objective over every record up to this generation). */
    readonly best: { readonly key: string; readonly value: number | null } | null;
    /** Mean objective over this generation's records (finite values only); null when none. */
    readonly mean: number | null;
    readonly scored: number;
}
