// The search panel's form as a run header, through the same builder as `lswag search` (so the CLI
// resumes a panel run and the panel a CLI run), plus the form's defaults and a run's file name.
// No vscode here: the view passes the settings, data and preset folder in.
import { type Objective, objectiveLabel } from '../core/search/objective';
import { PRUNE_DEFAULTS } from '../core/search/pruning';
import type { SearchHeader } from '../core/search/runFile';
import { SPACE_IDS, type SpaceId } from '../core/spec/spaceId';
import { UserInputError } from '../host/errors';
import { loadPreset } from '../host/presetStore';
import { settingName } from '../host/scoreOptions';
import { DEFAULT_BUDGETS, buildSearchHeader, libraObjective } from '../host/searchHeader';
import type { SearchForm } from '../protocol/searchView';
import type { ScoreOptions } from '../protocol/worker';
import type { DataResolution } from './config';

/**
 * What the form starts with: a short NB201 evolution scored by L-SWAG on synthetic data. Why 100
 * architectures either way: at the default ~10 s per NB201 cell on a laptop CPU that is a quarter of
 * an hour, which the form's estimate shows before a start (AutoFormer's 50 x 20 would take hours).
 */
export const FORM_DEFAULTS: SearchForm = {
    space: 'nb201',
    data: 'synthetic',
    objective: 'lswag',
    algorithm: 'evolution',
    population: 20,
    generations: 5,
    samples: 100,
    // Why the CLI's defaults: a panel run and `lswag search --prune` of the same form are the same run.
    width: PRUNE_DEFAULTS.channels,
    cells: PRUNE_DEFAULTS.layers,
    paramsMin: null,
    paramsMax: null,
    seed: 0,
};

/** Everything besides the form that a header needs (from settings and the extension's storage). */
export interface FormEnvironment {
    /** The `lswag.data` setting resolved (used when the form asks for it). */
    readonly data: DataResolution;
    readonly batch: number;
    readonly batches: number;
    readonly psiSamples: number;
    readonly calibratedWindows: ScoreOptions['calibratedWindows'];
    /** Where LIBRA presets are read (the CLI's folder). */
    /** Folders a `libra:<name>` objective is looked up in (workspace, global, shipped). */
    readonly presetDir: string | readonly string[];
    /** Proxy ids an objective may name. */
    readonly proxies: readonly string[];
}

/** How the builder's field names read in the panel. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
    space: 'Space',
    population: 'Population',
    generations: 'Generations',
    samples: 'Samples',
    'params-min': 'Params min',
    'params-max': 'Params max',
    seed: 'Seed',
};

/** A field of the form by its label; a score option by its setting ("The lswag.batchSize setting"). */
const fieldLabel = (field: string): string =>
    FIELD_LABELS[field] ??
    (settingName(field) === field ? field : `The ${settingName(field)} setting`);

/** Each space's default budget in millions of params, as the form shows it. */
export function defaultBudgetsInMillions(): Record<
    string,
    { min: number | null; max: number | null }
> {
    const m = (n: number | undefined) => (n === undefined ? null : n / 1e6);
    return Object.fromEntries(
        SPACE_IDS.map((s) => [
            s,
            { min: m(DEFAULT_BUDGETS[s]?.min), max: m(DEFAULT_BUDGETS[s]?.max) },
        ]),
    );
}

export function objectiveOf(
    form: SearchForm,
    env: FormEnvironment,
): { objective: Objective; warning?: string } {
    if (!form.objective.startsWith('libra:')) {
        if (!env.proxies.includes(form.objective))
            throw new UserInputError(
                `Objective '${form.objective}' is not a proxy (known: ${env.proxies.join(', ')})`,
            );
        return { objective: { kind: 'proxy', proxy: form.objective } };
    }
    const name = form.objective.slice('libra:'.length);
    const preset = loadPreset(name, env.presetDir);
    const warning =
        preset.space === form.space
            ? undefined
            : `LIBRA preset '${name}' was chosen on ${preset.space}; searching ${form.space}.`;
    return { objective: libraObjective(name, preset), ...(warning ? { warning } : {}) };
}

/** The data the form asks for: synthetic, or the `lswag.data` setting (its problem when unusable). */
export function formData(form: SearchForm, env: FormEnvironment): ScoreOptions['data'] {
    if (form.data === 'setting' && 'error' in env.data) throw new UserInputError(env.data.error);
    return form.data === 'setting' && 'data' in env.data
        ? env.data.data
        : { kind: 'synthetic' as const };
}

/** The run header the form asks for; throws UserInputError with a sentence for the panel. */
export function headerFromForm(
    form: SearchForm,
    env: FormEnvironment,
): { header: SearchHeader; warning?: string } {
    if (!SPACE_IDS.includes(form.space as SpaceId))
        throw new UserInputError(`Space must be one of ${SPACE_IDS.join(', ')}`);
    if (form.algorithm === 'prune')
        throw new UserInputError('A pruning search has its own run file (pruneForm.ts).');
    const data = formData(form, env);
    const { objective, warning } = objectiveOf(form, env);
    const millions = (v: number | null) => (v === null ? undefined : Math.round(v * 1e6));
    const [min, max] = [millions(form.paramsMin), millions(form.paramsMax)];
    const header = buildSearchHeader(
        {
            space: form.space,
            objective,
            algorithm:
                form.algorithm === 'random'
                    ? { kind: 'random', samples: form.samples }
                    : {
                          kind: 'evolution',
                          population: form.population,
                          generations: form.generations,
                      },
            budget: {
                ...(min !== undefined ? { min } : {}),
                ...(max !== undefined ? { max } : {}),
            },
            seed: form.seed,
            data,
            batch: env.batch,
            batches: env.batches,
            psiSamples: env.psiSamples,
            calibratedWindows: env.calibratedWindows,
        },
        fieldLabel,
    );
    return { header, ...(warning ? { warning } : {}) };
}

/** A new run's file name: space, algorithm, objective and the local time, e.g. `nb201-evolution-synflow-20250301-142233`. */
export function runNameFor(
    header: SearchHeader,
    now: Date,
    taken: (name: string) => boolean = () => false,
): string {
    const s = header.settings;
    return stampedRunName(`${s.space}-${s.algorithm.kind}`, s.objective, now, taken);
}

/** `<prefix>-<objective>-<local time>`, with `-2`, `-3`, ... while `taken`. */
export function stampedRunName(
    prefix: string,
    objectiveOfRun: Objective,
    now: Date,
    taken: (name: string) => boolean = () => false,
): string {
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
    const objective = objectiveLabel(objectiveOfRun).replace(/[^A-Za-z0-9._-]+/g, '-');
    const base = `${prefix}-${objective}-${stamp}`;
    let name = base;
    for (let i = 2; taken(name); i++) name = `${base}-${i}`;
    return name;
}
