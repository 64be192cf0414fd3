// The "New search" form: space, objective (proxies and LIBRA presets), data, algorithm with its
// counts, params budget and seed. Reads what was typed into a SearchForm, or says what is wrong; the
// host checks everything again. Every control carries data-field="<name>" for tests and automation.
import type { SearchForm, SearchFormOptions } from '../../src/protocol/searchView';
import { budgetEstimate, estimateText } from '../../src/protocol/searchViewEstimate';
import { el, toolkit } from './dom';

type Control = HTMLElement & { value: string; disabled: boolean };

type NumberField =
    | 'population'
    | 'generations'
    | 'samples'
    | 'width'
    | 'cells'
    | 'paramsMin'
    | 'paramsMax'
    | 'seed';

type Algorithm = SearchForm['algorithm'];

const LABELS: Readonly<Record<NumberField, string>> = {
    population: 'Population',
    generations: 'Generations',
    samples: 'Samples',
    width: 'Width (C)',
    cells: 'Cells',
    paramsMin: 'Params min (M)',
    paramsMax: 'Params max (M)',
    seed: 'Seed',
};

/** A typed count: a whole number from 1 up. */
const isCount = (n: number) => Number.isInteger(n) && n >= 1 && n <= 1_000_000;

/** Pruning's supernet: an even width C from 2, and 3 cells or more (as `lswag search --prune`). */
const isWidth = (n: number) => Number.isInteger(n) && n >= 2 && n <= 1024 && n % 2 === 0;
const isCells = (n: number) => Number.isInteger(n) && n >= 3 && n <= 64;

/** The algorithms and the spaces each one searches ('prune' is TE-NAS pruning, darts only). */
export const ALGORITHMS: readonly {
    value: Algorithm;
    label: string;
    spaces?: readonly string[];
}[] = [
    { value: 'evolution', label: 'Evolution' },
    { value: 'random', label: 'Random' },
    { value: 'prune', label: 'Pruning (TE-NAS)', spaces: ['darts'] },
];

/** Whether `algorithm` searches `space`. */
export const offers = (algorithm: string, space: string): boolean =>
    ALGORITHMS.some((a) => a.value === algorithm && (!a.spaces || a.spaces.includes(space)));

const algorithmOf = (v: string): Algorithm => (v === 'random' || v === 'prune' ? v : 'evolution');

/** Reads a form's text values; `error` names the first field that is wrong. */
export function parseFormValues(
    v: Readonly<Record<keyof SearchForm, string>>,
): { form: SearchForm } | { error: string } {
    const num = (k: NumberField) => (v[k].trim() === '' ? NaN : Number(v[k].trim()));
    const algorithm = algorithmOf(v.algorithm);
    if (algorithm === 'prune') {
        if (!offers(algorithm, v.space))
            return { error: 'Pruning (TE-NAS) searches the darts space only.' };
        if (!isWidth(num('width')))
            return { error: `${LABELS.width} must be an even whole number of at least 2.` };
        if (!isCells(num('cells')))
            return { error: `${LABELS.cells} must be a whole number from 3 to 64.` };
    }
    for (const k of algorithm === 'random'
        ? (['samples'] as const)
        : algorithm === 'evolution'
          ? (['population', 'generations'] as const)
          : []) {
        if (!isCount(num(k)))
            return { error: `${LABELS[k]} must be a whole number of at least 1.` };
    }
    // Why none for pruning: it has no params budget (its fields are hidden).
    const bound = (k: 'paramsMin' | 'paramsMax') =>
        algorithm === 'prune' || v[k].trim() === '' ? null : num(k);
    const [min, max] = [bound('paramsMin'), bound('paramsMax')];
    for (const [k, b] of [
        ['paramsMin', min],
        ['paramsMax', max],
    ] as const) {
        if (b !== null && !(Number.isFinite(b) && b >= 0 && b <= 100_000))
            return {
                error: `${LABELS[k]} must be empty or millions of parameters (e.g. 23 or 0.5).`,
            };
    }
    if (min !== null && max !== null && min > max)
        return { error: 'Params min is above Params max: no architecture fits.' };
    const seed = v.seed.trim() === '' ? 0 : num('seed');
    if (!(Number.isInteger(seed) && seed >= 0 && seed <= 2 ** 31 - 1))
        return { error: 'Seed must be a whole number of at least 0.' };
    const count = (k: NumberField, fallback: number) => (isCount(num(k)) ? num(k) : fallback);
    return {
        form: {
            space: v.space,
            data: v.data === 'setting' ? 'setting' : 'synthetic',
            objective: v.objective,
            algorithm,
            // Why fallbacks: the fields of the other algorithms are not used, but the message carries them.
            population: count('population', 50),
            generations: count('generations', 20),
            samples: count('samples', 1000),
            width: isWidth(num('width')) ? num('width') : 8,
            cells: isCells(num('cells')) ? num('cells') : 5,
            paramsMin: min,
            paramsMax: max,
            seed,
        },
    };
}

export class FormView {
    readonly root = el('details', 'form');
    private readonly controls = new Map<keyof SearchForm, Control>();
    private readonly error = el('p', 'error');
    private readonly estimate = el('p', 'estimate muted');
    private readonly start: Control;
    private readonly body = el('div', 'fields');
    private options: SearchFormOptions | undefined;
    private isBusy = false;

    constructor(
        private readonly onStart: (form: SearchForm) => void,
        private readonly onEdit: (values: Record<keyof SearchForm, string>) => void,
    ) {
        this.root.open = true;
        const summary = el('summary', undefined, 'New search');
        this.error.setAttribute('role', 'alert');
        this.estimate.dataset.testid = 'estimate';
        this.estimate.setAttribute('aria-live', 'polite');
        this.error.dataset.testid = 'form-error';
        this.start = toolkit(
            'vscode-button',
            { 'data-action': 'start' },
            'Start search',
        ) as Control;
        this.start.addEventListener('click', () => this.submit());
        const actions = el('div', 'actions');
        actions.append(this.start);
        this.root.append(summary, this.body, this.estimate, this.error, actions);
    }

    /** Builds the fields for these options, keeping `values` (saved or typed) where they still apply. */
    setOptions(
        options: SearchFormOptions,
        values?: Partial<Record<keyof SearchForm, string>>,
    ): void {
        const keep = { ...this.values(), ...values };
        this.options = options;
        this.controls.clear();
        this.body.replaceChildren();
        const d = options.defaults;
        const pick = (k: keyof SearchForm, allowed: readonly string[], fallback: string) => {
            const v = keep[k];
            return v !== undefined && allowed.includes(v) ? v : fallback;
        };
        const space = pick('space', options.spaces, d.space);
        this.dropdown(
            'space',
            'Space',
            options.spaces.map((s) => ({ value: s, label: s })),
            space,
        );
        const objectives = [
            ...options.proxies.map((p) => ({ value: p, label: p })),
            ...options.presets.map((p) => ({
                value: `libra:${p.name}`,
                label: `LIBRA ${p.name} (${p.space}: ${p.picks.join(' + ')})`,
            })),
        ];
        this.dropdown(
            'objective',
            'Objective',
            objectives,
            pick(
                'objective',
                objectives.map((o) => o.value),
                d.objective,
            ),
        );
        const data = [
            { value: 'synthetic', label: 'Synthetic' },
            {
                value: 'setting',
                label: `Setting: ${options.dataSetting.label}`,
                disabled: !options.dataSetting.usable,
                title: options.dataSetting.problem,
            },
        ];
        this.dropdown(
            'data',
            'Data',
            data,
            options.dataSetting.usable
                ? pick('data', ['synthetic', 'setting'], d.data)
                : 'synthetic',
        );
        const algorithm = pick('algorithm', ['evolution', 'random', 'prune'], d.algorithm);
        this.algorithmChooser(offers(algorithm, space) ? algorithm : 'evolution');
        const budget = options.defaultBudgets[space];
        const text = (k: NumberField, fallback: number | null) =>
            keep[k] ?? (fallback === null ? '' : String(fallback));
        this.textField('population', text('population', d.population), 'evolution');
        this.textField('generations', text('generations', d.generations), 'evolution');
        this.textField('samples', text('samples', d.samples), 'random');
        this.textField('width', text('width', d.width), 'prune');
        this.textField('cells', text('cells', d.cells), 'prune');
        // Why not for pruning: it has no budget; its supernets shrink to one genotype.
        this.textField('paramsMin', text('paramsMin', budget?.min ?? null), 'evolution random');
        this.textField('paramsMax', text('paramsMax', budget?.max ?? null), 'evolution random');
        this.textField('seed', text('seed', d.seed));
        if (options.blocked) this.showError(options.blocked);
        this.refresh();
        // Why again: the dropdowns and the radio group take their values in microtasks queued above.
        queueMicrotask(() => this.refresh());
    }

    /** A search is running: Start waits for it. */
    setBusy(isBusy: boolean): void {
        this.isBusy = isBusy;
        this.refresh();
    }

    showError(text: string): void {
        this.error.textContent = text;
        this.error.hidden = text === '';
    }

    /** The current text of every control. */
    values(): Partial<Record<keyof SearchForm, string>> {
        return Object.fromEntries([...this.controls].map(([k, c]) => [k, c.value]));
    }

    private submit(): void {
        if (this.start.disabled) return;
        const parsed = parseFormValues(this.values() as Record<keyof SearchForm, string>);
        if ('error' in parsed) {
            this.showError(parsed.error);
            return;
        }
        this.showError('');
        this.onStart(parsed.form);
    }

    private refresh(): void {
        const blocked = this.options?.blocked !== undefined;
        this.start.disabled = this.isBusy || blocked || !this.options;
        this.start.title = this.isBusy
            ? 'A search is running; stop it first'
            : (this.options?.blocked ?? '');
        const algorithm = this.controls.get('algorithm')?.value ?? 'evolution';
        const space = this.controls.get('space')?.value ?? '';
        this.body
            .querySelectorAll<HTMLElement>('[data-for]')
            .forEach((row) => (row.hidden = !row.dataset.for!.split(' ').includes(algorithm)));
        // Why hidden, not disabled: the pruning mode exists only for the darts space.
        this.body
            .querySelectorAll<HTMLElement>('vscode-radio[data-value]')
            .forEach((radio) => (radio.hidden = !offers(radio.dataset.value!, space)));
        this.showEstimate();
    }

    /** "~17 min on this machine: 100 architectures x 10 s (...)", or nothing while a count is wrong. */
    private showEstimate(): void {
        const parsed = this.options
            ? parseFormValues(this.values() as Record<keyof SearchForm, string>)
            : undefined;
        const e =
            parsed && 'form' in parsed
                ? budgetEstimate(parsed.form, this.options?.timings ?? [])
                : undefined;
        this.estimate.textContent = e ? estimateText(e) : '';
        this.estimate.hidden = !e;
    }

    private edited(): void {
        this.refresh();
        this.onEdit(this.values() as Record<keyof SearchForm, string>);
    }

    private row(field: string, label: string, control: HTMLElement, only?: string): void {
        const id = `field-${field}`;
        const caption = el('label', 'field-label', label);
        caption.id = `${id}-label`;
        control.setAttribute('aria-labelledby', caption.id);
        control.dataset.field = field;
        const row = el('div', 'field');
        if (only) row.dataset.for = only;
        row.append(caption, control);
        this.body.append(row);
    }

    private dropdown(
        field: keyof SearchForm,
        label: string,
        items: readonly { value: string; label: string; disabled?: boolean; title?: string }[],
        value: string,
    ): void {
        const dropdown = toolkit('vscode-dropdown', { position: 'below' }) as Control;
        for (const item of items) {
            const option = toolkit('vscode-option', { value: item.value }, item.label);
            if (item.value === value) option.setAttribute('selected', '');
            if (item.disabled) option.setAttribute('disabled', '');
            if (item.title) option.title = item.title;
            dropdown.append(option);
        }
        dropdown.addEventListener('change', () => {
            if (field === 'space') this.spaceChanged(dropdown.value);
            this.edited();
        });
        this.row(field, label, dropdown);
        this.controls.set(field, dropdown);
        // Why after insertion: the toolkit picks the selected option once the element is connected.
        queueMicrotask(() => (dropdown.value = value));
    }

    private algorithmChooser(value: string): void {
        const group = toolkit('vscode-radio-group', { orientation: 'horizontal' }) as Control;
        for (const { value: v, label: text } of ALGORITHMS) {
            const radio = toolkit('vscode-radio', { value: v, 'data-value': v }, text);
            if (v === value) radio.setAttribute('checked', '');
            group.append(radio);
        }
        group.addEventListener('change', () => this.edited());
        this.row('algorithm', 'Algorithm', group);
        this.controls.set('algorithm', group);
        queueMicrotask(() => (group.value = value));
    }

    private textField(field: NumberField, value: string, only?: string): void {
        const input = toolkit('vscode-text-field', {
            value,
            inputmode: field.startsWith('params') ? 'decimal' : 'numeric',
            size: '8',
        }) as Control;
        if (field.startsWith('params')) input.setAttribute('placeholder', 'none');
        input.addEventListener('input', () => this.edited());
        this.row(field, LABELS[field], input, only);
        this.controls.set(field, input);
    }

    /**
     * A new space: its default budget replaces the bounds (AutoFormer-S: 18-23 M, others none), and
     * an algorithm the space lacks (pruning outside darts) falls back to evolution.
     */
    private spaceChanged(space: string): void {
        const algorithm = this.controls.get('algorithm');
        if (algorithm && !offers(algorithm.value, space)) algorithm.value = 'evolution';
        const budget = this.options?.defaultBudgets[space];
        const set = (k: NumberField, v: number | null | undefined) => {
            const c = this.controls.get(k);
            if (c) c.value = v === null || v === undefined ? '' : String(v);
        };
        set('paramsMin', budget?.min);
        set('paramsMax', budget?.max);
    }
}
