// The allowed values of every score and engine option, as data: the worker's message checks
// (workerValidate.ts) and the hosts' option builder (src/host/scoreOptions.ts) both read them here,
// so a value one side accepts the other never refuses. Imports protocol types only.
import type { DeviceChoice, DeviceName, ScoreOptions } from './worker';

/** Every `DeviceChoice`, in the order menus and messages list them. */
export const DEVICE_CHOICES = [
    'auto',
    'cpu',
    'cuda',
    'webgpu',
] as const satisfies readonly DeviceChoice[];

/** The devices a worker can run on (every choice but `auto`). */
export const DEVICE_NAMES = DEVICE_CHOICES.filter((d): d is DeviceName => d !== 'auto');

export const GRADIENT_MODES = [
    'batches',
    'perSample',
] as const satisfies readonly ScoreOptions['gradientMode'][];

// Why: a device or mode added to the protocol type without a place in the lists fails to compile here.
type Unlisted =
    | Exclude<DeviceChoice, (typeof DEVICE_CHOICES)[number]>
    | Exclude<ScoreOptions['gradientMode'], (typeof GRADIENT_MODES)[number]>;
const everyValueListed: [Unlisted] extends [never] ? true : never = true;
void everyValueListed;

/** The smallest value of each integer option (all are integers). */
export const OPTION_MINIMUMS = {
    batch: 1,
    batches: 1,
    /** At least one sample: a sign pattern of no samples is empty, so swap and L-SWAG would be 0. */
    psiSamples: 1,
    seed: 0,
    threads: 1,
    maxWorkerMemoryMb: 1,
    windowBin: 0,
} as const;

/** L-SWAG's depth bins are 0..9 (core/proxies/calibration.ts has the ten bins). */
export const WINDOW_BIN_MAX = 9;
