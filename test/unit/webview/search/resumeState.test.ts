// Which card states offer Resume: a run stopped before its end, or one that could not score
// everything; never a running, complete or failed one.
import assert from 'node:assert/strict';
import test from 'node:test';
import { isResumable } from '../../../../webview/search/format';

test('onlyAStoppedOrIncompleteRunIsResumableFromItsCard', () => {
    assert.ok(isResumable('stopped'));
    assert.ok(isResumable('incomplete'));
    for (const s of ['starting', 'running', 'stopping', 'complete', 'failed', undefined] as const)
        assert.equal(isResumable(s), false, String(s));
});
