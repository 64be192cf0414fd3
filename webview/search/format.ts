// Pure formatting for the search panel: objective values, counts, durations and one-line run
// descriptions. No DOM, so unit tests import it directly.
import { formatNumber } from '../../src/protocol/numberFormat';
import type { RunProgress, RunSummary } from '../../src/protocol/searchView';

const counts = new Intl.NumberFormat('en-US');

/** 1,000 */
export function formatCount(n: number): string {
    return counts.format(n);
}

/** An objective value as every view shows numbers: 113.7, 9.564e+7, -3.142, 1.234e-4; null -> '-'. */
export function formatValue(v: number | null | undefined): string {
    return formatNumber(v);
}

/** "45 s", "12 min", "2 h 05 min"; null -> 'unknown'. */
export function formatDuration(seconds: number | null): string {
    if (seconds === null || !Number.isFinite(seconds)) return 'unknown';
    if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `${minutes} min`;
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** "nb201 · synflow · evolution 50 x 20" */
export function describeRun(r: Pick<RunSummary, 'space' | 'objective' | 'algorithm'>): string {
    return [r.space, r.objective, r.algorithm].filter((s) => s !== '').join(' \u00b7 ');
}

/** "523 / 1,000 evaluated" */
export function evaluatedText(r: Pick<RunSummary, 'evaluated' | 'expected'>): string {
    return `${formatCount(r.evaluated)} / ${formatCount(r.expected)} evaluated`;
}

/** Share done, 0..1 (0 when nothing is expected). */
export function fractionDone(p: Pick<RunProgress, 'evaluated' | 'expected'>): number {
    return p.expected > 0 ? Math.min(1, p.evaluated / p.expected) : 0;
}

/** Whether a run with this state still uses the engine (Stop applies, Start and Resume wait). */
export function isActive(state: RunProgress['state'] | undefined): boolean {
    return state === 'starting' || state === 'running' || state === 'stopping';
}

/** Whether the run the panel follows can be resumed from its card (it stopped before its end). */
export function isResumable(state: RunProgress['state'] | undefined): boolean {
    return state === 'stopped' || state === 'incomplete';
}

/** The state badge's words. */
export function stateText(state: RunProgress['state'] | RunSummary['state']): string {
    return state === 'incomplete' ? 'incomplete (resume retries)' : state;
}
