// The search panel's budget estimate before a run starts: how many architectures the form asks for
// times the seconds one takes on this machine. The seconds come, best first, from runs measured on
// this machine (same space and objective, then same space), from the run files' own timings, and
// else from a documented default per space (docs/search.md). Pure: the page and the tests use it.
import type { ArchitectureTiming, SearchForm } from './searchView';

export type { ArchitectureTiming, TimingBasis } from './searchView';

/**
 * Seconds per architecture before anything is measured: L-SWAG at the default batch (64 x 2) on a
 * 2-core CPU. NB201: 9.0 s per new cell (docs/performance.md, warm). AutoFormer-T: about 20 times an
 * NB201 cell (757 s vs 37 s, measured side by side on a loaded machine); S and B scaled from T by
 * their FLOPs. docs/search.md lists them; a run here replaces them with this machine's own times.
 */
export const DEFAULT_SECONDS_PER_ARCHITECTURE: Readonly<Record<string, number>> = {
    nb201: 10,
    'autoformer-t': 200,
    'autoformer-s': 700,
    'autoformer-b': 1600,
};

/** Supernets a pruning search scores (pruneEvaluations() in core/search/pruning.ts; a test keeps them equal). */
export const PRUNE_SUPERNETS = 780;

/**
 * Seconds per supernet of a pruning search before one is measured, per cell of the supernet: a
 * whole L-SWAG run of C = 4, 3 cells (B = 8, N = 2) scored 780 supernets in 19 min 47 s, worker
 * start and one kill included, on 2 loaded cores (docs/spaces-nb101-darts.md): 1.5 s per supernet.
 * Why per cell: one gated supernet serves the run, so a candidate's cost is one run of it, which
 * grows with the cells far more than with the width.
 */
export const DEFAULT_PRUNE_SECONDS_PER_CELL = 0.5;

/** The timing key of a pruning search's supernets ("darts pruning C=8, 5 cells"). */
export function pruneTimingSpace(width: number, cells: number): string {
    return `darts pruning C=${width}, ${cells} cells`;
}

function defaultSeconds(space: string): number | undefined {
    const prune = /^darts pruning C=\d+, (\d+) cells$/.exec(space);
    return prune
        ? DEFAULT_PRUNE_SECONDS_PER_CELL * Number(prune[1])
        : DEFAULT_SECONDS_PER_ARCHITECTURE[space];
}

export interface BudgetEstimate {
    readonly architectures: number;
    readonly seconds: number;
    readonly timing: ArchitectureTiming;
}

/** Architectures a form's run scores at most (evolution: population x generations; pruning: supernets). */
export function plannedArchitectures(
    form: Pick<SearchForm, 'algorithm' | 'population' | 'generations' | 'samples'>,
): number {
    if (form.algorithm === 'prune') return PRUNE_SUPERNETS;
    return form.algorithm === 'random' ? form.samples : form.population * form.generations;
}

/** The timing that applies to a space and objective: measured here, then run files, then the default. */
export function timingFor(
    timings: readonly ArchitectureTiming[],
    space: string,
    objective: string,
): ArchitectureTiming | undefined {
    const order: ((t: ArchitectureTiming) => boolean)[] = [
        (t) => t.basis === 'measured' && t.objective === objective,
        (t) => t.basis === 'measured',
        (t) => t.basis === 'runs' && t.objective === objective,
        (t) => t.basis === 'runs',
        (t) => t.basis === 'default',
    ];
    for (const matches of order) {
        const found = timings.find((t) => t.space === space && t.seconds > 0 && matches(t));
        if (found) return found;
    }
    const fallback = defaultSeconds(space);
    return fallback === undefined
        ? undefined
        : { space, seconds: fallback, basis: 'default', count: 0 };
}

/** The estimate for a form, or undefined for a space without any timing. */
export function budgetEstimate(
    form: Pick<
        SearchForm,
        | 'space'
        | 'objective'
        | 'algorithm'
        | 'population'
        | 'generations'
        | 'samples'
        | 'width'
        | 'cells'
    >,
    timings: readonly ArchitectureTiming[],
): BudgetEstimate | undefined {
    const space =
        form.algorithm === 'prune' ? pruneTimingSpace(form.width, form.cells) : form.space;
    const timing = timingFor(timings, space, form.objective);
    if (!timing) return undefined;
    const architectures = plannedArchitectures(form);
    return { architectures, seconds: architectures * timing.seconds, timing };
}

/** "under a minute", "~12 min", "~2 h 05 min" */
export function roughDuration(seconds: number): string {
    if (!(seconds >= 60)) return 'under a minute';
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return `~${minutes} min`;
    return `~${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const counts = new Intl.NumberFormat('en-US');

/** The estimate in words, with where its seconds come from. */
export function estimateText(e: BudgetEstimate): string {
    const t = e.timing;
    const per = t.seconds < 10 ? t.seconds.toFixed(2) : t.seconds.toFixed(0);
    const source =
        t.basis === 'measured'
            ? `measured here over ${counts.format(t.count)} architectures${t.objective ? ` (${t.objective})` : ''}`
            : t.basis === 'runs'
              ? `from ${counts.format(t.count)} architectures in this folder's runs${t.objective ? ` (${t.objective})` : ''}`
              : `a default for ${t.space} until a run here is measured`;
    const what = t.space.startsWith('darts pruning') ? 'supernets' : 'architectures';
    return `${roughDuration(e.seconds)} on this machine: ${counts.format(e.architectures)} ${what} \u00d7 ${per} s (${source}).`;
}
