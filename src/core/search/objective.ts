// The objective of a search (higher is better) and the archive ranking the planners select from.
// A proxy's objective is its raw score (null ranks worst); a LIBRA preset's is Σ w log(rank/N) with
// ranks taken within the records given (the planners pass every record of the earlier generations).
import { presetScore } from '../libra/preset';
import type { ScoreResult } from '../spec/scoreResult';
import type { Genome } from './spaces';

export type Objective =
    | { readonly kind: 'proxy'; readonly proxy: string }
    | {
          readonly kind: 'libra';
          readonly name: string;
          readonly picks: readonly string[];
          readonly weights?: readonly number[];
      };

/** One scored architecture, as the run file stores it. */
export interface EvalRecord {
    readonly kind: 'eval';
    readonly key: string;
    readonly genome: Genome;
    readonly generation: number;
    readonly result: ScoreResult;
}

export interface RankedRecord {
    readonly record: EvalRecord;
    readonly value: number;
}

/** The proxies the engine must compute for this objective. */
export function objectiveProxies(o: Objective): string[] {
    return o.kind === 'proxy' ? [o.proxy] : [...new Set(o.picks)];
}

export function objectiveLabel(o: Objective): string {
    return o.kind === 'proxy' ? o.proxy : `libra:${o.name}`;
}

/** Objective value per record (same order); -Infinity for a proxy score that is missing. */
export function objectiveValues(o: Objective, records: readonly EvalRecord[]): number[] {
    if (o.kind === 'proxy') return records.map((r) => r.result.scores[o.proxy] ?? -Infinity);
    return presetScore(
        { picks: o.picks, weights: o.weights },
        records.map((r) => r.result.scores),
    );
}

/**
 * Records sorted best first; ties broken by key so the order depends on the set of records only,
 * never on the order they were appended in (a resumed run appends in another order).
 */
export function rankRecords(o: Objective, records: readonly EvalRecord[]): RankedRecord[] {
    const sorted = [...records].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const values = objectiveValues(o, sorted);
    return sorted
        .map((record, i) => ({ record, value: values[i] }))
        .sort(
            (a, b) =>
                b.value - a.value ||
                (a.record.key < b.record.key ? -1 : a.record.key > b.record.key ? 1 : 0),
        );
}
