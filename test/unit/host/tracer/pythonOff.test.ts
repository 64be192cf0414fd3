// With Python off (untrusted workspace, --no-python) no process is ever started: each PyTorch
// definition gets a diagnostic instead, and every other spec passes through unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArchitectureSpec } from '../../../../src/core/spec/spec';
import { type SpawnFn, resolvePytorchSpecs } from '../../../../src/host/tracer/index';

const range = {
    file: '/ws/net.py',
    start: { line: 4, character: 0 },
    end: { line: 9, character: 0 },
};
const specs: ArchitectureSpec[] = [
    { family: 'layers', name: 'mlp', input: [8], classes: 2, layers: [{ type: 'linear', out: 2 }] },
    {
        family: 'pytorch',
        name: 'Net',
        file: '/ws/net.py',
        target: { kind: 'class', name: 'Net' },
        staticReason: 'the constructor loops over a list',
        source: range,
    },
];

describe('tracing with Python off', () => {
    it('neverSpawnsAndReportsEachDefinitionAtItsRange', async () => {
        let spawns = 0;
        const spawn: SpawnFn = () => {
            spawns++;
            throw new Error('a process was started with Python off');
        };
        const r = await resolvePytorchSpecs(specs, {
            workspaceRoot: '/ws',
            isPythonAllowed: false,
            pythonOffReason: 'the workspace is not trusted',
            explicit: '/usr/bin/python3',
            spawn,
        });
        assert.equal(spawns, 0);
        assert.deepEqual(r.specs, [specs[0]]);
        assert.deepEqual(r.traces, []);
        assert.deepEqual(r.diagnostics, [
            {
                severity: 'error',
                message:
                    'Net: needs tracing with Python, which is off: the workspace is not trusted ' +
                    '(not built statically: the constructor loops over a list)',
                range,
            },
        ]);
    });

    it('specsWithoutPytorchNeverSpawnEvenWithPythonOn', async () => {
        const spawn: SpawnFn = () => assert.fail('no PyTorch definition, so no process');
        const r = await resolvePytorchSpecs([specs[0]], {
            workspaceRoot: '/ws',
            isPythonAllowed: true,
            spawn,
        });
        assert.deepEqual(r, { specs: [specs[0]], diagnostics: [], traces: [] });
    });
});
