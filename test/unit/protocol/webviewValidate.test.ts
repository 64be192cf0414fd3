// Messages from a webview are untrusted: known ones pass as they are, malformed ones get a reason.
import assert from 'node:assert/strict';
import test from 'node:test';
import {
    MAX_COLUMN_LENGTH,
    MAX_SOURCE_LENGTH,
    validateWebviewMessage,
} from '../../../src/protocol/webviewValidate';

test('wellFormedWebviewMessagesPass', () => {
    for (const m of [
        { type: 'ready' },
        { type: 'openSource', source: '/w/a.arch.yaml:3' },
        { type: 'exportCsv' },
        { type: 'exportJson' },
        { type: 'useLibra', column: 'cifar10_test_acc' },
        { type: 'useLibra', column: 'top-1 (%)' },
    ]) {
        assert.deepEqual(validateWebviewMessage(m), { ok: true, message: m });
    }
});

test('malformedWebviewMessagesAreRejectedWithAReason', () => {
    const cases: [unknown, RegExp][] = [
        [null, /must be an object, not null/],
        ['ready', /must be an object, not 'ready'/],
        [[{ type: 'ready' }], /not an array/],
        [{}, /unknown message type undefined/],
        [{ type: 'rankings', rows: [] }, /unknown message type 'rankings'/],
        [{ type: 'toString' }, /unknown message type 'toString'/],
        [{ type: 'ready', extra: 1 }, /ready: unexpected field extra/],
        [{ type: 'openSource' }, /source must be a non-empty string, not undefined/],
        [{ type: 'openSource', source: 42 }, /source must be a non-empty string, not 42/],
        [{ type: 'openSource', source: '' }, /non-empty/],
        [{ type: 'openSource', source: 'a\0b' }, /NUL/],
        [{ type: 'openSource', source: 'x'.repeat(MAX_SOURCE_LENGTH + 1) }, /longer than/],
        [{ type: 'exportCsv', path: '/etc/passwd' }, /exportCsv: unexpected field path/],
        [{ type: 'useLibra' }, /useLibra: column must be a non-empty string, not undefined/],
        [{ type: 'useLibra', column: '' }, /useLibra: column must be a non-empty string/],
        [{ type: 'useLibra', column: ['cifar10'] }, /not an array/],
        [{ type: 'useLibra', column: { toString: 1 } }, /not object/],
        [{ type: 'useLibra', column: 'x'.repeat(MAX_COLUMN_LENGTH + 1) }, /longer than 256/],
        [{ type: 'useLibra', column: 'acc\nrm -rf' }, /control character/],
        [{ type: 'useLibra', column: 'acc\u0000' }, /control character/],
        [
            { type: 'useLibra', column: 'cifar10', picks: ['lswag'] },
            /useLibra: unexpected field picks/,
        ],
    ];
    for (const [input, reason] of cases) {
        const r = validateWebviewMessage(input);
        assert.equal(r.ok, false, JSON.stringify(input)?.slice(0, 60));
        if (!r.ok) assert.match(r.reason, reason);
    }
});
