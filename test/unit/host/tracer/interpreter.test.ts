// Interpreter precedence: explicit (setting, Python extension, --python) > LSWAG_PYTHON > python3.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveInterpreter } from '../../../../src/host/tracer/interpreter';

describe('resolveInterpreter', () => {
    it('explicitWinsOverTheEnvironment', () => {
        const r = resolveInterpreter({
            explicit: '/venv/bin/python',
            explicitFrom: '--python',
            env: { LSWAG_PYTHON: '/x' },
        });
        assert.deepEqual(r, { command: '/venv/bin/python', from: '--python' });
    });
    it('lswagPythonWinsOverTheDefault', () => {
        assert.deepEqual(resolveInterpreter({ explicit: ' ', env: { LSWAG_PYTHON: '/opt/py' } }), {
            command: '/opt/py',
            from: 'LSWAG_PYTHON',
        });
    });
    it('theDefaultIsPython3OrPythonOnWindows', () => {
        assert.equal(resolveInterpreter({ env: {}, platform: 'linux' }).command, 'python3');
        assert.equal(
            resolveInterpreter({ env: { LSWAG_PYTHON: '' }, platform: 'win32' }).command,
            'python',
        );
    });
});
