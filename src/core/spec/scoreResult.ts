// What scoring one architecture gives back: plain data that core's scorer builds, the worker
// protocol (src/protocol/worker.ts) carries and the hosts show; it imports only core/spec.
import type { ArchitectureSpec } from './spec';

/** An execution provider that ran something. */
export type DeviceName = 'cpu' | 'cuda' | 'webgpu';

/** The L-SWAG window a result used, and where it came from. */
export interface WindowUsed {
    readonly lo: number;
    readonly hi: number;
    readonly source: 'option' | 'calibrated' | 'all bins';
}

export interface ScoreResult {
    readonly name: string;
    /** `file:line` (1-based line), or the spec name when it has no source. */
    readonly source: string;
    readonly family: ArchitectureSpec['family'];
    readonly params: number | null;
    readonly flops: number | null;
    /** null where a proxy could not be computed (NaN/Inf or an error); `errors` says why. */
    readonly scores: Readonly<Record<string, number | null>>;
    readonly errors: readonly string[];
    readonly device: DeviceName;
    readonly seconds: number;
    readonly window?: WindowUsed;
    /**
     * Activation layers that nwot, swap and lswag's Psi counted, by kind (e.g. {"ReLU": 16,
     * "SiLU": 3}); absent when no probe ran. Empty when the network has none.
     */
    readonly activationKinds?: Readonly<Record<string, number>>;
    /** Per weight layer: depth bin and mean over weights of log sqrt(Var_i(|g|)), when asked. */
    readonly layerProfile?: readonly { readonly bin: number; readonly value: number }[];
    /** With collectProfile and lswag: Lambda per bin and Psi up to each bin (any window offline). */
    readonly lswagParts?: {
        readonly lambdaPerBin: readonly number[];
        readonly psiUpTo: readonly number[];
    };
}

/** `file:line` (1-based), or the spec name when it has no source: a result's `source`. */
export function sourceOf(spec: ArchitectureSpec): string {
    return spec.source ? `${spec.source.file}:${spec.source.start.line + 1}` : spec.name;
}

/**
 * A result with every requested proxy null and the reason: the candidate is accounted for, not
 * scored (its scoring threw, or the engine could not score it).
 */
export function failedResult(
    spec: ArchitectureSpec,
    proxies: readonly string[],
    reason: string,
    device: DeviceName,
    seconds = 0,
): ScoreResult {
    return {
        name: spec.name,
        source: sourceOf(spec),
        family: spec.family,
        params: null,
        flops: null,
        scores: Object.fromEntries(proxies.map((p) => [p, null])),
        errors: [reason],
        device,
        seconds,
    };
}
