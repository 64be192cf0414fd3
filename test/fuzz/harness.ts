// The fuzz loop shared by the test suite and bench/fuzz.ts: draws seeded inputs from a target,
// runs its check on each, and records counts, failures and the slowest input. An input fails when
// its check throws (a crash, a wrong error type, a vague message) or takes longer than the limit.
import { Rng, hashString } from '../../src/core/util/rng';

/** The promise for long runs (bench/fuzz.ts): no input takes longer than this. */
export const MAX_MS_PER_INPUT = 1000;
/**
 * The limit inside the test suite: only a real hang (a loop, an exponential blow-up) fails there.
 * Why not 1 s: CI shares two cores, and timing is measured by the long run, not asserted in tests.
 */
export const HANG_MS_IN_SUITE = 10_000;

export interface FuzzTarget<I = unknown> {
    readonly name: string;
    /** One-time setup (loading a parser, building seed models); awaited before the first input. */
    readonly setup?: () => Promise<void>;
    /** Fixed inputs every run sees first (valid seeds, pathological cases). */
    readonly fixed?: () => readonly I[];
    /** A fresh input drawn from `rng`. */
    readonly draw: (rng: Rng) => I;
    /** Runs the code under test on `input`; throws when the result breaks the contract. */
    readonly check: (input: I) => void | Promise<void>;
    /** A short description of an input for failure reports. */
    readonly describe?: (input: I) => string;
}

export interface FuzzFailure {
    readonly index: number;
    readonly input: string;
    readonly error: string;
}

export interface FuzzReport {
    readonly target: string;
    readonly seed: number;
    inputs: number;
    maxMs: number;
    slowest: string;
    readonly failures: FuzzFailure[];
    totalMs: number;
}

export interface FuzzBudget {
    readonly seed: number;
    /** Stop after this many drawn inputs (fixed inputs not counted). */
    readonly iterations?: number;
    /** Stop once this much time has passed. */
    readonly seconds?: number;
    /** Stop at the first failure (the test suite) or keep going (long runs). */
    readonly stopAtFirstFailure?: boolean;
    /** Run the target's fixed inputs first (default true). */
    readonly includeFixed?: boolean;
    /** Longest time one input may take before it counts as a failure (default MAX_MS_PER_INPUT). */
    readonly limitMs?: number;
    /** Gets each failing input as it is (to save it for a reproduction). */
    readonly onFailure?: (input: unknown, failure: FuzzFailure) => void;
}

const messageOf = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

function defaultDescribe(input: unknown): string {
    if (typeof input === 'string') return JSON.stringify(input.slice(0, 160));
    if (input instanceof Uint8Array) return `${input.length} bytes`;
    try {
        return (
            JSON.stringify(input, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))?.slice(
                0,
                160,
            ) ?? String(input)
        );
    } catch {
        return String(input);
    }
}

/** Runs `target` within `budget`; every input that breaks the contract is one failure. */
export async function runTarget<I>(target: FuzzTarget<I>, budget: FuzzBudget): Promise<FuzzReport> {
    const report: FuzzReport = {
        target: target.name,
        seed: budget.seed,
        inputs: 0,
        maxMs: 0,
        slowest: '',
        failures: [],
        totalMs: 0,
    };
    const describe = target.describe ?? defaultDescribe;
    await target.setup?.();
    // Why a stream per target: adding a target does not change the inputs the others see.
    const rng = new Rng(hashString(target.name, budget.seed));
    const started = performance.now();
    const deadline = budget.seconds === undefined ? Infinity : started + budget.seconds * 1000;
    const fixed = budget.includeFixed === false ? [] : (target.fixed?.() ?? []);
    const iterations = budget.iterations ?? Infinity;
    for (let i = 0; i - fixed.length < iterations && performance.now() < deadline; i++) {
        const input = i < fixed.length ? fixed[i] : target.draw(rng);
        const t0 = performance.now();
        let error: string | undefined;
        try {
            await target.check(input);
        } catch (e) {
            error = messageOf(e);
        }
        const ms = performance.now() - t0;
        report.inputs++;
        if (ms > report.maxMs) {
            report.maxMs = ms;
            report.slowest = describe(input);
        }
        const limitMs = budget.limitMs ?? MAX_MS_PER_INPUT;
        if (error === undefined && ms > limitMs)
            error = `took ${ms.toFixed(0)} ms (limit ${limitMs} ms)`;
        if (error !== undefined) {
            const failure = { index: i, input: describe(input), error };
            report.failures.push(failure);
            budget.onFailure?.(input, failure);
            if (budget.stopAtFirstFailure) break;
        }
    }
    report.totalMs = performance.now() - started;
    return report;
}

/** One line per report, for test diagnostics and the long-run script. */
export function formatReport(r: FuzzReport): string {
    return (
        `${r.target.padEnd(18)} ${String(r.inputs).padStart(8)} inputs  ${String(r.failures.length).padStart(3)} failures  ` +
        `max ${r.maxMs.toFixed(1).padStart(7)} ms/input  (${(r.totalMs / 1000).toFixed(1)} s; slowest ${r.slowest.slice(0, 60)})`
    );
}

/** Throws with the first failures of a report (the test suite's assertion). */
export function assertClean(r: FuzzReport): void {
    if (r.failures.length === 0) return;
    const shown = r.failures
        .slice(0, 3)
        .map(
            (f) => `#${f.index} ${f.input}\n    ${f.error.split('\n').slice(0, 6).join('\n    ')}`,
        );
    throw new Error(
        `${r.target}: ${r.failures.length} of ${r.inputs} inputs broke the contract (seed ${r.seed}):\n  ${shown.join('\n  ')}`,
    );
}
