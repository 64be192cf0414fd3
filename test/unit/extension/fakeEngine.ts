// A fake engine for extension tests: scores each spec from a table (null = an error result) at once,
// and records how many engines were created and what each job asked for.
import type { ArchitectureSpec } from '../../../src/core/spec/spec';
import type { EngineClientOptions } from '../../../src/engine/engineClient';
import type { Engine, EngineFactory } from '../../../src/extension/engineHandle';
import type { DeviceReport, ScoreOptions, ScoreResult } from '../../../src/protocol/worker';

export interface FakeEngine {
    readonly factory: EngineFactory;
    readonly created: number;
    readonly stopped: number;
    readonly jobs: { specs: readonly ArchitectureSpec[]; options: ScoreOptions }[];
    /** The options the last engine was created with (its onStateChange drives the status bar). */
    readonly lastOptions: EngineClientOptions | undefined;
}

const DEVICE: DeviceReport = { device: 'cpu', skipped: [], threads: 1 };

export function fakeResult(spec: ArchitectureSpec, value: number | null): ScoreResult {
    return {
        name: spec.name,
        source: spec.source ? `${spec.source.file}:${spec.source.start.line + 1}` : spec.name,
        family: spec.family,
        params: 1000,
        flops: 2000,
        scores: { lswag: value, params: 1000 },
        errors: value === null ? [`cannot build '${spec.name}': unsupported layer`] : [],
        device: 'cpu',
        seconds: 0.25,
    };
}

/**
 * `gaveUp` names specs the engine gives up on (its worker kept dying): they are in the job's outcome
 * with their reason but never passed to onResult, as EngineClient does.
 */
export function fakeEngine(
    values: Readonly<Record<string, number | null>>,
    { gaveUp = [] }: { gaveUp?: readonly string[] } = {},
): FakeEngine {
    const record = {
        created: 0,
        stopped: 0,
        jobs: [] as FakeEngine['jobs'],
        lastOptions: undefined as EngineClientOptions | undefined,
    };
    const factory: EngineFactory = async (opts) => {
        record.created++;
        record.lastOptions = opts;
        let n = 0;
        const engine: Engine = {
            state: { kind: 'ready', device: DEVICE },
            start: async () => DEVICE,
            score: (specs, options, handlers = {}) => {
                record.jobs.push({ specs, options });
                // With collectProfile, each architecture reports a layer profile peaking in bin 3.
                const layerProfile = [
                    { bin: 1, value: 1 },
                    { bin: 3, value: 4 },
                    { bin: 6, value: 1 },
                    { bin: 8, value: 1.2 },
                ];
                const results = specs.map((s) => ({
                    ...fakeResult(s, options.collectProfile ? 1 : (values[s.name] ?? null)),
                    ...(options.collectProfile ? { layerProfile } : {}),
                }));
                specs.forEach((s, i) => {
                    if (gaveUp.includes(s.name))
                        results[i] = {
                            ...results[i],
                            scores: { lswag: null, params: null },
                            errors: [
                                'not scored: the engine stopped: the engine worker crashed again',
                            ],
                        };
                    else handlers.onResult?.(results[i], i);
                });
                return Object.assign(Promise.resolve({ results, cancelled: false }), {
                    jobId: `job-${++n}`,
                });
            },
            cancel: () => undefined,
            stop: async () => {
                record.stopped++;
            },
        } as Engine;
        return engine;
    };
    return Object.assign(record, { factory });
}
