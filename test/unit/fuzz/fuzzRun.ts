// Runs one fuzz target at test-suite size and fails with its first broken inputs. The seed is
// fixed (repeatable) unless LSWAG_FUZZ_SEED is set; LSWAG_FUZZ_SCALE multiplies the input counts.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import {
    type FuzzTarget,
    HANG_MS_IN_SUITE,
    assertClean,
    formatReport,
    runTarget,
} from '../../fuzz/harness';

export const FUZZ_SEED = Number(process.env.LSWAG_FUZZ_SEED ?? 20251128);
const SCALE = Number(process.env.LSWAG_FUZZ_SCALE ?? 1);

export async function fuzzTarget<I>(
    t: TestContext,
    target: FuzzTarget<I>,
    iterations: number,
    includeFixed = true,
): Promise<void> {
    const n = Math.max(1, Math.round(iterations * SCALE));
    const report = await runTarget(target, {
        seed: FUZZ_SEED,
        iterations: n,
        includeFixed,
        limitMs: HANG_MS_IN_SUITE,
    });
    t.diagnostic(formatReport(report));
    assertClean(report);
    assert.ok(report.inputs >= n, `${target.name}: ran ${report.inputs} of ${n} inputs`);
}
