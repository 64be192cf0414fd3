// Seconds per architecture measured by this machine's searches, per space and objective, kept in the
// extension's machine-local global state (not synced: another machine's speed would mislead), and
// the run files' own timings as a second source. The search panel's budget estimate reads both.
// No vscode here: the store takes anything with Memento's get and update.
import type { ArchitectureTiming } from '../protocol/searchViewEstimate';
import type { RunSummary } from '../protocol/searchView';

/** The part of vscode.Memento the store needs. */
export interface TimingMemento {
    get<T>(key: string): T | undefined;
    update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

interface Stored {
    readonly seconds: number;
    readonly count: number;
}

const KEY = 'lswag.search.secondsPerArchitecture';

/**
 * Why a cap: the mean weighs at most this many past architectures, so a faster machine setting
 * (more threads, a GPU) shows in the estimate after a run or two instead of never.
 */
export const MEASURE_WEIGHT_CAP = 200;

export class SearchTimings {
    /** Why optional: a context without global state (some test hosts) measures nothing. */
    constructor(private readonly memento: TimingMemento | undefined) {}

    /** Records that `count` architectures of `space` scored by `objective` took `seconds` each. */
    async record(space: string, objective: string, seconds: number, count: number): Promise<void> {
        if (!this.memento || !(seconds > 0) || !Number.isFinite(seconds) || !(count >= 1)) return;
        const all = { ...this.all() };
        const key = `${space}|${objective}`;
        const old = all[key];
        const weight = Math.min(old?.count ?? 0, MEASURE_WEIGHT_CAP);
        const mean = (weight * (old?.seconds ?? 0) + count * seconds) / (weight + count);
        all[key] = { seconds: mean, count: (old?.count ?? 0) + count };
        await this.memento.update(KEY, all);
    }

    /** Every measured timing, as the estimate reads them. */
    timings(): ArchitectureTiming[] {
        return Object.entries(this.all()).flatMap(([key, v]) => {
            const [space, objective] = key.split('|');
            return space && objective && v.seconds > 0
                ? [
                      {
                          space,
                          objective,
                          seconds: v.seconds,
                          basis: 'measured' as const,
                          count: v.count,
                      },
                  ]
                : [];
        });
    }

    private all(): Readonly<Record<string, Stored>> {
        const v = this.memento?.get<Record<string, Stored>>(KEY);
        return v && typeof v === 'object' ? v : {};
    }
}

/**
 * Timings from the run files listed in the history: per space and objective, the mean of the
 * worker's seconds per architecture weighted by how many each run scored.
 */
export function runTimings(runs: readonly RunSummary[]): ArchitectureTiming[] {
    const sums = new Map<string, { seconds: number; count: number }>();
    for (const r of runs) {
        if (r.secondsPerArchitecture === undefined || r.evaluated === 0) continue;
        const key = `${r.space}|${r.objective}`;
        const s = sums.get(key) ?? { seconds: 0, count: 0 };
        sums.set(key, {
            seconds: s.seconds + r.secondsPerArchitecture * r.evaluated,
            count: s.count + r.evaluated,
        });
    }
    return [...sums].map(([key, s]) => {
        const [space, objective] = key.split('|');
        return { space, objective, seconds: s.seconds / s.count, basis: 'runs', count: s.count };
    });
}
