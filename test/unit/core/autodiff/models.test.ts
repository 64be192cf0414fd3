// Whole tiny networks built in the IR (src/core/selftest): forward + backward in one onnxruntime
// session, gradients against finite differences, per-group gradients against separate runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    perGroupDifference,
    runSelfTest,
    selfTestChecks,
} from '../../../../src/core/selftest/selfTest';
import { tinyCnn } from '../../../../src/core/selftest/tinyModels';
import { compileOnCpu } from './gradcheck';

describe('tiny models: forward and backward in one session', () => {
    for (const check of selfTestChecks) {
        it(check.name, async () => {
            const [r] = await runSelfTest(compileOnCpu, undefined, [check]);
            assert.ok(r.passed, `${check.what} = ${r.error} > ${r.tolerance}`);
        });
    }

    it('perGroupGradientsDifferFromSeparateRunsWithoutGhostBatchNorm', async () => {
        // Whole-batch statistics couple the groups, so the check must see a difference here.
        const difference = await perGroupDifference(
            compileOnCpu,
            (batch) => tinyCnn(batch),
            6,
            3,
            [0, 3, 6],
        );
        assert.ok(
            difference > 1e-3,
            `coupled groups looked independent (difference ${difference})`,
        );
    });
});
