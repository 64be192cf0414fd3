// The one way in for every score and engine option. One defaults object; one table that names each
// option's CLI flag and `lswag.*` setting, its help and its check (the CLI parser, `--help` and the
// extension's settings all read it); one builder from checked values to the worker's ScoreOptions.
// Adding an option: a row here, its setting in package.json, a line in the docs.
import { DEVICE_CHOICES, OPTION_MINIMUMS } from '../protocol/scoreLimits';
import type { SpaceId } from '../core/spec/spaceId';
import type { DataSourceSpec, DeviceChoice, ScoreOptions } from '../protocol/worker';
import type { VitActivations } from '../core/spec/scoreOptions';
import {
    checkDevice,
    checkGradientMode,
    checkInputShape,
    checkProxies,
    checkVitActivations,
    checkWindow,
    integerAtLeast,
    nonEmptyText,
    threadCount,
} from './optionChecks';

/**
 * Upper limits of the counts (scoreLimits.ts has the minimums the worker shares). Far above any
 * useful value; they turn a typo into a message instead of an out-of-memory kill or a seed that
 * wraps around.
 */
export const OPTION_MAXIMUMS = {
    batch: 65536,
    batches: 4096,
    /** The seed is hashed as an unsigned 32-bit integer (core/util/rng.ts). */
    seed: 2 ** 32 - 1,
    psiSamples: 65536,
    threads: 1024,
    maxWorkerMemoryMb: 2 ** 30,
} as const;

/** What every option is when nobody sets it (package.json declares the same; a test keeps them equal). */
export const SCORE_DEFAULTS: Readonly<Required<Pick<OptionValues, DefaultedKey>>> = {
    proxies: ['lswag', 'params', 'flops', 'zico', 'swap', 'nwot', 'synflow'],
    data: 'synthetic',
    batch: 64,
    batches: 2,
    seed: 0,
    psiSamples: 16,
    gradientMode: 'batches',
    device: 'auto',
};
type DefaultedKey =
    'proxies' | 'data' | 'batch' | 'batches' | 'seed' | 'psiSamples' | 'gradientMode' | 'device';

/** The options a search space may default differently. */
type SpaceDefaultedKey = 'batch' | 'batches' | 'psiSamples' | 'gradientMode';

/**
 * Where a space's own defaults beat SCORE_DEFAULTS, when the user set nothing: the one place per-space
 * defaults live (CLI `score`/`eval` of one space's architectures, `calibrate`). Measured on the
 * AutoFormer dev files (docs/proxies.md, "ViTs"): a batch of 16 at 224x224 keeps a subnet's score
 * on a CPU within seconds to a minute.
 */
export const SPACE_DEFAULTS: Readonly<
    Partial<Record<SpaceId, Readonly<Partial<Pick<OptionValues, SpaceDefaultedKey>>>>>
> = {
    'autoformer-t': { batch: 16 },
    'autoformer-s': { batch: 16 },
    'autoformer-b': { batch: 16 },
};

/** SCORE_DEFAULTS with `space`'s own defaults over it. */
export function defaultsFor(space: SpaceId | undefined): typeof SCORE_DEFAULTS {
    return { ...SCORE_DEFAULTS, ...(space ? SPACE_DEFAULTS[space] : {}) };
}

/** "; autoformer-t: 16, ..." for help texts: the spaces whose default of `key` differs. */
function spaceDefaultsHelp(key: SpaceDefaultedKey): string {
    const spaces = Object.entries(SPACE_DEFAULTS).filter(([, d]) => d[key] !== undefined);
    return spaces.map(([space, d]) => `; ${space}: ${String(d[key])}`).join('');
}

/** Checked option values, each absent until given (then SCORE_DEFAULTS applies). */
export interface OptionValues {
    readonly proxies?: readonly string[];
    /** 'synthetic' or a path, as given; resolveDataSource reads it. */
    readonly data?: string;
    readonly labels?: string;
    readonly batch?: number;
    readonly batches?: number;
    readonly seed?: number;
    readonly psiSamples?: number;
    readonly gradientMode?: ScoreOptions['gradientMode'];
    readonly window?: readonly [number, number];
    readonly vitActivations?: VitActivations;
    readonly device?: DeviceChoice;
    /** onnxruntime intra-op threads; absent or 0 = the worker's default, min(4, CPUs). */
    readonly threads?: number;
    /** The worker is restarted above this resident memory; absent = no limit. */
    readonly maxWorkerMemoryMb?: number;
    /** The Python that traces PyTorch definitions; absent = LSWAG_PYTHON, else python3. */
    readonly python?: string;
    /** Per-sample input of PyTorch definitions when neither a comment nor the shape rule decides. */
    readonly input?: readonly number[];
}
export type OptionKey = keyof OptionValues;

/** One option: how the CLI and the settings spell it, its help, and its check. */
export interface OptionDef<K extends OptionKey = OptionKey> {
    /** The CLI flag without `--`. */
    readonly flag: string;
    /** The setting without `lswag.`; absent = CLI only. */
    readonly setting?: string;
    /** How the CLI reads the word after the flag. */
    readonly type: 'string' | 'number';
    /** The value's placeholder in help. */
    readonly value: string;
    readonly help: string;
    /** A setting value that means "not set" (the manifest's 0 for "no limit"). */
    readonly unsetSetting?: unknown;
    /** The value as typed or set (settings JSON), checked; throws UserInputError naming `label`. */
    readonly check: (value: unknown, label: string) => NonNullable<OptionValues[K]>;
}

/** Every option, in the order `--help` lists them. */
export const SCORE_OPTIONS: { readonly [K in OptionKey]-?: OptionDef<K> } = {
    proxies: {
        flag: 'proxies',
        setting: 'proxies',
        type: 'string',
        value: 'a,b|all',
        check: checkProxies,
        help: `Proxies to score, comma-separated, or all (default ${SCORE_DEFAULTS.proxies.join(',')}).`,
    },
    data: {
        flag: 'data',
        setting: 'data',
        type: 'string',
        value: 'synthetic|DIR|FILE.bin|FILE.npy',
        check: nonEmptyText("a path or 'synthetic'"),
        help: 'Input batches: synthetic (default), a folder of images, CIFAR .bin files or a .npy array.',
    },
    labels: {
        flag: 'labels',
        type: 'string',
        value: 'FILE.npy',
        check: nonEmptyText('a path'),
        help: 'Labels of a --data FILE.npy (else labels are drawn from the seed).',
    },
    batch: {
        flag: 'batch',
        setting: 'batchSize',
        type: 'number',
        value: 'B',
        check: integerAtLeast(OPTION_MINIMUMS.batch, OPTION_MAXIMUMS.batch),
        help: `Rows per mini-batch (default ${SCORE_DEFAULTS.batch}${spaceDefaultsHelp('batch')}).`,
    },
    batches: {
        flag: 'batches',
        setting: 'batches',
        type: 'number',
        value: 'N',
        check: integerAtLeast(OPTION_MINIMUMS.batches, OPTION_MAXIMUMS.batches),
        help: `Mini-batches for gradient statistics (default ${SCORE_DEFAULTS.batches}${spaceDefaultsHelp('batches')}).`,
    },
    seed: {
        flag: 'seed',
        setting: 'seed',
        type: 'number',
        value: 'K',
        check: integerAtLeast(OPTION_MINIMUMS.seed, OPTION_MAXIMUMS.seed),
        help: `Seed of the weight initialisation and the data draw (default ${SCORE_DEFAULTS.seed}).`,
    },
    psiSamples: {
        flag: 'psi-samples',
        setting: 'psiSamples',
        type: 'number',
        value: 'S',
        check: integerAtLeast(OPTION_MINIMUMS.psiSamples, OPTION_MAXIMUMS.psiSamples),
        help: `Samples of batch 1 for sign patterns (L-SWAG's Psi, swap); at most the batch (default ${SCORE_DEFAULTS.psiSamples}${spaceDefaultsHelp('psiSamples')}).`,
    },
    gradientMode: {
        flag: 'gradient-mode',
        type: 'string',
        value: 'batches|per-sample',
        check: checkGradientMode,
        help: 'Gradient statistics over N mini-batches (default) or over the B single samples of one batch.',
    },
    window: {
        flag: 'window',
        type: 'string',
        value: 'lo-hi',
        check: checkWindow,
        help: "L-SWAG's depth-bin window (default: the space's calibrated window, else all bins).",
    },
    vitActivations: {
        flag: 'vit-activations',
        type: 'string',
        value: 'gelu|gelu+attn-logits|gelu+block-out',
        check: checkVitActivations,
        help: "Which values of AutoFormer blocks count as activation layers for nwot, swap and L-SWAG's Psi (default gelu: the MLP's GELU only).",
    },
    device: {
        flag: 'device',
        setting: 'device',
        type: 'string',
        value: DEVICE_CHOICES.join('|'),
        check: checkDevice,
        help: `Where the engine runs the models (default ${SCORE_DEFAULTS.device}: CUDA, else WebGPU, else CPU).`,
    },
    threads: {
        flag: 'threads',
        setting: 'threads',
        type: 'number',
        value: 'N',
        unsetSetting: 0,
        check: threadCount(OPTION_MAXIMUMS.threads),
        help: 'onnxruntime intra-op threads; 0 = auto (default min(4, CPUs)).',
    },
    maxWorkerMemoryMb: {
        flag: 'max-worker-memory',
        setting: 'maxWorkerMemoryMb',
        type: 'number',
        value: 'MB',
        unsetSetting: 0,
        check: integerAtLeast(OPTION_MINIMUMS.maxWorkerMemoryMb, OPTION_MAXIMUMS.maxWorkerMemoryMb),
        help: 'Restart the engine worker above this resident memory (MiB); models estimated to need more are refused.',
    },
    python: {
        flag: 'python',
        setting: 'python',
        type: 'string',
        value: 'PATH',
        unsetSetting: '',
        check: nonEmptyText('a Python interpreter'),
        help: 'Python (with PyTorch) that traces PyTorch definitions static reading cannot build (default: LSWAG_PYTHON, else python3).',
    },
    input: {
        flag: 'input',
        setting: 'inputShape',
        type: 'string',
        value: 'CxHxW',
        unsetSetting: '',
        check: checkInputShape,
        help: "PyTorch definitions' input when no '# lswag: input=' comment and no shape rule decides (e.g. 3x32x32).",
    },
};

/** How an option is named in messages: `--psi-samples` on the command line, "Samples" in a form. */
export type FieldName = (flag: string) => string;
export const cliFlag: FieldName = (flag) => `--${flag}`;
/** The setting of a flag, `lswag.batchSize` for `batch` (the flag itself when it has none). */
export const settingName: FieldName = (flag) => {
    const def = (Object.values(SCORE_OPTIONS) as OptionDef[]).find((d) => d.flag === flag);
    return def?.setting === undefined ? flag : `lswag.${def.setting}`;
};

/** What the builder takes: checked values, the data already resolved to a source. */
export interface ScoreInput extends Omit<
    OptionValues,
    'data' | 'labels' | 'device' | 'threads' | 'maxWorkerMemoryMb' | 'python' | 'input'
> {
    readonly data?: DataSourceSpec;
    readonly calibratedWindows?: ScoreOptions['calibratedWindows'];
    readonly collectProfile?: boolean;
    /** The space every architecture of the job belongs to: its SPACE_DEFAULTS apply. */
    readonly space?: SpaceId;
}

/**
 * The worker's ScoreOptions: defaults for what is absent, integers checked (throws UserInputError
 * naming the option through `name`), psiSamples at most the batch.
 */
export function buildScoreOptions(input: ScoreInput, name: FieldName = cliFlag): ScoreOptions {
    const checked = <K extends 'batch' | 'batches' | 'seed' | 'psiSamples' | 'proxies'>(
        key: K,
    ): NonNullable<OptionValues[K]> => {
        const def = SCORE_OPTIONS[key] as unknown as OptionDef<K>;
        return def.check(input[key] ?? defaults[key], name(def.flag));
    };
    const defaults = defaultsFor(input.space);
    const batch = checked('batch');
    return {
        proxies: checked('proxies'),
        data: input.data ?? { kind: 'synthetic' },
        batch,
        batches: checked('batches'),
        seed: checked('seed'),
        psiSamples: Math.min(checked('psiSamples'), batch),
        gradientMode: input.gradientMode ?? defaults.gradientMode,
        ...(input.window ? { window: [input.window[0], input.window[1]] as [number, number] } : {}),
        // Why only when not gelu: headers of results files scored before the option stay equal (resume).
        ...(input.vitActivations && input.vitActivations !== 'gelu'
            ? { vitActivations: input.vitActivations }
            : {}),
        ...(input.calibratedWindows ? { calibratedWindows: input.calibratedWindows } : {}),
        ...(input.collectProfile ? { collectProfile: true } : {}),
    };
}

/** What starting the engine takes from the options. */
export interface EngineSettings {
    readonly device: DeviceChoice;
    readonly threads?: number;
    readonly maxWorkerMemoryMb?: number;
}

export function engineSettings(v: OptionValues): EngineSettings {
    return {
        device: v.device ?? SCORE_DEFAULTS.device,
        // Why > 0: 0 is the documented "auto"; the worker takes auto as no thread count at all.
        ...(v.threads !== undefined && v.threads > 0 ? { threads: v.threads } : {}),
        ...(v.maxWorkerMemoryMb !== undefined ? { maxWorkerMemoryMb: v.maxWorkerMemoryMb } : {}),
    };
}

/** The part of a settings store the reader uses (vscode.WorkspaceConfiguration has it). */
export interface SettingSource {
    get<T>(key: string): T | undefined;
}

/**
 * The options the settings give, through the table's checks. Why not an error: VS Code already
 * flags a wrong value in the settings editor; here it falls back to its default, with a warning.
 */
export function optionsFromSettings(
    source: SettingSource,
    warn: (message: string) => void = () => {},
): OptionValues {
    const values: Record<string, unknown> = {};
    for (const [key, def] of Object.entries(SCORE_OPTIONS) as [OptionKey, OptionDef][]) {
        if (def.setting === undefined) continue;
        const raw = source.get<unknown>(def.setting);
        if (raw === undefined || raw === def.unsetSetting) continue;
        try {
            values[key] = def.check(raw, `lswag.${def.setting}`);
        } catch (e) {
            warn(`${(e as Error).message}; using the default`);
        }
    }
    return values as OptionValues;
}

/**
 * The options of a window calibration (`lswag calibrate`, the extension's command): L-SWAG's
 * per-layer gradient profile only, so one sign-pattern sample and no window.
 */
export function calibrationScoreOptions(
    space: SpaceId,
    input: Pick<ScoreInput, 'data' | 'batch' | 'batches' | 'seed'>,
    name?: FieldName,
): ScoreOptions {
    return buildScoreOptions(
        {
            ...input,
            space,
            proxies: ['lswag'],
            psiSamples: 1,
            gradientMode: 'batches',
            collectProfile: true,
        },
        name,
    );
}
