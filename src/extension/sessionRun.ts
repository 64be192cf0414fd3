// What one run of the search side panel's session hands the loop that drives it (an evolution or
// random search, or a pruning search): its stop signal, its clock, the engine, and the snapshot it
// updates. Also the pace measure both loops report for the budget estimate. No vscode here.
import type { SearchEngine } from '../host/searchLoop';
import type { RunProgress } from '../protocol/searchView';

/** The panel's progress without the device (the view adds the engine's). */
export type SessionSnapshot = Omit<RunProgress, 'device'>;

/** Wall seconds per architecture of one session's run, as `SearchSessionDeps.onMeasured` takes it. */
export interface Measured {
    /** The space, or a pruning search's timing key (pruneTimingSpace). */
    readonly space: string;
    readonly objective: string;
    readonly seconds: number;
    readonly count: number;
}

export interface SessionRun {
    readonly signal: AbortSignal;
    readonly now: () => number;
    readonly engine: () => Promise<SearchEngine>;
    readonly update: (change: Partial<SessionSnapshot>) => void;
    readonly message: (text: string) => void;
    /** The snapshot as it stands. */
    readonly snapshot: () => SessionSnapshot;
    readonly onMeasured?: (m: Measured) => void;
}

/** Wall time per architecture over the results of one session, the first one left out. */
export class Pace {
    private first: { at: number; evaluated: number } | undefined;
    private last: { at: number; evaluated: number } | undefined;

    /** `before`: the architectures the run file held when this session began. */
    constructor(private readonly before: number) {}

    record(at: number, evaluated: number): void {
        const newest = this.last ?? this.first;
        if (evaluated <= (newest?.evaluated ?? this.before)) return;
        // Why the first result is the base: it includes the worker's start and the first session.
        if (!this.first) this.first = { at, evaluated };
        else this.last = { at, evaluated };
    }

    secondsPerArchitecture(): { seconds: number; count: number } | undefined {
        if (!this.first || !this.last) return undefined;
        const count = this.last.evaluated - this.first.evaluated;
        const seconds = (this.last.at - this.first.at) / 1000 / count;
        return count >= 2 && seconds > 0 ? { seconds, count } : undefined;
    }
}
