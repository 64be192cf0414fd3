// The checks of the score and engine options (src/host/scoreOptions.ts names which option takes
// which): each takes a value as typed on the command line or set in settings JSON, and returns it
// typed or throws a UserInputError that names the option as its caller spells it (`label`).
import { proxyIds } from '../core/proxies/index';
import { DEVICE_CHOICES, OPTION_MINIMUMS, WINDOW_BIN_MAX } from '../protocol/scoreLimits';
import type { DeviceChoice, ScoreOptions } from '../protocol/worker';
import { UserInputError } from './errors';
import { NB201_DATASETS } from '../core/spec/defaults';
import { VIT_ACTIVATIONS, type VitActivations } from '../core/spec/scoreOptions';

/** How a value is shown in a message: strings quoted, the rest as JSON. */
const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v)));

/**
 * An integer in [min, max]. Why a maximum on every count: a typo such as `--batch 64000000` or a
 * seed of 1e300 must be a clear message here, not an allocation failure or a silent wrap-around
 * in the worker.
 */
export const integerAtLeast =
    (min: number, max = Number.MAX_SAFE_INTEGER) =>
    (v: unknown, label: string): number => {
        const integer = typeof v === 'number' && Number.isInteger(v) && v >= min;
        if (integer && v <= max) return v;
        if (integer) throw new UserInputError(`${label} must be at most ${max}, not ${shown(v)}`);
        const what = min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
        throw new UserInputError(`${label} must be ${what}, not ${shown(v)}`);
    };

/** Thread counts: 0 means "the default" (the setting's documented auto), else 1 to `max`. */
export const threadCount =
    (max: number) =>
    (v: unknown, label: string): number => {
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return v;
        if (typeof v === 'number' && Number.isInteger(v) && v > max)
            throw new UserInputError(`${label} must be at most ${max}, not ${shown(v)}`);
        throw new UserInputError(`${label} must be a positive integer, not ${shown(v)}`);
    };

/** The NB201 datasets a cell can be built for (classes and image size). */
export function checkDataset(v: unknown, label: string): string {
    if (typeof v === 'string' && Object.hasOwn(NB201_DATASETS, v)) return v;
    throw new UserInputError(
        `${label} must be one of ${Object.keys(NB201_DATASETS).join(', ')}, not ${shown(v)}`,
    );
}

/** Checks a count (population, samples, --top...): throws UserInputError naming `label` unless a positive integer. */
export const checkPositiveInt = integerAtLeast(1);

export const nonEmptyText =
    (what: string) =>
    (v: unknown, label: string): string => {
        if (typeof v === 'string' && v.trim() !== '') return v.trim();
        throw new UserInputError(`${label} must be ${what}, not ${shown(v)}`);
    };

/** `a,b`, `all` or (settings) an array of ids; duplicates dropped, unknown ids refused. */
export function checkProxies(v: unknown, label: string): readonly string[] {
    const ids =
        v === 'all'
            ? [...proxyIds]
            : typeof v === 'string'
              ? v
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
              : Array.isArray(v) && v.every((p) => typeof p === 'string')
                ? (v as string[])
                : [];
    if (ids.length === 0)
        throw new UserInputError(
            `${label} must name at least one proxy (known: ${proxyIds.join(', ')}, or 'all')`,
        );
    const unknown = ids.find((id) => !proxyIds.includes(id));
    if (unknown !== undefined)
        throw new UserInputError(
            `${label}: unknown proxy '${unknown}' (known: ${proxyIds.join(', ')}, or 'all')`,
        );
    return [...new Set(ids)];
}

export function checkWindow(v: unknown, label: string): readonly [number, number] {
    const m = typeof v === 'string' ? /^(\d+)-(\d+)$/.exec(v) : null;
    const [lo, hi] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!(lo >= OPTION_MINIMUMS.windowBin && lo <= hi && hi <= WINDOW_BIN_MAX)) {
        throw new UserInputError(
            `${label} must look like 0-${WINDOW_BIN_MAX} (depth bins lo-hi, lo <= hi), not ${shown(v)}`,
        );
    }
    return [lo, hi];
}

export function checkGradientMode(v: unknown, label: string): ScoreOptions['gradientMode'] {
    if (v === 'batches') return 'batches';
    if (v === 'per-sample') return 'perSample';
    throw new UserInputError(`${label} must be batches or per-sample, not ${shown(v)}`);
}

export function checkVitActivations(v: unknown, label: string): VitActivations {
    if (VIT_ACTIVATIONS.includes(v as VitActivations)) return v as VitActivations;
    throw new UserInputError(
        `${label} must be one of ${VIT_ACTIVATIONS.join(', ')}, not ${shown(v)}`,
    );
}

export function checkDevice(v: unknown, label: string): DeviceChoice {
    if (DEVICE_CHOICES.includes(v as DeviceChoice)) return v as DeviceChoice;
    throw new UserInputError(
        `${label} must be one of ${DEVICE_CHOICES.join(', ')}, not ${shown(v)}`,
    );
}

/** An input shape `CxHxW` (an image) or `F` (features): at most 3 positive sizes, joined by x. */
export function checkInputShape(v: unknown, label: string): readonly number[] {
    const text = typeof v === 'string' ? v.trim().toLowerCase() : '';
    const dims = text.split('x').map((d) => (/^[1-9][0-9]{0,5}$/.test(d) ? Number(d) : NaN));
    if (text === '' || dims.length > 3 || dims.some((d) => Number.isNaN(d))) {
        throw new UserInputError(
            `${label} must look like 3x224x224 (channels x height x width) or 784 (features), not '${String(v)}'`,
        );
    }
    return dims;
}
