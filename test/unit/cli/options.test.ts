// The CLI option parser: values, inline values, flags, positionals, and clear usage errors.
import assert from 'node:assert/strict';
import test from 'node:test';
import { UsageError, parseOptions } from '../../../src/cli/options';

const spec = { batch: 'number', data: 'string', json: 'boolean' } as const;

test('parsesSeparateAndInlineValuesFlagsAndPositionals', () => {
    const o = parseOptions(['a.yaml', '--batch', '32', '--data=x=y', '--json', 'b.onnx'], spec);
    assert.deepEqual(o, { batch: 32, data: 'x=y', json: true, positional: ['a.yaml', 'b.onnx'] });
});

test('rejectsUnknownOptionsMissingValuesAndNonNumbers', () => {
    assert.throws(() => parseOptions(['--nope'], spec), (e: Error) => e instanceof UsageError && /unknown option '--nope'/.test(e.message));
    assert.throws(() => parseOptions(['--batch'], spec), /needs a value/);
    assert.throws(() => parseOptions(['--batch', 'x'], spec), /needs a number, got 'x'/);
});
