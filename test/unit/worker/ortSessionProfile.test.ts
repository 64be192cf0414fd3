// createSession's profileFilePrefix and the GPU check's trace reader (bench/perf/profileTrace.ts):
// the trace's node events must keep the field names the "nodes per provider" count relies on.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { countPlacements, readTrace } from '../../../bench/perf/profileTrace';
import { GraphBuilder } from '../../../src/core/ir/builder';
import { tensor } from '../../../src/core/ir/tensor';
import { exportModel } from '../../../src/core/onnx/export';
import { createSession } from '../../../src/worker/ortSession';

describe('onnxruntime profile traces', () => {
    it('profiledSessionWritesNodesPerProviderOnRelease', async () => {
        const b = new GraphBuilder();
        const x = b.input('x', 'float32', [2]);
        b.output(b.relu(b.add(x, x)), 'y');
        const dir = mkdtempSync(path.join(os.tmpdir(), 'lswag-profile-test-'));
        try {
            const session = await createSession(exportModel(b.graph), {
                profileFilePrefix: path.join(dir, 'p'),
            });
            await session.run({ x: tensor('float32', [2], [1, -2]) });
            await session.release();
            const placement = readTrace(dir, 'p');
            // The output's Identity stays: sessions compile without graph optimisation.
            assert.deepEqual(placement, {
                providers: { cpu: 3 },
                cpuOps: { Add: 1, Relu: 1, Identity: 1 },
                copies: 0,
            });
            assert.deepEqual(readdirSync(dir), [], 'readTrace deletes the trace it read');
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('countsEachNodeOnceAndCopiesApart', () => {
        const node = (index: string, op: string, provider: string) => ({
            cat: 'Node',
            name: `n${index}_kernel_time`,
            args: { provider, op_name: op, node_index: index },
        });
        const placement = countPlacements([
            node('0', 'MemcpyFromHost', 'WebGpuExecutionProvider'),
            node('1', 'Conv', 'WebGpuExecutionProvider'),
            node('1', 'Conv', 'WebGpuExecutionProvider'),
            node('2', 'Shape', 'CPUExecutionProvider'),
            {
                cat: 'Node',
                name: 'n2_fence_before',
                args: { provider: 'CPUExecutionProvider', op_name: 'Shape', node_index: '2' },
            },
            { cat: 'Session', name: 'model_run' },
        ]);
        assert.deepEqual(placement, {
            providers: { webgpu: 1, cpu: 1 },
            cpuOps: { Shape: 1 },
            copies: 1,
        });
    });
});
