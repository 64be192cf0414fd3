// Messages between the extension and the search side panel (webview view): types only. Host-to-view
// messages are trusted; view-to-host ones are checked by searchViewValidate.ts before use.

/** What the form asks for; numbers as typed (the host checks them again before a run starts). */
export interface SearchForm {
    readonly space: string;
    /** 'synthetic', or 'setting' for the `lswag.data` setting. */
    readonly data: 'synthetic' | 'setting';
    /** A proxy id, or `libra:<preset>`. */
    readonly objective: string;
    /** 'prune': the pruning-based (TE-NAS) search, darts only. */
    readonly algorithm: 'evolution' | 'random' | 'prune';
    readonly population: number;
    readonly generations: number;
    readonly samples: number;
    /** Pruning: the supernet's width C (even) and its cells. */
    readonly width: number;
    readonly cells: number;
    /** Parameter bounds in millions; null = no bound (both null = the space's default budget). */
    readonly paramsMin: number | null;
    readonly paramsMax: number | null;
    readonly seed: number;
}

export interface PresetChoice {
    readonly name: string;
    /** The space the preset was chosen on (searching another space is allowed, with a warning). */
    readonly space: string;
    readonly picks: readonly string[];
}

/** Everything the form offers; sent when the view loads and when presets or settings change. */
export interface SearchFormOptions {
    readonly spaces: readonly string[];
    readonly proxies: readonly string[];
    readonly presets: readonly PresetChoice[];
    /** The `lswag.data` setting in words, and whether it can be used now (why not, when it cannot). */
    readonly dataSetting: {
        readonly label: string;
        readonly usable: boolean;
        readonly problem?: string;
    };
    /** Default params budget per space, in millions (AutoFormer-S: 18-23). */
    readonly defaultBudgets: Readonly<
        Record<string, { readonly min: number | null; readonly max: number | null }>
    >;
    readonly defaults: SearchForm;
    /** Seconds per architecture (measured here, from run files, defaults) for the budget estimate. */
    readonly timings?: readonly ArchitectureTiming[];
    /** Why no search can start (no folder open); absent when one can. */
    readonly blocked?: string;
}

/** Where a time per architecture comes from. */
export type TimingBasis = 'measured' | 'runs' | 'default';

/** Seconds one architecture takes, for a space (and an objective, when measured with one). */
export interface ArchitectureTiming {
    readonly space: string;
    /** The objective as a run names it (`lswag`, `libra:<preset>`); absent = any objective. */
    readonly objective?: string;
    readonly seconds: number;
    readonly basis: TimingBasis;
    /** Architectures the time was measured over (0 for a default). */
    readonly count: number;
}

export type RunState = 'complete' | 'interrupted' | 'running' | 'unreadable';

/** One run file of `.lswag/runs`, summarised for the history list. */
export interface RunSummary {
    /** The file's name without `.jsonl`: what resume and openBest send back. */
    readonly id: string;
    /** The run file relative to the workspace, for display and tooltips. */
    readonly label: string;
    readonly state: RunState;
    readonly space: string;
    /** `synflow`, `libra:<preset>`. */
    readonly objective: string;
    /** "evolution 50 x 20", "random 1000", "pruning C=8, 5 cells". */
    readonly algorithm: string;
    readonly evaluated: number;
    readonly expected: number;
    /** Best objective value so far (null when none is finite) and its architecture key. */
    readonly best: { readonly value: number | null; readonly key: string } | null;
    /** Last change of the file, ms since the epoch. */
    readonly modified: number;
    /** Why the file could not be read (state 'unreadable'). */
    readonly problem?: string;
    /** Mean seconds the worker took per architecture (absent when nothing was scored). */
    readonly secondsPerArchitecture?: number;
    /** A pruning search (its steps are rounds; its result is one genotype). */
    readonly step?: 'round';
    /** A complete pruning search's genotype (DARTS notation). */
    readonly genotype?: string;
}

/** One point of the progress chart. */
export interface GenerationPoint {
    readonly generation: number;
    /** Best objective of the archive up to this generation; null when none is finite. */
    readonly best: number | null;
    /** Mean objective of this generation's own architectures. */
    readonly mean: number | null;
    /** True for the generation being scored (its values change as results arrive). */
    readonly isPartial: boolean;
}

export type SessionState =
    'starting' | 'running' | 'stopping' | 'complete' | 'stopped' | 'incomplete' | 'failed';

/** The run the panel follows: the one running, or the last one this session ran. */
export interface RunProgress {
    readonly id: string;
    readonly label: string;
    readonly state: SessionState;
    readonly space: string;
    readonly objective: string;
    readonly algorithm: string;
    readonly evaluated: number;
    readonly expected: number;
    /** 0-based generation (pruning: round) being scored, and how many the run has. */
    readonly generation: number;
    readonly generations: number;
    /** What a step of the run is called: absent = 'generation'; a pruning search has rounds. */
    readonly step?: 'round';
    /** A finished pruning search: its genotype (DARTS notation). */
    readonly genotype?: string;
    /** Seconds left at the recent rate; null until two results arrived in this session. */
    readonly etaSeconds: number | null;
    /** The engine's device in words ("cpu, 4 threads"), or its state while it has none. */
    readonly device: string;
    readonly chart: readonly GenerationPoint[];
    /** Warnings and the end's explanation, newest last. */
    readonly messages: readonly string[];
}

/** Host to view. */
export type HostToSearchViewMessage =
    | { readonly type: 'options'; readonly options: SearchFormOptions }
    | { readonly type: 'history'; readonly runs: readonly RunSummary[] }
    | { readonly type: 'progress'; readonly progress: RunProgress | null }
    /** A start or resume the host refused, in words (shown next to the form). */
    | { readonly type: 'error'; readonly message: string };

/** View to host (untrusted: validate with validateSearchViewMessage). */
export type SearchViewToHostMessage =
    | { readonly type: 'ready' }
    | { readonly type: 'start'; readonly form: SearchForm }
    | { readonly type: 'stop' }
    | { readonly type: 'resume'; readonly run: string }
    | { readonly type: 'openBest'; readonly run: string }
    | { readonly type: 'openRunFile'; readonly run: string }
    | { readonly type: 'refresh' };
