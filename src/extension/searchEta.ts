// Time left in a search, from the rate of the results that arrived in this session: a window of the
// most recent ones, so a slow first architecture (worker start, session build) is soon forgotten.
// No vscode here: the search session and its tests use it as it is.

/** Results the rate is measured over (the newest ones). */
export const ETA_WINDOW = 20;

export class EtaEstimator {
    private readonly samples: { readonly at: number; readonly evaluated: number }[] = [];

    constructor(private readonly window = ETA_WINDOW) {}

    /** Records that `evaluated` architectures were done at time `at` (ms). */
    record(at: number, evaluated: number): void {
        const last = this.samples.at(-1);
        if (last && evaluated <= last.evaluated) return;
        this.samples.push({ at, evaluated });
        if (this.samples.length > this.window + 1) this.samples.shift();
    }

    /** Seconds until `expected`, or null until two results arrived (or when they took no time). */
    secondsLeft(expected: number): number | null {
        const first = this.samples[0];
        const last = this.samples.at(-1);
        if (!first || !last || last === first) return null;
        const perMs = (last.evaluated - first.evaluated) / (last.at - first.at);
        if (!(perMs > 0) || !Number.isFinite(perMs)) return null;
        return Math.max(0, expected - last.evaluated) / perMs / 1000;
    }
}
