// The search panel's "pruning (TE-NAS)" mode: the form as a pruning run's header, built as
// `lswag search --space darts --prune` builds it (same settings, same probe), so the CLI resumes a
// panel run and the panel a CLI run; the result file is the CLI's (host/pruneResult.ts). No vscode here.
import { objectiveProxies } from '../core/search/objective';
import { PRUNE_DEFAULTS, PRUNE_PROBE_DEFAULTS } from '../core/search/pruning';
import { UserInputError } from '../host/errors';
import { PRUNE_RUN_VERSION, type PruneHeader } from '../host/pruneRun';
import { buildScoreOptions } from '../host/scoreOptions';
import type { SearchForm } from '../protocol/searchView';
import { type FormEnvironment, formData, objectiveOf, stampedRunName } from './searchForm';

export { pruneResultFile } from '../host/pruneResult';

/** The pruning run a form asks for; throws UserInputError with a sentence for the panel. */
export function pruneHeaderFromForm(
    form: SearchForm,
    env: FormEnvironment,
): { header: PruneHeader; warning?: string } {
    if (form.space !== 'darts')
        throw new UserInputError('Pruning (TE-NAS) searches the darts space: choose Space darts.');
    if (!(Number.isInteger(form.width) && form.width >= 2 && form.width % 2 === 0))
        throw new UserInputError('Width must be an even whole number of at least 2.');
    if (!(Number.isInteger(form.cells) && form.cells >= 3))
        throw new UserInputError('Cells must be a whole number of at least 3.');
    const { objective, warning } = objectiveOf(form, env);
    const score = buildScoreOptions({
        proxies: objectiveProxies(objective),
        data: formData(form, env),
        // Why the search probe, not the scoring settings: every supernet is a new graph, so the
        // cost is per graph and a larger batch only adds time (docs/spaces-nb101-darts.md).
        batch: PRUNE_PROBE_DEFAULTS.batch,
        batches: PRUNE_PROBE_DEFAULTS.batches,
        seed: form.seed,
        psiSamples: env.psiSamples,
        gradientMode: 'batches',
        calibratedWindows: env.calibratedWindows,
    });
    const header: PruneHeader = {
        kind: 'lswag-prune',
        version: PRUNE_RUN_VERSION,
        settings: { ...PRUNE_DEFAULTS, objective, channels: form.width, layers: form.cells },
        score,
    };
    return { header, ...(warning ? { warning } : {}) };
}

/** A new pruning run's file name, e.g. `darts-prune-lswag-20261207-231500`. */
export function pruneRunName(
    header: PruneHeader,
    now: Date,
    taken?: (name: string) => boolean,
): string {
    return stampedRunName('darts-prune', header.settings.objective, now, taken);
}

/** "pruning C=8, 5 cells" */
export function pruneAlgorithmLabel(header: PruneHeader): string {
    return `pruning C=${header.settings.channels}, ${header.settings.layers} cells`;
}
