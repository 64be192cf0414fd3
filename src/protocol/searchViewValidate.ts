// Runtime check of every message the search panel posts (searchView.ts declares them). The page is
// untrusted input: an unknown type, a missing or extra field, a number out of range or a run name
// that could leave the runs folder is rejected with a reason, never cast.
import type { SearchForm, SearchViewToHostMessage } from './searchView';

export type ValidatedSearchViewMessage =
    | { readonly ok: true; readonly message: SearchViewToHostMessage }
    | { readonly ok: false; readonly reason: string };

/** Largest population, generation count or sample count a form may ask for. */
export const MAX_COUNT = 1_000_000;
/** Largest params bound in millions (far above any space's largest network). */
export const MAX_PARAMS_M = 100_000;
/** Widest pruning supernet (C) and most cells a form may ask for (as `lswag search --prune`). */
export const MAX_PRUNE_WIDTH = 1024;
export const MAX_PRUNE_CELLS = 64;
/** Longest run name (a file name). */
export const MAX_RUN_NAME = 200;

const fieldsOf: Readonly<Record<SearchViewToHostMessage['type'], readonly string[]>> = {
    ready: [],
    start: ['form'],
    stop: [],
    resume: ['run'],
    openBest: ['run'],
    openRunFile: ['run'],
    refresh: [],
};

const formFields: readonly (keyof SearchForm)[] = [
    'space',
    'data',
    'objective',
    'algorithm',
    'population',
    'generations',
    'samples',
    'width',
    'cells',
    'paramsMin',
    'paramsMax',
    'seed',
];

function describe(v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'an array';
    if (typeof v === 'string') return `'${v.slice(0, 40)}'`;
    return typeof v === 'number' || typeof v === 'boolean' ? String(v) : typeof v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A run name is a file name inside `.lswag/runs`: no separators, no `..`, no control characters.
 * Why: the host also looks the name up among the files it listed, so this is the first of two fences.
 */
export function runNameProblem(v: unknown): string | undefined {
    if (typeof v !== 'string' || v.length === 0)
        return `must be a non-empty string, not ${describe(v)}`;
    if (v.length > MAX_RUN_NAME) return `is longer than ${MAX_RUN_NAME} characters`;
    if (/[\\/]/.test(v)) return 'holds a path separator';
    if (v === '.' || v === '..' || v.startsWith('.')) return 'starts with a dot';
    if (/[\u0000-\u001f\u007f]/.test(v)) return 'holds a control character';
    return undefined;
}

function formProblem(x: unknown): string | undefined {
    if (!isPlainObject(x)) return `form must be an object, not ${describe(x)}`;
    const extra = Object.keys(x).filter((k) => !formFields.includes(k as keyof SearchForm));
    if (extra.length > 0) return `form: unexpected field ${extra[0]}`;
    const missing = formFields.filter((k) => !Object.hasOwn(x, k));
    if (missing.length > 0) return `form: missing field ${missing[0]}`;
    const word = (k: string, pattern: RegExp) =>
        typeof x[k] === 'string' && pattern.test(x[k] as string)
            ? undefined
            : `form: ${k} is not valid (${describe(x[k])})`;
    const count = (k: string) => {
        const v = x[k];
        return Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_COUNT
            ? undefined
            : `form: ${k} must be a whole number from 1 to ${MAX_COUNT}, not ${describe(v)}`;
    };
    const bound = (k: string) => {
        const v = x[k];
        if (v === null) return undefined;
        return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_PARAMS_M
            ? undefined
            : `form: ${k} must be null or millions of params from 0 to ${MAX_PARAMS_M}, not ${describe(v)}`;
    };
    const seed =
        Number.isSafeInteger(x.seed) && (x.seed as number) >= 0 && (x.seed as number) <= 2 ** 31 - 1
            ? undefined
            : `form: seed must be a whole number from 0 to ${2 ** 31 - 1}, not ${describe(x.seed)}`;
    return (
        word('space', /^[a-z0-9-]{1,32}$/) ??
        (x.data === 'synthetic' || x.data === 'setting'
            ? undefined
            : `form: data must be 'synthetic' or 'setting', not ${describe(x.data)}`) ??
        word('objective', /^(libra:)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/) ??
        (x.algorithm === 'evolution' || x.algorithm === 'random' || x.algorithm === 'prune'
            ? undefined
            : `form: algorithm must be 'evolution', 'random' or 'prune', not ${describe(x.algorithm)}`) ??
        count('population') ??
        count('generations') ??
        count('samples') ??
        (Number.isInteger(x.width) &&
        (x.width as number) >= 2 &&
        (x.width as number) <= MAX_PRUNE_WIDTH &&
        (x.width as number) % 2 === 0
            ? undefined
            : `form: width must be an even whole number from 2 to ${MAX_PRUNE_WIDTH}, not ${describe(x.width)}`) ??
        (Number.isInteger(x.cells) &&
        (x.cells as number) >= 3 &&
        (x.cells as number) <= MAX_PRUNE_CELLS
            ? undefined
            : `form: cells must be a whole number from 3 to ${MAX_PRUNE_CELLS}, not ${describe(x.cells)}`) ??
        bound('paramsMin') ??
        bound('paramsMax') ??
        seed
    );
}

/** Checks a message posted by the search panel: known type, exactly its fields, each of the right kind. */
export function validateSearchViewMessage(x: unknown): ValidatedSearchViewMessage {
    const fail = (reason: string) => ({ ok: false, reason }) as const;
    if (!isPlainObject(x)) return fail(`a message must be an object, not ${describe(x)}`);
    const type = x.type;
    if (typeof type !== 'string' || !Object.hasOwn(fieldsOf, type))
        return fail(`unknown message type ${describe(type)}`);
    const allowed = fieldsOf[type as SearchViewToHostMessage['type']];
    const extra = Object.keys(x).filter((k) => k !== 'type' && !allowed.includes(k));
    if (extra.length > 0) return fail(`${type}: unexpected field ${extra[0]}`);
    if (type === 'start') {
        const problem = formProblem(x.form);
        if (problem) return fail(`start: ${problem}`);
        const f = x.form as Record<string, unknown>;
        // Why a copy of exactly the known fields: nothing else the page put in the object travels on.
        const form = Object.fromEntries(formFields.map((k) => [k, f[k]])) as unknown as SearchForm;
        return { ok: true, message: { type, form } };
    }
    if (type === 'resume' || type === 'openBest' || type === 'openRunFile') {
        const problem = runNameProblem(x.run);
        if (problem) return fail(`${type}: run ${problem}`);
        return { ok: true, message: { type, run: x.run as string } };
    }
    return { ok: true, message: { type } as SearchViewToHostMessage };
}
